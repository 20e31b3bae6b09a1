"""Pure deadline arithmetic of toegang: the clocks that start with a melding, and when a
deadline is near or has passed. No I/O; built on ``wmokernel.calendar``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from wmokernel.calendar import add_werkdagen, extend_to_werkdag, term_end, werkdagen_between
from wmokernel.normen import EERSTE_CONTACT_WERKDAGEN, ONDERZOEK_WEKEN, PERSOONLIJK_PLAN_DAGEN
from wmokernel.termijnen import Signaal, scan_horizon, signaal

__all__ = ["EERSTE_CONTACT_WERKDAGEN", "ONDERZOEK_WEKEN", "PERSOONLIJK_PLAN_DAGEN",
           "MeldingTermijnen", "Signaal", "eerste_contact_werkdagen", "scan_horizon",
           "schort_op", "signaal", "termijnen", "verleng"]


@dataclass(frozen=True)
class MeldingTermijnen:
    eerste_contact_uiterlijk: date
    onderzoek_uiterlijk: date
    persoonlijk_plan_uiterlijk: date


@functools.lru_cache(maxsize=1024)  # pure, and every melding of a day asks the same
def termijnen(gemeld_op: date) -> MeldingTermijnen:
    """The deadlines that start with a melding on ``gemeld_op``.

    First contact is a norm in werkdagen (the melding day itself does not count); the
    onderzoek (6 weeks) and the persoonlijk plan (7 days) are legal terms that run from the day
    after the melding and are extended per the Algemene termijnenwet.
    """
    return MeldingTermijnen(
        eerste_contact_uiterlijk=add_werkdagen(gemeld_op, EERSTE_CONTACT_WERKDAGEN),
        onderzoek_uiterlijk=term_end(gemeld_op, weeks=ONDERZOEK_WEKEN),
        persoonlijk_plan_uiterlijk=term_end(gemeld_op, days=PERSOONLIJK_PLAN_DAGEN),
    )


def eerste_contact_werkdagen(gemeld_op: date, contact_op: date) -> int:
    """Werkdagen from the melding to the first contact (same day = 0)."""
    return werkdagen_between(gemeld_op, contact_op)


def verleng(uiterlijk: date, *, weken: int) -> date:
    """A deadline extended by ``weken`` weeks (a new term from the old deadline)."""
    if weken < 1:
        raise ValueError("an extension is at least one week")
    return term_end(uiterlijk, weeks=weken)


def schort_op(uiterlijk: date, van: date, tot_en_met: date) -> date:
    """A deadline moved by a suspension from ``van`` to ``tot_en_met`` (inclusive): the days of
    the suspension that fall on or before the deadline are added to it."""
    if tot_en_met < van:
        raise ValueError("a suspension ends on or after the day it starts")
    if van > uiterlijk:
        raise ValueError("a suspension must start on or before the deadline")
    dagen = (min(tot_en_met, uiterlijk) - van).days + 1
    return extend_to_werkdag(uiterlijk + timedelta(days=dagen))

