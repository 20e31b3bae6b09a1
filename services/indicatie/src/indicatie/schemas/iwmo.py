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
    """One WJ001 retourcode on one part of a message: ours on an incoming message, or the
    provider's (from its WMO302/320) on an outgoing one."""

    code: str = Field(description="iWmo WJ001; 0200 and 8001: approved")
    betekenis: str
    onderdeel: str = Field(description="Header, StartProduct 1, Prestatie RN001, …")
    toelichting: str | None = Field(default=None, description="why, where the code alone "
                                                              "does not say (every 0001)")
    klasse: str | None = Field(default=None, description="the berichtklasse (XML element) "
                                                         "the code is on in the retourbericht")
    nummer: int | None = Field(default=None, description="which element of that klasse, "
                                                         "1-based in document order")


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
    status: str = Field(description="uit: nieuw, opgehaald, retour-ontvangen, retour-afgekeurd "
                                    "(the provider's retour refused a part); in: goedgekeurd, "
                                    "deels-afgekeurd, afgekeurd; a provider's retour: verwerkt")
    retour: list[RetourOut] = Field(description="in: our retourcodes; uit: the provider's "
                                                "(from its retourbericht)")
    verzoek_id: uuid.UUID | None
    opgehaald_op: datetime | None
    aangemaakt_op: datetime
    xml: str = Field(description="link to the message itself (Accept: application/xml)")
    retour_bericht_id: uuid.UUID | None = Field(
        default=None, description="the retourbericht that answers this message: ours "
                                  "(WMO306/308/316/318/325) on an incoming one, the provider's "
                                  "(WMO302/320) on an outgoing one")
    retour_bericht: str | None = Field(default=None, description="link to that retourbericht")
    origineel_bericht_id: uuid.UUID | None = Field(
        default=None, description="on a retourbericht: the message it answers")


class PrestatieToekenningOut(CamelModel):
    referentie: str
    debet_credit: Literal["D", "C"]
    ingediend_cents: int = Field(description="signed: a credit prestatie is negative")
    toegekend_cents: int = Field(description="signed; 0 when the prestatie was refused")


class DeclaratieToekenningOut(CamelModel):
    """What a declaratie (WMO323) asked and what was approved, as in its WMO325."""

    declaratienummer: str
    ingediend_cents: int
    toegekend_cents: int = Field(description="the sum of the approved prestaties, debet minus "
                                             "credit")
    prestaties: list[PrestatieToekenningOut]


class BerichtVerwerkingOut(BerichtOut):
    """The outcome of an incoming message: its retourcodes per part (with toelichting), and
    the retourbericht (XML) that is put in the provider's mailbox (`retourBerichtId`)."""

    duplicaat: bool = Field(description="true when this message was received before; the "
                                        "stored outcome is returned and nothing happens again")
    verzoek_ids: list[uuid.UUID] = Field(
        default_factory=list, description="every verzoek the message made (a WMO315 makes one "
                                          "per aangevraagd product); verzoekId is the first")
    declaratie: DeclaratieToekenningOut | None = Field(
        default=None, description="a WMO323: ingediend and toegekend, per prestatie")


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
