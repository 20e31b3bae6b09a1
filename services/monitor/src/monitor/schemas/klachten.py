"""The klachten per organisation (Awb chapter 9)."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from wmokernel.events.klachten import KlachtBetreft
from wmokernel.wire.apimodel import CamelModel

Telling = int | None


class KlachtUitkomsten(CamelModel):
    """Handled klachten per outcome."""

    gegrond: Telling
    deels_gegrond: Telling
    ongegrond: Telling
    ingetrokken: Telling
    niet_in_behandeling: Telling = Field(description="not taken into handling (Awb 9:8)")


class KlachtenOrganisatie(CamelModel):
    """One organisation's klachten received in the year, as they stood on the peildatum.
    Counts of 1–4, and counts that would give them away by subtraction, are null for
    suppressed readers."""

    betreft: KlachtBetreft
    organisatie_code: str = Field(description="CBS code, team code or AGB code")
    ontvangen: Telling
    afgehandeld: Telling = Field(description="handled on or before the peildatum")
    tijdig: Telling = Field(description="handled within the term in force (Awb 9:11; 9:8 lid "
                                        "3 for niet-in-behandeling)")
    aandeel_tijdig: float | None = Field(description="tijdig as a percentage of afgehandeld")
    open: Telling
    open_termijn_verstreken: Telling = Field(description="open past the term in force on the "
                                                         "peildatum")
    uitkomsten: KlachtUitkomsten
    onderdrukt: bool = Field(description="some figures of the row are hidden")


class KlachtenOverzicht(CamelModel):
    """Klachten per organisation against the terms of Awb chapter 9: handled within 6 weeks of
    receipt (10 with a klachtadviescommissie), once postponed by 4 weeks at most."""

    jaar: int
    peildatum: date
    onderdrukt: bool = Field(description="small numbers are suppressed for this reader")
    organisaties: list[KlachtenOrganisatie]
