"""API models of the iWmo berichtenverkeer: messages, their retourcodes and the verzoeken."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field
from wmokernel.events.iwmo import VerzoekUitkomst
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel


class RetourOut(CamelModel):
    """One WJ001 retourcode on one part of an incoming message."""

    code: str = Field(description="iWmo WJ001; 0200 and 8001: approved")
    betekenis: str
    onderdeel: str = Field(description="Header, StartProduct 1, Prestatie RN001, …")
    toelichting: str | None = None


class BerichtOut(CamelModel):
    id: uuid.UUID
    richting: Literal["in", "uit"]
    berichttype: str
    afzender: str
    ontvanger: str
    aanbieder: str = Field(description="AGB code of the provider involved")
    identificatie: str
    dagtekening: date
    client_id: str | None
    status: str = Field(description="uit: nieuw, opgehaald; in: goedgekeurd, deels-afgekeurd, "
                                    "afgekeurd")
    retour: list[RetourOut]
    verzoek_id: uuid.UUID | None
    opgehaald_op: datetime | None
    aangemaakt_op: datetime
    xml: str = Field(description="link to the message itself (Accept: application/xml)")


class BerichtVerwerkingOut(BerichtOut):
    """The outcome of an incoming message: its retourcodes per part (there is no separate
    retour schema in the reference set, so the retour travels in this answer)."""

    duplicaat: bool = Field(description="true when this message was received before; the "
                                        "stored outcome is returned and nothing happens again")


class BerichtList(Page):
    items: list[BerichtOut]


class VerzoekOut(CamelModel):
    id: uuid.UUID
    soort: Literal["vot", "vow"]
    bericht_id: uuid.UUID
    aanbieder: str
    client_id: str
    referentie_aanbieder: str
    productcategorie: str | None
    product_code: str | None
    ingangsdatum: date | None
    einddatum: date | None
    inhoud: dict[str, Any]
    ontvangen_op: date
    antwoord_uiterlijk: date = Field(description="5 werkdagen after receipt")
    status: str = Field(description="ontvangen, in-onderzoek, afgewezen, toegewezen")
    definitief_uiterlijk: date | None = Field(description="8 weeks after 'in onderzoek'")
    beantwoord_op: date | None
    reden_afwijzing: str | None
    toewijzing_id: uuid.UUID | None


class VerzoekList(Page):
    items: list[VerzoekOut]


class AntwoordIn(CamelModel):
    """The gemeente's answer (WMO319) on a verzoek."""

    uitkomst: Literal[VerzoekUitkomst.IN_ONDERZOEK, VerzoekUitkomst.AFGEWEZEN]
    reden_afwijzing: Literal["1", "2", "3", "4", "5", "6", "7", "8", "9"] | None = Field(
        default=None, description="iWmo WJ759, required to refuse")


class WijzigingToekenningIn(CamelModel):
    """Grant a verzoek om wijziging as a whole."""

    beschikt_product_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=50,
        description="the granted products (of a beschikking) for the verzoek's new products, "
                    "and for a product to change beyond what its beschikking granted; matched "
                    "by product code")
