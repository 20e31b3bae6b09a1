"""Events published by toegang on ``wmo.toegang.v1``."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from .base import TOPIC_TOEGANG, ClientId, EventPayload


class Kanaal(StrEnum):
    BUURTTEAM = "buurtteam"
    WMO_LOKET = "wmo-loket"
    REGIONALE_TOEGANG = "regionale-toegang"
    STADSTEAM_BACK_UP = "stadsteam-back-up"
    SIGNAAL_PROFESSIONAL = "signaal-professional"
    ONLINE = "online"


class Triage(StrEnum):
    """Outcomes of the ontvangstgesprek."""

    SOCIAAL_GENERALIST = "sociaal-generalist"  # problems on several domains
    VRIJWILLIGER_OF_SOCIAAL_RAADSMAN = "vrijwilliger-of-sociaal-raadsman"  # one info question
    WMO_LOKET = "wmo-loket"  # one application for an individual provision
    STADSTEAM_BACK_UP = "stadsteam-back-up"  # (threatened) homelessness
    JEUGD_EN_GEZIN = "jeugd-en-gezin"  # youth: outside the Wmo


class Uitkomst(StrEnum):
    """How a casus in toegang ends."""

    OPGELOST_BASISZORG = "opgelost-basiszorg"
    OPGELOST_SOCIALE_BASIS = "opgelost-sociale-basis"
    VERWEZEN_AANVULLENDE_ZORG = "verwezen-aanvullende-zorg"
    VERWEZEN_REGIONALE_TOEGANG = "verwezen-regionale-toegang"
    VERWEZEN_WMO_LOKET = "verwezen-wmo-loket"
    GEEN_ONDERSTEUNING_NODIG = "geen-ondersteuning-nodig"
    BUITEN_WMO = "buiten-wmo"
    INWONER_ZIET_AF = "inwoner-ziet-af"


class Perspectief(StrEnum):
    """The three perspectives on self-reliance."""

    WEER_ZELFSTANDIG = "a-weer-zelfstandig"
    BLIJVEND_LICHTE_ONDERSTEUNING = "b-blijvend-lichte-ondersteuning"
    AFNEMENDE_ZELFREDZAAMHEID = "c-afnemende-zelfredzaamheid"


class Ondersteuningsvorm(StrEnum):
    GROEP = "groep"
    INDIVIDUEEL = "individueel"


class OpvangVorm(StrEnum):
    BESCHERMD_WONEN = "beschermd-wonen"
    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke-opvang"


# The resident's municipality where it is not Utrecht (a U16 municipality registered its own
# resident); None is Utrecht. Consumers scope by it (an event without it is Utrecht's).
Gemeente = Annotated[str | None, Field(
    pattern=r"^[0-9]{4}$",
    description="CBS code of the municipality of residence where it is not Utrecht; "
                "absent: Utrecht (0344)")]


class TermijnSoort(StrEnum):
    EERSTE_CONTACT = "eerste-contact"
    ONDERZOEK = "onderzoek"
    PERSOONLIJK_PLAN = "persoonlijk-plan"


class MeldingOntvangen(EventPayload):
    event_type = "nl.utrecht.wmo.toegang.melding-ontvangen"
    topic = TOPIC_TOEGANG
    summary = "A resident's melding was registered; the legal clock starts on gemeldOp."

    melding_id: uuid.UUID
    client_id: ClientId
    kanaal: Kanaal
    gemeld_op: date
    wijk: str | None = None
    eerste_contact_uiterlijk: date
    onderzoek_uiterlijk: date
    team: str | None = None
    persoonlijk_plan_uiterlijk: date | None = None
    terugkerend: bool = Field(default=False, description="the client had an earlier melding")
    gemeente: Gemeente = None

    def aggregate_id(self) -> str:
        return str(self.melding_id)


class VerwijzingGedaan(EventPayload):
    event_type = "nl.utrecht.wmo.toegang.verwijzing-gedaan"
    topic = TOPIC_TOEGANG
    summary = "After the onderzoek the buurtteam referred the resident to aanvullende zorg."

    verwijzing_id: uuid.UUID
    melding_id: uuid.UUID
    client_id: ClientId
    naar: Literal["aanvullende-zorg"] = "aanvullende-zorg"
    verwezen_op: date
    gemeld_op: date
    toelichting: str = Field(default="", max_length=2000)
    gemeente: Gemeente = None

    def aggregate_id(self) -> str:
        return str(self.melding_id)


class _MeldingEvent(EventPayload):
    """Base of toegang's events about one melding; the key is the melding id."""

    melding_id: uuid.UUID
    client_id: ClientId
    gemeente: Gemeente = None

    def aggregate_id(self) -> str:
        return str(self.melding_id)


