"""The klacht (Awb chapter 9, klachtbehandeling): its handling term on the Algemene
termijnenwet calendar and the rules its steps follow. Pure functions, no I/O.

The gemeente registers klachten about itself, a buurtteam or a provider (the seeds require a
klachtenregeling of every partner, 002 L1682-1688) and applies the Awb's terms to all of them:

- written acknowledgement of receipt (9:6) before the klacht is handled;
- the klager heard (9:10 lid 1) before the klacht is judged, unless hearing is waived on a
  ground of 9:10 lid 2;
- handled within 6 weeks of receipt, 10 weeks when a klachtadviescommissie advises (9:11 lid 1
  with afdeling 9.1.3); postponed once by at most 4 weeks, with written notice (9:11 lid 2);
- a klacht not taken into handling (9:8) is notified within 4 weeks of receipt (9:8 lid 3).

Each term runs from the day after receipt and ends per the Algemene termijnenwet: a last day on
a Saturday, Sunday or feestdag (``wmokernel.calendar``) moves to the next werkdag.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from wmokernel.calendar import term_end
from wmokernel.events.klachten import KlachtBetreft, KlachtUitkomst
from wmokernel.normen import (
    KLACHT_AFHANDELTERMIJN_ADVIESCOMMISSIE_WEKEN,
    KLACHT_AFHANDELTERMIJN_WEKEN,
    KLACHT_NIET_IN_BEHANDELING_WEKEN,
    KLACHT_VERDAGING_WEKEN,
)
from wmokernel.regio import CENTRUMGEMEENTE, U16_GEMEENTEN

from .statussen import StateMachine

IN_BEHANDELING = "in-behandeling"
AFGEHANDELD = "afgehandeld"

# Acknowledging, hearing and postponing keep the klacht in handling; handling it ends it.
KLACHT = StateMachine("klacht", {
    (IN_BEHANDELING, "bevestigen"): IN_BEHANDELING,
    (IN_BEHANDELING, "horen"): IN_BEHANDELING,
    (IN_BEHANDELING, "verdagen"): IN_BEHANDELING,
    (IN_BEHANDELING, "afhandelen"): AFGEHANDELD,
})

# Outcomes that judge the klacht: only after the klager was heard or hearing was waived.
BEOORDELINGEN = frozenset({KlachtUitkomst.GEGROND, KlachtUitkomst.DEELS_GEGROND,
                           KlachtUitkomst.ONGEGROND})


class AfzienGrond(StrEnum):
    """Why the klager is not heard: the grounds of Awb 9:10 lid 2."""

    KENNELIJK_ONGEGROND = "kennelijk-ongegrond"  # a
    KLAGER_WIL_NIET = "klager-wil-niet-gehoord-worden"  # b
    GEEN_REACTIE = "geen-reactie-binnen-termijn"  # c


class KlachtRegel(ValueError):
    """A step the Awb does not allow; ``artikel`` names the rule (an HTTP 422)."""

    def __init__(self, artikel: str, detail: str) -> None:
        super().__init__(f"{artikel}: {detail}")
        self.artikel = artikel


def beslissen_uiterlijk(ontvangen_op: date, adviescommissie: bool, verdaagd: bool = False
                        ) -> date:
    """Last day to handle the klacht: 6 weeks after receipt (10 with a klachtadviescommissie);
    once postponed, 4 weeks more, running from the day after that last day as the calendar
    moved it (the postponement extends the term in force), and moved again if need be."""
    weken = (KLACHT_AFHANDELTERMIJN_ADVIESCOMMISSIE_WEKEN if adviescommissie
             else KLACHT_AFHANDELTERMIJN_WEKEN)
    uiterlijk = term_end(ontvangen_op, weeks=weken)
    if verdaagd:
        uiterlijk = term_end(uiterlijk, weeks=KLACHT_VERDAGING_WEKEN)
    return uiterlijk


def niet_in_behandeling_uiterlijk(ontvangen_op: date) -> date:
    """Last day to tell the klager the klacht is not taken into handling (Awb 9:8 lid 3)."""
    return term_end(ontvangen_op, weeks=KLACHT_NIET_IN_BEHANDELING_WEKEN)


def verdagen(ontvangen_op: date, adviescommissie: bool, al_verdaagd: bool,
             mededeling_op: date) -> date:
    """The new last day after postponing; refused a second time, and once the term in force
    has ended (a term that has passed cannot be postponed)."""
    if al_verdaagd:
        raise KlachtRegel("Awb 9:11 lid 2", "the handling of a klacht may be postponed only "
                          f"once, by at most {KLACHT_VERDAGING_WEKEN} weeks; further delay needs "
                          "the klager's written consent (lid 3)")
    huidig = beslissen_uiterlijk(ontvangen_op, adviescommissie)
    if mededeling_op > huidig:
        raise KlachtRegel("Awb 9:11 lid 2", "the notice of postponement is sent within the "
                          f"handling term, which ended on {huidig.isoformat()}")
    return term_end(huidig, weeks=KLACHT_VERDAGING_WEKEN)


def toets_afhandeling(uitkomst: KlachtUitkomst, ontvangstbevestiging_op: date | None,
                      gehoord: bool, afzien_grond: AfzienGrond | None) -> None:
    """Raises when the klacht may not be handled with ``uitkomst`` yet: not acknowledged,
    judged without hearing, or judged other than ongegrond after hearing was waived because
    the klacht was kennelijk ongegrond."""
    if ontvangstbevestiging_op is None:
        raise KlachtRegel("Awb 9:6", "the receipt of the klacht is acknowledged in writing "
                          "before it is handled")
    if uitkomst not in BEOORDELINGEN:
        return
    if not gehoord and afzien_grond is None:
        raise KlachtRegel("Awb 9:10", "the klager is heard, or hearing is waived on a ground "
                          "of lid 2, before the klacht is judged")
    if afzien_grond == AfzienGrond.KENNELIJK_ONGEGROND and uitkomst != KlachtUitkomst.ONGEGROND:
        raise KlachtRegel("Awb 9:10 lid 2 sub a", "hearing was waived because the klacht was "
                          "kennelijk ongegrond: it cannot then be judged (deels) gegrond")


def toetsingsdatum(uitkomst: KlachtUitkomst, ontvangen_op: date, uiterlijk: date) -> date:
    """The last day a handling with ``uitkomst`` is judged against: 4 weeks for niet in
    behandeling (Awb 9:8 lid 3), else the handling term in force."""
    if uitkomst == KlachtUitkomst.NIET_IN_BEHANDELING:
        return niet_in_behandeling_uiterlijk(ontvangen_op)
    return uiterlijk


def termijn_overschreden(status: str, uiterlijk: date, tijdig: bool | None,
                         peildatum: date) -> bool:
    """Open past its last day on ``peildatum``, or handled late."""
    if status == AFGEHANDELD:
        return tijdig is False
    return peildatum > uiterlijk


class OngeldigeOrganisatie(ValueError):
    """The organisation a klacht names does not fit its kind (an HTTP 422)."""


def organisatie(soort: KlachtBetreft, code: str | None) -> tuple[str, str | None]:
    """The organisation's code and, where the platform knows it, its name, for a klacht about
    the gemeente (a U16 municipality by CBS code, Utrecht when none is given) or a buurtteam
    (its team code). A provider is looked up by its AGB code in the reference data."""
    if soort == KlachtBetreft.GEMEENTE:
        code = code or CENTRUMGEMEENTE
        if code not in U16_GEMEENTEN:
            raise OngeldigeOrganisatie(f"gemeente {code!r} is not a U16 municipality (CBS code)")
        return code, U16_GEMEENTEN[code]
    if code is None:
        raise OngeldigeOrganisatie(f"a klacht about a {soort.value} names its organisatieCode")
    if soort == KlachtBetreft.AANBIEDER and not (len(code) == 8 and code.isdigit()):
        raise OngeldigeOrganisatie("a provider is named by its AGB code (8 digits)")
    return code, None
