"""The iWmo terms the projections judge as the facts come in (the terms themselves are in
``wmokernel.normen``)."""

from __future__ import annotations

from datetime import date

from wmokernel import normen
from wmokernel.calendar import add_werkdagen
from wmokernel.events import iwmo

REGIEBERICHT_WERKDAGEN = normen.IWMO_REGIEBERICHT_WERKDAGEN


def melding_binnen_termijn(feit: date, gemeld_op: date | None) -> bool | None:
    """Whether a start or stop message came in time (None: the day it came is not known)."""
    if gemeld_op is None:
        return None
    return gemeld_op <= add_werkdagen(feit, REGIEBERICHT_WERKDAGEN)


def antwoord_fase(p: iwmo.VerzoekBeantwoord) -> str:
    """"definitief" for the answer that follows "in onderzoek" (it carries the 8-week date
    that the "in onderzoek" answer set), else "eerste"."""
    if p.uitkomst != iwmo.VerzoekUitkomst.IN_ONDERZOEK and p.definitief_uiterlijk is not None:
        return "definitief"
    return "eerste"
