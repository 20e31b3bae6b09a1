"""The bezwaar procedure after registration and the beroep that may follow it: postponing the
decision term (Awb 7:10 lid 3 and 4), hearing the indiener or not (Awb 7:2, 7:3) and the
beroepstermijn (Awb 6:7, 6:8). Pure functions on the Algemene termijnenwet calendar, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from wmokernel.calendar import term_end
from wmokernel.events.indicatie import (
    BeroepUitspraak,
    BezwaarUitkomst,
    VerdagingSoort,
)
from wmokernel.normen import BEROEPSTERMIJN_WEKEN, BEZWAAR_VERDAGING_MAX_WEKEN


class ProcedureFout(ValueError):
    """A rule of the Awb procedure is broken (an HTTP 422); the message names the rule."""


# --- verdaging (Awb 7:10 lid 3 and 4) --------------------------------------------------------


@dataclass(frozen=True)
class Verdaging:
    soort: VerdagingSoort
    weken: int
    oude_uiterlijk: date
    nieuwe_uiterlijk: date


def verdaag(uiterlijk: date, weken: int, verzonden_op: date, *, met_instemming: bool,
            al_verdaagd: bool) -> Verdaging:
    """Postpone the decision term that now ends on ``uiterlijk``.

    Without consent it is the one verdaging of lid 3, by at most 6 weeks; any further
    postponement needs the indiener's consent (lid 4), which the law does not bound in weeks.
    Either way the notice is sent while the term still runs. The new term runs from the day
    after the current one ends (already extended per the Algemene termijnenwet), and ends
    on the termijnenwet calendar again.
    """
    if weken < 1:
        raise ProcedureFout("a postponement is at least one week")
    if verzonden_op > uiterlijk:
        raise ProcedureFout(
            f"Awb 7:10: the decision term ended on {uiterlijk.isoformat()}; a postponement "
            "must be sent before the term ends")
    if not met_instemming:
        if al_verdaagd:
            raise ProcedureFout(
                "Awb 7:10 lid 3: the decision on a bezwaar may be postponed only once; further "
                "postponement needs the consent of the indiener (Awb 7:10 lid 4, metInstemming)")
        if weken > BEZWAAR_VERDAGING_MAX_WEKEN:
            raise ProcedureFout(
                f"Awb 7:10 lid 3: the decision on a bezwaar may be postponed by at most "
                f"{BEZWAAR_VERDAGING_MAX_WEKEN} weeks; longer needs the consent of the indiener "
                "(Awb 7:10 lid 4, metInstemming)")
    soort = VerdagingSoort.UITSTEL_MET_INSTEMMING if met_instemming else VerdagingSoort.VERDAGING
    return Verdaging(soort=soort, weken=weken, oude_uiterlijk=uiterlijk,
                     nieuwe_uiterlijk=term_end(uiterlijk, weeks=weken))


# --- hoorzitting (Awb 7:2, 7:3) --------------------------------------------------------------


class AfzienVanHoren(StrEnum):
    """The grounds of Awb 7:3 on which the indiener need not be heard."""

    KENNELIJK_NIET_ONTVANKELIJK = "kennelijk-niet-ontvankelijk"  # 7:3 sub a
    KENNELIJK_ONGEGROND = "kennelijk-ongegrond"  # 7:3 sub b
    INDIENER_ZIET_AF = "indiener-ziet-af"  # 7:3 sub c
    GEEN_REACTIE = "geen-reactie"  # 7:3 sub d: no answer within the term set to say so
    VOLLEDIG_TEGEMOETGEKOMEN = "volledig-tegemoetgekomen"  # 7:3 sub e


# A waiver on the bezwaar's merits only fits the decision it foresaw.
_AFZIEN_PAST_BIJ = {
    AfzienVanHoren.KENNELIJK_NIET_ONTVANKELIJK: BezwaarUitkomst.NIET_ONTVANKELIJK,
    AfzienVanHoren.KENNELIJK_ONGEGROND: BezwaarUitkomst.ONGEGROND,
    AfzienVanHoren.VOLLEDIG_TEGEMOETGEKOMEN: BezwaarUitkomst.GEGROND,
}


def toets_horen(uitkomst: BezwaarUitkomst, gehoord_op: date | None,
                afgezien: AfzienVanHoren | None) -> None:
    """Awb 7:2: the indiener is heard before the decision, unless a ground of 7:3 applies.

    A bezwaar that is withdrawn ends without a decision on it, and one found fully gegrond
    needs no hearing (7:3 sub e); any other outcome needs a hearing or a recorded waiver,
    and a waiver on the merits (sub a, b, e) only with the outcome it foresaw.
    """
    if uitkomst == BezwaarUitkomst.INGETROKKEN:
        return
    if gehoord_op is None and afgezien is None and uitkomst != BezwaarUitkomst.GEGROND:
        raise ProcedureFout(
            "Awb 7:2: the indiener is heard before a bezwaar is decided; record the hoorzitting "
            "or the ground of Awb 7:3 on which it was not held")
    if afgezien is not None and _AFZIEN_PAST_BIJ.get(afgezien, uitkomst) != uitkomst:
        raise ProcedureFout(
            f"Awb 7:3: the hearing was waived as {afgezien.value!r}, which does not fit a "
            f"bezwaar decided {uitkomst.value!r}")


# --- beroep (Awb 6:7, 6:8, 8:1) --------------------------------------------------------------


def beroep_mogelijk(uitkomst: BezwaarUitkomst) -> bool:
    """A withdrawn bezwaar leaves no besluit op bezwaar to appeal against."""
    return uitkomst != BezwaarUitkomst.INGETROKKEN


def beroep_uiterlijk(verzonden_op: date) -> date:
    """Last day for beroep: 6 weeks from the day after the besluit op bezwaar was sent."""
    return term_end(verzonden_op, weeks=BEROEPSTERMIJN_WEKEN)


def beroep_tijdig(verzonden_op: date, ingesteld_op: date) -> bool:
    """Whether the beroep came within the term; a late one is still registered: whether the
    delay is excusable (Awb 6:11) is for the rechtbank to judge."""
    return ingesteld_op <= beroep_uiterlijk(verzonden_op)


def nieuwe_beschikking_nodig(uitspraak: BeroepUitspraak) -> bool:
    """A gegrond beroep annuls the besluit op bezwaar: the gemeente decides anew (Awb 8:72)."""
    return uitspraak == BeroepUitspraak.GEGROND
