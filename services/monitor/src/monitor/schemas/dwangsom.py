"""The API's model of the dwangsom bij niet tijdig beslissen (Awb 4:17)."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from wmokernel.wire.apimodel import CamelModel


class DwangsomTelling(CamelModel):
    """Ingebrekestellingen and what they owe on the peildatum; for readers other than the
    gemeente both null when 1-4."""

    aantal: int | None
    verschuldigd_cents: int | None


class LopendeDwangsommen(DwangsomTelling):
    nog_mogelijk_cents: int | None = Field(
        description="what they can still add until their 42nd day if no decision comes")


class VastgesteldeDwangsommen(CamelModel):
    jaar: int
    aantal: int | None
    bedrag_cents: int | None = Field(description="set by beschikking (Awb 4:18) from 1 "
                                                 "January up to the peildatum")


class DwangsomPrognose(CamelModel):
    aanvragen_termijn_verstreken: int | None = Field(
        description="open aanvragen past their decision term without an ingebrekestelling")
    maximaal_cents: int | None = Field(
        description="the most they would cost if each got an ingebrekestelling on the "
                    "peildatum: EUR 1,442 each")


class DwangsomOverzicht(CamelModel):
    """What late decisions cost on the peildatum, by the rule of Awb 4:17 (EUR 23 a day for
    days 1-14, 35 for 15-28, 45 for 29-42, from 2 weeks after the ingebrekestelling)."""

    peildatum: date
    maximum_per_ingebrekestelling_cents: int
    lopend: LopendeDwangsommen = Field(description="still accruing, or not yet begun")
    vast_te_stellen: DwangsomTelling = Field(
        description="ended (decision given or 42 days owed), not yet set by beschikking")
    vastgesteld: VastgesteldeDwangsommen
    prognose: DwangsomPrognose
