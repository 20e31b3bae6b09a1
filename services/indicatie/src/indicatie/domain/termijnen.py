"""Legal terms of indicatie, on the Algemene termijnenwet calendar. Pure functions, no I/O."""

from __future__ import annotations

from datetime import date, timedelta

from wmokernel.calendar import term_end
from wmokernel.normen import (
    BESLISTERMIJN_WEKEN,
    BEZWAAR_BESLISTERMIJN_ADVIESCOMMISSIE_WEKEN,
    BEZWAAR_BESLISTERMIJN_WEKEN,
    BEZWAARTERMIJN_WEKEN,
    CAK_MELDTERMIJN_MAANDEN,
    CAK_MELDTERMIJN_PGB_MAANDEN,
    HERBEOORDELING_MAANDEN,
    HERBEOORDELING_WEKEN_VOOR_EINDE,
    NADERT_WERKDAGEN,
    WACHTNORM_AANVULLENDE_ZORG_DAGEN,
)
from wmokernel.normen import ONDERZOEK_WEKEN as ONDERZOEKSTERMIJN_WEKEN
from wmokernel.termijnen import Signaal
from wmokernel.termijnen import signaal as _signaal

WACHTNORM_DAGEN = WACHTNORM_AANVULLENDE_ZORG_DAGEN
__all__ = ["NADERT_WERKDAGEN", "ONDERZOEKSTERMIJN_WEKEN", "WACHTNORM_DAGEN"]


def beslissen_uiterlijk(ontvangen_op: date, opgeschorte_dagen: int = 0) -> date:
    """Last day for the beschikking: 2 weeks after the aanvraag, plus suspended days (Awb 4:15),
    extended per the Algemene termijnenwet."""
    if opgeschorte_dagen < 0:
        raise ValueError("opgeschorte_dagen must be >= 0")
    return term_end(ontvangen_op, weeks=BESLISTERMIJN_WEKEN, days=opgeschorte_dagen)


def onderzoek_verstreken(gemeld_op: date, op: date) -> bool:
    """True when the 6-week onderzoek term after the melding has ended before ``op``."""
    return op > term_end(gemeld_op, weeks=ONDERZOEKSTERMIJN_WEKEN)


def opschorting_dagen(van: date, tot_en_met: date) -> int:
    if tot_en_met < van:
        raise ValueError("the suspension ends before it starts")
    return (tot_en_met - van).days + 1


def bezwaar_uiterlijk(afgegeven_op: date) -> date:
    """Last day to file a bezwaar: 6 weeks from the day after the beschikking was sent."""
    return term_end(afgegeven_op, weeks=BEZWAARTERMIJN_WEKEN)


def bezwaar_tijdig(afgegeven_op: date, ingediend_op: date) -> bool:
    return ingediend_op <= bezwaar_uiterlijk(afgegeven_op)


def bezwaar_beslissen_uiterlijk(afgegeven_op: date, ingediend_op: date,
                                adviescommissie: bool) -> date:
    """Awb 7:10: 6 weeks (12 with an advisory committee) from the day after the bezwaartermijn
    ended; for a late bezwaar, from the day after it was received."""
    start = max(bezwaar_uiterlijk(afgegeven_op), ingediend_op)
    weken = (BEZWAAR_BESLISTERMIJN_ADVIESCOMMISSIE_WEKEN if adviescommissie
             else BEZWAAR_BESLISTERMIJN_WEKEN)
    return term_end(start, weeks=weken)


def cak_melden_uiterlijk(afgegeven_op: date, pgb: bool) -> date:
    """The provision is reported to the CAK within 1 month of the beschikking (PGB 4 months)."""
    months = CAK_MELDTERMIJN_PGB_MAANDEN if pgb else CAK_MELDTERMIJN_MAANDEN
    return term_end(afgegeven_op, months=months)


def wachtdagen(verwezen_op: date, startdatum: date) -> int:
    return max(0, (startdatum - verwezen_op).days)


def binnen_wachtnorm(verwezen_op: date, startdatum: date) -> bool:
    return wachtdagen(verwezen_op, startdatum) <= WACHTNORM_DAGEN


def signaal(uiterlijk: date, peildatum: date) -> Signaal | None:
    """Which deadline signal is due on ``peildatum`` (the kernel's one rule, with the default
    NADERT_WERKDAGEN)."""
    return _signaal(uiterlijk, peildatum)


def herbeoordeling_op(ingangsdatum: date, einddatum: date | None) -> date:
    """Periodic review: a year after the start, or 8 weeks before the end if that is sooner."""
    jaar_later = term_end(ingangsdatum, months=HERBEOORDELING_MAANDEN)
    if einddatum is None:
        return jaar_later
    return max(ingangsdatum,
               min(jaar_later, einddatum - timedelta(weeks=HERBEOORDELING_WEKEN_VOOR_EINDE)))