class EersteContactGelegd(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.eerste-contact-gelegd"
    topic = TOPIC_TOEGANG
    summary = "The first contact with the resident took place (norm: 5 werkdagen)."

    contact_op: date
    eerste_contact_uiterlijk: date
    werkdagen: int = Field(ge=0, description="werkdagen from the melding to the contact")
    binnen_norm: bool
    team: str | None = None


class OntvangstgesprekGevoerd(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.ontvangstgesprek-gevoerd"
    topic = TOPIC_TOEGANG
    summary = "The ontvangstgesprek (triage) took place; triage says where the question goes."

    gesprek_op: date
    triage: Triage


class OnderzoekGestart(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.onderzoek-gestart"
    topic = TOPIC_TOEGANG
    summary = "The onderzoek started, after cliëntondersteuning was offered."

    gestart_op: date
    onderzoek_uiterlijk: date
    persoonlijk_plan_uiterlijk: date
    clientondersteuning_aangeboden_op: date
    clientondersteuning_gewenst: bool


class OnderzoekTermijnGewijzigd(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.onderzoek-termijn-gewijzigd"
    topic = TOPIC_TOEGANG
    summary = "The onderzoek's deadline was extended or moved by a suspension."

    soort: Literal["verlenging", "opschorting"]
    oude_uiterlijk: date
    nieuwe_uiterlijk: date


class OnderzoekAfgerond(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.onderzoek-afgerond"
    topic = TOPIC_TOEGANG
    summary = "The onderzoek ended with a written verslag for the resident."

    afgerond_op: date
    gemeld_op: date
    onderzoek_uiterlijk: date
    binnen_termijn: bool
    perspectief: Perspectief
    ondersteuningsvorm: Ondersteuningsvorm


class VerwijzingWmoLoketGedaan(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.verwijzing-wmo-loket-gedaan"
    topic = TOPIC_TOEGANG
    summary = "The casus was referred to the Wmo-loket (hulpmiddelen, woningaanpassing, vervoer)."

    verwijzing_id: uuid.UUID
    verwezen_op: date


class SignaalWerkEnInkomenGegeven(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.signaal-werk-en-inkomen-gegeven"
    topic = TOPIC_TOEGANG
    summary = "A signal (verwijzing) to Werk en Inkomen; money problems have priority."

    verwijzing_id: uuid.UUID
    gesignaleerd_op: date
    prioriteit: bool = Field(description="money problems: a priority signal")


class AanmeldingOpvangGedaan(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.aanmelding-opvang-gedaan"
    topic = TOPIC_TOEGANG
    summary = ("The Regionale toegang registered the resident for opvang or beschermd wonen; "
               "opvang opens an aanmelding. Carries no personal data.")

    aanmelding_id: uuid.UUID = Field(description="the verwijzing's id in toegang")
    gemeente: str = Field(pattern=r"^[0-9]{4}$", description="CBS code of residence")
    vorm: OpvangVorm
    urgent: bool = False
    verwezen_op: date
    gemeld_op: date | None = None
    kanaal: Kanaal | None = Field(default=None, description="the channel of the melding")


class CasusGesloten(_MeldingEvent):
    event_type = "nl.utrecht.wmo.toegang.casus-gesloten"
    topic = TOPIC_TOEGANG
    summary = "The casus in toegang was closed with its outcome."

    afgesloten_op: date
    gemeld_op: date
    uitkomst: Uitkomst
    team: str | None = None


class _TermijnSignaal(_MeldingEvent):
    soort: TermijnSoort
    uiterlijk: date
    peildatum: date
    team: str | None = None


class TermijnNadert(_TermijnSignaal):
    event_type = "nl.utrecht.wmo.toegang.termijn-nadert"
    topic = TOPIC_TOEGANG
    summary = "A first-contact, onderzoek or persoonlijk-plan deadline is near."


class TermijnVerstreken(_TermijnSignaal):
    event_type = "nl.utrecht.wmo.toegang.termijn-verstreken"
    topic = TOPIC_TOEGANG
    summary = "A first-contact, onderzoek or persoonlijk-plan deadline has passed unmet."


EVENTS: tuple[type[EventPayload], ...] = (
    MeldingOntvangen, VerwijzingGedaan, EersteContactGelegd, OntvangstgesprekGevoerd,
    OnderzoekGestart, OnderzoekTermijnGewijzigd, OnderzoekAfgerond, VerwijzingWmoLoketGedaan,
    SignaalWerkEnInkomenGegeven, AanmeldingOpvangGedaan, CasusGesloten, TermijnNadert,
    TermijnVerstreken,
)
