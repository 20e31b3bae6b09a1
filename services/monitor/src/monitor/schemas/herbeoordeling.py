"""Herbeoordelingen and the step to the Wlz as figures."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from wmokernel.wire.apimodel import CamelModel

Telling = int | None


class HerbeoordelingenOverzicht(CamelModel):
    """The reviews whose herbeoordeling date falls in the year, as they stand on the
    peildatum. ``opTijd + teLaat + verlopenZonderBesluit + vervallen + open = teBeoordelen``.
    Counts of 1–4, and a count that would give one away by subtraction, are null for
    suppressed readers."""

    jaar: int
    peildatum: date
    onderdrukt: bool = Field(description="small numbers are suppressed for this reader")
    te_beoordelen: Telling = Field(description="reviews due in the year (signalled)")
    op_tijd: Telling = Field(description="decided on or before the herbeoordeling date")
    te_laat: Telling = Field(description="decided after the herbeoordeling date")
    verlopen_zonder_besluit: Telling = Field(
        description="the einddatum passed without a decision: the care was ended")
    vervallen: Telling = Field(description="moot: the care ended or moved otherwise (a stop "
                                           "by the provider, a change, the Wlz)")
    open: Telling = Field(description="not decided or closed yet")
    open_achterstallig: Telling = Field(description="open while the herbeoordeling date has "
                                                    "passed on the peildatum")
    besloten: Telling
    voortgezet: Telling = Field(description="continued: a herindicatie aanvraag followed")
    beeindigd: Telling = Field(description="ended on the einddatum (or sooner)")
    aandeel_op_tijd: float | None = Field(
        description="opTijd as a percentage of the reviews that came to an end (decided, or "
                    "expired without decision); withheld when a count under it is hidden")


class WlzSignalenPerReden(CamelModel):
    permanent_toezicht: Telling
    zorg_in_de_nabijheid: Telling = Field(description="24-uurs zorg in de nabijheid")


class WlzOverzicht(CamelModel):
    """The step to the Wlz in the year: signals given, CIZ aanvragen made and the CIZ's
    outcomes (each counted in the year it happened); of the toekenningen, how many ended the
    Wmo care exactly the day before the Wlz started (no gap, no overlap)."""

    jaar: int
    onderdrukt: bool = Field(description="small numbers are suppressed for this reader")
    signalen: Telling
    signalen_per_reden: WlzSignalenPerReden
    ciz_aanvragen: Telling
    besloten: Telling
    toegekend: Telling
    afgewezen: Telling
    aansluitend: Telling = Field(description="toegekend, and the Wmo care in kind ended the "
                                             "day before the Wlz started")
    niet_aansluitend: Telling = Field(description="toegekend with a gap or an overlap, or "
                                                  "without Wmo care in kind to hand over")
