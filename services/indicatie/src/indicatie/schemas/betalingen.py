"""API models of the payment batches (betaalbatches) and the open saldi per provider."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import Field
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

Agb = Annotated[str, Field(pattern=r"^[0-9]{8}$", description="AGB code of the provider")]


class BetaalrunIn(CamelModel):
    """Which approved prestaties not yet paid to put in batches now."""

    aanbieder: str | None = Field(default=None, pattern=r"^[0-9]{8}$",
                                  description="only this provider (AGB code); default all")
    tot_en_met: date | None = Field(
        default=None, description="only prestaties whose ProductPeriode ends on or before "
                                  "this date; default all")
    uitvoeren_op: date | None = Field(
        default=None, description="requested execution date for the bank; default today")


class BetaalbatchOut(CamelModel):
    id: uuid.UUID
    nummer: int = Field(description="the batch's sequence number")
    aanbieder: Agb
    iban: str = Field(description="the provider's account paid")
    bic: str | None
    rekeninghouder: str
    totaal_cents: int = Field(gt=0, description="net amount paid: debet minus credit")
    aantal_prestaties: int
    status: Literal["aangemaakt", "verzonden", "betaald", "geweigerd"]
    aangemaakt_op: date
    uitvoeren_op: date
    verzonden_op: date | None
    betaald_op: date | None
    geweigerd_op: date | None
    reden_weigering: str | None
    msg_id: str = Field(description="MsgId of the pain.001 file")
    pain001: str = Field(description="link to the SEPA file (application/xml)")


class BetaalbatchList(Page):
    items: list[BetaalbatchOut]


class BetaaldePrestatieOut(CamelModel):
    id: uuid.UUID
    declaratienummer: str
    product_referentie: str
    toewijzing_id: uuid.UUID
    toewijzing_nummer: int
    productcategorie: str
    product_code: str
    begindatum: date = Field(description="ProductPeriode")
    einddatum: date
    debet_credit: Literal["D", "C"]
    bedrag_cents: int = Field(description="negative for a credit")


class BetaalbatchDetailOut(BetaalbatchOut):
    prestaties: list[BetaaldePrestatieOut]


class OvergeslagenOut(CamelModel):
    aanbieder: Agb
    naam: str
    reden: Literal["geen-geldige-bankgegevens", "saldo-niet-positief",
                   "betaalbestand-ongeldig"]
    toelichting: str
    saldo_cents: int = Field(description="net of the open prestaties")
    aantal_prestaties: int


class BetaalrunOut(CamelModel):
    batches: list[BetaalbatchOut] = Field(description="the batches made; empty when nothing "
                                                       "was left to pay")
    overgeslagen: list[OvergeslagenOut] = Field(
        description="providers with open prestaties that got no batch, with the reason")


class BetaalstatusIn(CamelModel):
    status: Literal["verzonden", "betaald", "geweigerd"]
    statusdatum: date | None = Field(default=None, description="when the status was reached; "
                                                             "default today")
    reden: str | None = Field(default=None, max_length=500,
                              description="the bank's reason; required for geweigerd")


class OpenSaldoOut(CamelModel):
    aanbieder: Agb
    naam: str
    saldo_cents: int = Field(description="net of the approved prestaties not yet paid; "
                                         "negative: an open credit")
    aantal_prestaties: int
    reden: Literal["geen-geldige-bankgegevens", "saldo-niet-positief"] | None = Field(
        description="why the next run pays nothing; null: it will pay")
    toelichting: str | None


class OpenSaldoList(Page):
    items: list[OpenSaldoOut]
