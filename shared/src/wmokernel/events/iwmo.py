"""Events of indicatie's iWmo 3.2 berichtenverkeer (WMO301/305/307/315/317/319/323), published
on ``wmo.indicatie.v1`` beside the dossier events of :mod:`wmokernel.events.indicatie`.

Payloads carry the pseudonymous client id only; the BSN stays inside the XML messages.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field

from ..wire.apimodel import CamelModel
from .base import TOPIC_INDICATIE, ClientId, EventPayload


class IwmoBerichttype(StrEnum):
    WMO301 = "WMO301"  # toewijzing (gemeente → aanbieder)
    WMO305 = "WMO305"  # start zorg (aanbieder → gemeente)
    WMO307 = "WMO307"  # stop zorg
    WMO315 = "WMO315"  # verzoek om toewijzing (VOT)
    WMO317 = "WMO317"  # verzoek om wijziging (VOW)
    WMO319 = "WMO319"  # antwoordbericht (gemeente → aanbieder)
    WMO323 = "WMO323"  # declaratie


class VerzoekSoort(StrEnum):
    VOT = "vot"  # verzoek om toewijzing (WMO315), one verzoek per aangevraagd product
    VOW = "vow"  # verzoek om wijziging (WMO317), one verzoek for the whole new situation


class VerzoekUitkomst(StrEnum):
    IN_ONDERZOEK = "in-onderzoek"  # WMO319, VerzoekAntwoord 2: final answer within 8 weeks
    AFGEWEZEN = "afgewezen"  # WMO319, VerzoekAntwoord 1 with a reden (WJ759)
    TOEGEWEZEN = "toegewezen"  # a WMO301 with the verzoek's ReferentieAanbieder


class IwmoTermijnSoort(StrEnum):
    VERZOEK_ANTWOORD = "verzoek-antwoord"  # VOT/VOW answered within 5 werkdagen
    VERZOEK_DEFINITIEF = "verzoek-definitief-antwoord"  # 8 weeks after "in onderzoek"
    STARTBERICHT = "startbericht"  # WMO305 within 5 werkdagen of the actual start
    STOPBERICHT = "stopbericht"  # WMO307 within 5 werkdagen of the actual stop


class BerichtVerzonden(EventPayload):
    event_type = "nl.utrecht.wmo.indicatie.bericht-verzonden"
    topic = TOPIC_INDICATIE
    summary = "An iWmo message (WMO301 or WMO319) was put in a provider's mailbox."

    bericht_id: uuid.UUID
    berichttype: IwmoBerichttype
    identificatie: str
    aanbieder: str = Field(description="AGB code of the receiving provider")
    client_id: ClientId
    toewijzing_ids: list[uuid.UUID] = Field(default_factory=list)
    verzoek_id: uuid.UUID | None = None
    dagtekening: date

    def aggregate_id(self) -> str:
        return str(self.bericht_id)


class BerichtOntvangen(EventPayload):
    event_type = "nl.utrecht.wmo.indicatie.bericht-ontvangen"
    topic = TOPIC_INDICATIE
    summary = "An iWmo message from a provider was received and checked (retourcodes WJ001)."

    bericht_id: uuid.UUID
    berichttype: IwmoBerichttype
    identificatie: str
    aanbieder: str = Field(description="AGB code of the sending provider")
    client_id: ClientId = Field(description="the (first) client of the message")
    client_ids: list[ClientId] = Field(
        default_factory=list, description="every client of the message (a declaratie may "
                                          "hold several)")
    ontvangen_op: date
    goedgekeurd: bool = Field(description="true when no part of the message was refused")
    retourcodes: list[str] = Field(default_factory=list, description="iWmo WJ001, distinct")

    def aggregate_id(self) -> str:
        return str(self.bericht_id)


class VerzoekOmToewijzingOntvangen(EventPayload):
    event_type = "nl.utrecht.wmo.indicatie.verzoek-om-toewijzing-ontvangen"
    topic = TOPIC_INDICATIE
    summary = "A provider asked for a toewijzing (WMO315) or a change (WMO317); 5 werkdagen run."

    verzoek_id: uuid.UUID
    soort: VerzoekSoort
    client_id: ClientId
    aanbieder: str
    referentie_aanbieder: str
    productcategorie: str | None = Field(default=None, pattern=r"^[0-9]{2}$")
    product_code: str | None = None
    ontvangen_op: date
    antwoord_uiterlijk: date

    def aggregate_id(self) -> str:
        return str(self.verzoek_id)


class VerzoekBeantwoord(EventPayload):
    event_type = "nl.utrecht.wmo.indicatie.verzoek-beantwoord"
    topic = TOPIC_INDICATIE
    summary = "The gemeente answered a VOT or VOW: in onderzoek, afgewezen or toegewezen."

    verzoek_id: uuid.UUID
    soort: VerzoekSoort
    client_id: ClientId
    aanbieder: str
    uitkomst: VerzoekUitkomst
    reden_afwijzing: str | None = Field(default=None, description="iWmo WJ759")
    ontvangen_op: date
    beantwoord_op: date
    antwoord_uiterlijk: date
    binnen_termijn: bool = Field(description="answered within 5 werkdagen (or, after 'in "
                                 "onderzoek', within the 8 weeks)")
    definitief_uiterlijk: date | None = Field(
        default=None, description="after 'in onderzoek': the final answer is due by then")
    toewijzing_id: uuid.UUID | None = None

    def aggregate_id(self) -> str:
        return str(self.verzoek_id)


class DeclaratieOntvangen(EventPayload):
    event_type = "nl.utrecht.wmo.indicatie.declaratie-ontvangen"
    topic = TOPIC_INDICATIE
    summary = ("An approved prestatie of a declaratie (WMO323): realised spend per product "
               "(a credit prestatie carries a negative amount).")

    declaratie_id: uuid.UUID = Field(
        description="unique per event: the approved declaratieregel (prestatie); the lines of "
                    "one WMO323 share berichtId and declaratienummer")
    bericht_id: uuid.UUID = Field(description="the WMO323 message")
    declaratienummer: str
    product_referentie: str
    toewijzing_id: uuid.UUID
    aanvraag_id: uuid.UUID
    client_id: ClientId
    productcategorie: str = Field(pattern=r"^[0-9]{2}$")
    product_code: str
    aanbieder: str
    periode_begin: date
    periode_eind: date
    volume: int = Field(description="GeleverdVolume, in the eenheid; negative for a credit")
    eenheid: str = Field(pattern=r"^[0-9]{2}$", description="iWmo WJ756")
    bedrag_cents: int = Field(description="IngediendBedrag in euro cents; negative for a credit")
    debet_credit: str = Field(pattern=r"^[DC]$")
    ontvangen_op: date

    def aggregate_id(self) -> str:
        return str(self.aanvraag_id)


class _IwmoTermijnSignaal(EventPayload):
    dossier_id: uuid.UUID = Field(description="the verzoek or toewijzing concerned")
    soort: IwmoTermijnSoort
    client_id: ClientId
    aanbieder: str
    uiterlijk: date
    peildatum: date

    def aggregate_id(self) -> str:
        return str(self.dossier_id)


class IwmoTermijnNadert(_IwmoTermijnSignaal):
    event_type = "nl.utrecht.wmo.indicatie.iwmo-termijn-nadert"
    topic = TOPIC_INDICATIE
    summary = "The answer to a VOT/VOW is due within days (5 werkdagen, or 8 weeks)."


class IwmoTermijnVerstreken(_IwmoTermijnSignaal):
    event_type = "nl.utrecht.wmo.indicatie.iwmo-termijn-verstreken"
    topic = TOPIC_INDICATIE
    summary = ("An iWmo term passed unmet: a VOT/VOW unanswered, or a start/stop message "
               "that arrived more than 5 werkdagen after the actual start/stop.")


class BetaalregelFeit(CamelModel):
    """The amount of one batch for one product in one year (the year of the ProductPeriode:
    spend belongs to the year the care was delivered)."""

    productcategorie: str = Field(pattern=r"^[0-9]{2}$")
    product_code: str
    jaar: int = Field(ge=2000, le=2100)
    bedrag_cents: int = Field(description="net: approved debet minus approved credit")
    aantal_prestaties: int = Field(ge=0)


class _Betaalbatch(EventPayload):
    batch_id: uuid.UUID
    aanbieder: str = Field(description="AGB code of the provider paid")
    totaal_cents: int = Field(description="net amount of the batch in euro cents")
    regels: list[BetaalregelFeit] = Field(default_factory=list)
    declaratie_ids: list[uuid.UUID] = Field(
        default_factory=list, description="the approved prestaties the batch pays (their "
        "declaratieId in declaratie-ontvangen); empty from producers before this field")

    def aggregate_id(self) -> str:
        return str(self.batch_id)


class BetaalbatchAangemaakt(_Betaalbatch):
    event_type = "nl.utrecht.wmo.indicatie.betaalbatch-aangemaakt"
    topic = TOPIC_INDICATIE
    summary = ("The approved prestaties of a provider not yet paid were put in a payment batch "
               "(a SEPA credit transfer, pain.001).")

    aangemaakt_op: date


class BetaalbatchBetaald(_Betaalbatch):
    event_type = "nl.utrecht.wmo.indicatie.betaalbatch-betaald"
    topic = TOPIC_INDICATIE
    summary = "The bank executed a payment batch: its amounts are paid spend."

    betaald_op: date


EVENTS: tuple[type[EventPayload], ...] = (
    BerichtVerzonden, BerichtOntvangen, VerzoekOmToewijzingOntvangen, VerzoekBeantwoord,
    DeclaratieOntvangen, IwmoTermijnNadert, IwmoTermijnVerstreken, BetaalbatchAangemaakt,
    BetaalbatchBetaald,
)
