"""Herbeoordeling and the step to the Wlz: the signal window, the review's states, and where
Wmo care in kind ends when the Wlz starts. Pure functions, no I/O.

The window is a signal, not a legal term: plain calendar weeks before the date it warns of
(the herbeoordeling date itself was set on the termijnenwet calendar, ``termijnen``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .statussen import StateMachine


class Soort(StrEnum):
    """The two dates a running toewijzing is signalled for."""

    HERBEOORDELING = "herbeoordeling"
    EINDDATUM = "einddatum"


# open → a decision (voortgezet | beeindigd), the einddatum passing without one (verlopen),
# or the care ending otherwise (vervallen: stopped by the provider, replaced, Wlz).
HERBEOORDELING = StateMachine("herbeoordeling", {
    ("open", "voortzetten"): "voortgezet",
    ("open", "beeindigen"): "beeindigd",
    ("open", "verlopen"): "verlopen",
    ("open", "vervallen"): "vervallen",
})

# gesignaleerd → (CIZ aanvraag) aangevraagd → toegekend | afgewezen.
WLZ_OVERGANG = StateMachine("Wlz-overgang", {
    ("gesignaleerd", "aanvragen"): "aangevraagd",
    ("aangevraagd", "toekennen"): "toegekend",
    ("aangevraagd", "afwijzen"): "afgewezen",
})
WLZ_LOPEND = ("gesignaleerd", "aangevraagd")


def venster_begin(datum: date, weken: int) -> date:
    """The first day of the signal window of ``datum``."""
    return datum - timedelta(weeks=weken)


def in_venster(datum: date | None, peildatum: date, weken: int) -> bool:
    """True when ``datum`` lies within ``weken`` weeks after ``peildatum``, or has passed."""
    return datum is not None and peildatum >= venster_begin(datum, weken)


def horizon(peildatum: date, weken: int) -> date:
    """The latest date that is in the window on ``peildatum`` (to pre-select candidates)."""
    return peildatum + timedelta(weeks=weken)


def signalen(herbeoordeling_op: date | None, einddatum: date | None, peildatum: date,
             weken: int) -> list[tuple[Soort, date]]:
    """The signals due on ``peildatum``: each date that is in its window."""
    return [(soort, datum) for soort, datum in ((Soort.HERBEOORDELING, herbeoordeling_op),
                                                (Soort.EINDDATUM, einddatum))
            if datum is not None and in_venster(datum, peildatum, weken)]


def uiterlijk(herbeoordeling_op: date | None, einddatum: date | None) -> date:
    """The day the review is due: the herbeoordeling date, or the einddatum when sooner."""
    dates = [d for d in (herbeoordeling_op, einddatum) if d is not None]
    if not dates:
        raise ValueError("a toewijzing without herbeoordeling date and einddatum is not reviewed")
    return min(dates)


def verlopen(einddatum: date | None, peildatum: date) -> bool:
    """The care's einddatum has passed: it ended on that day."""
    return einddatum is not None and einddatum < peildatum


def tijdig(besloten_op: date, herbeoordeling_op: date) -> bool:
    """Decided on or before the herbeoordeling date."""
    return besloten_op <= herbeoordeling_op


# --- the step to the Wlz ----------------------------------------------------------------------

UITSTROOM_ANDER_DOMEIN = "06"  # iWmo WMO002: the client moves to another domain (the Wlz)


def laatste_wmo_dag(wlz_ingangsdatum: date) -> date:
    """Wmo care ends the day before the Wlz starts: no day without care, no day paid twice."""
    return wlz_ingangsdatum - timedelta(days=1)


class WlzActie(StrEnum):
    ONGEMOEID = "ongemoeid"  # it ends before the Wlz starts anyway
    BEEINDIGEN = "beeindigen"  # einddatum the day before the Wlz start (WMO002 06)
    INTREKKEN = "intrekken"  # it would only begin in the Wlz: withdrawn (WMO002 13)


@dataclass(frozen=True)
class WlzEinde:
    actie: WlzActie
    einddatum: date | None  # the toewijzing's einddatum after the step


def wmo_einde_bij_wlz(ingangsdatum: date, einddatum: date | None,
                      wlz_ingangsdatum: date) -> WlzEinde:
    """What becomes of a toewijzing from ``ingangsdatum`` to ``einddatum`` when the Wlz starts
    on ``wlz_ingangsdatum``."""
    if einddatum is not None and einddatum < wlz_ingangsdatum:
        return WlzEinde(WlzActie.ONGEMOEID, einddatum)
    if ingangsdatum >= wlz_ingangsdatum:
        return WlzEinde(WlzActie.INTREKKEN, ingangsdatum)
    return WlzEinde(WlzActie.BEEINDIGEN, laatste_wmo_dag(wlz_ingangsdatum))


def aansluitend(laatste_zorgdag: date | None, wlz_ingangsdatum: date) -> bool:
    """The Wmo care's last day is exactly the day before the Wlz starts (no gap, no
    overlap); False without any Wmo care in kind."""
    return laatste_zorgdag == laatste_wmo_dag(wlz_ingangsdatum)
