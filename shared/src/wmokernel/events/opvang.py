"""Events published by opvang on ``wmo.opvang.v1``.

Every event is about one aanmelding (the aggregate id, the Kafka key) and carries only the
pseudonymous client id. For a protected client (vrouwenopvang, safety risk) the location
fields (``locatieId``, ``locatieGemeente``, ``bovenregionaal``, ``capaciteit``, ``bezetting``)
are always null: the place of stay is never put on the bus.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field

from .base import TOPIC_OPVANG, ClientId, EventPayload


class OpvangVormDetail(StrEnum):
    """The forms of shelter and sheltered housing in the U16 region."""

    MO_NACHTOPVANG = "mo-nachtopvang"
    MO_24_UURS = "mo-24-uursopvang"
    MO_CRISIS = "mo-crisisopvang"
    MO_JONGEREN = "mo-jongerenopvang"
    BESCHERMD_VERBLIJF = "beschermd-verblijf"
    BESCHERMD_THUIS = "beschermd-thuis"
    LIVING_LAB = "living-lab"
    EERST_EEN_THUIS = "eerst-een-thuis"


class UitstroomBestemming(StrEnum):
    BESCHERMD_THUIS = "beschermd-thuis"
    EERST_EEN_THUIS = "eerst-een-thuis"
    ZELFSTANDIG_WONEN = "zelfstandig-wonen"
    ANDERS = "anders"


class _AanmeldingEvent(EventPayload):
    """Base of opvang's events; the key is the aanmelding id."""

    topic = TOPIC_OPVANG

    aanmelding_id: uuid.UUID
    client_id: ClientId
    gemeente: str | None = Field(default=None, pattern=r"^[0-9]{4}$",
                                 description="CBS code of the municipality of residence")

    def aggregate_id(self) -> str:
        return str(self.aanmelding_id)


class _PlaatsingEvent(_AanmeldingEvent):
    plaatsing_id: uuid.UUID
    vorm: OpvangVormDetail
    locatie_id: uuid.UUID | None = Field(default=None, description="null for protected clients")
    locatie_gemeente: str | None = Field(default=None, description="null for protected clients")
    bovenregionaal: bool | None = Field(default=None, description="null for protected clients")
    capaciteit: int | None = Field(default=None, ge=0,
                                   description="the location's capacity after this step")
    bezetting: int | None = Field(default=None, ge=0,
                                  description="the location's occupied places after this step")


class AanmeldingOntvangen(_AanmeldingEvent):
    event_type = "nl.utrecht.wmo.opvang.aanmelding-ontvangen"
    summary = "An aanmelding for MO or BW was received (from any channel; no regiobinding)."

    vorm: OpvangVormDetail
    kanaal: str
    verwezen_op: date
    urgent: bool = False
    crisis: bool = False
    buiten_regio: bool = Field(description="the resident does not live in the U16 region")
    doelgroep: str = Field(description="wmo, or a non-Wmo target group funded separately")
    financiering: str


class IndicatieBwGezet(_AanmeldingEvent):
    event_type = "nl.utrecht.wmo.opvang.indicatie-bw-gezet"
    summary = "The Regionale toegang set the indicatie beschermd wonen."

    vorm: OpvangVormDetail
    gezet_op: date
    bovenregionaal_toegestaan: bool = False


class IntakeMoGedaan(_AanmeldingEvent):
    event_type = "nl.utrecht.wmo.opvang.intake-mo-gedaan"
    summary = "The intake for maatschappelijke opvang took place."

    vorm: OpvangVormDetail
    intake_op: date


class OpWachtlijstGeplaatst(_AanmeldingEvent):
    event_type = "nl.utrecht.wmo.opvang.op-wachtlijst-geplaatst"
    summary = "The aanmelding waits for a place of its form; the wait runs from verwezenOp."

    vorm: OpvangVormDetail
    verwezen_op: date
    prioriteit: str
    norm_dagen: int = Field(ge=0)


class PlaatsGereserveerd(_PlaatsingEvent):
    event_type = "nl.utrecht.wmo.opvang.plaats-gereserveerd"
    summary = "A place was reserved for the client (the location's occupancy went up by one)."

    gereserveerd_op: date


class ClientOpgenomen(_PlaatsingEvent):
    event_type = "nl.utrecht.wmo.opvang.client-opgenomen"
    summary = "The client was admitted (opname); the wait from verwijzing is measured."

    verwezen_op: date
    opgenomen_op: date
    wachtdagen: int = Field(ge=0)
    norm_dagen: int = Field(ge=0)
    binnen_norm: bool


class ClientUitgestroomd(_PlaatsingEvent):
    event_type = "nl.utrecht.wmo.opvang.client-uitgestroomd"
    summary = "The client left the place (uitstroom); the place is free again."

    opgenomen_op: date
    uitgestroomd_op: date
    verblijfsdagen: int = Field(ge=0)
    bestemming: UitstroomBestemming


class UitstroomGeblokkeerd(_PlaatsingEvent):
    event_type = "nl.utrecht.wmo.opvang.uitstroom-geblokkeerd"
    summary = "The client is ready to move on but cannot, e.g. for lack of housing."

    reden: str
    sinds: date


class WoningAangeboden(_PlaatsingEvent):
    event_type = "nl.utrecht.wmo.opvang.woning-aangeboden"
    summary = "A home for outflow was offered to the client."

    soort: str
    aangeboden_op: date


class RegiobindingBeoordeeld(_AanmeldingEvent):
    event_type = "nl.utrecht.wmo.opvang.regiobinding-beoordeeld"
    summary = "Where the trajectory has the best chance of success was assessed."

    beste_kans_gemeente: str = Field(pattern=r"^[0-9]{4}$")
    beoordeeld_op: date
    warme_overdracht: bool


class WarmeOverdrachtGedaan(_AanmeldingEvent):
    event_type = "nl.utrecht.wmo.opvang.warme-overdracht-gedaan"
    summary = "The client was handed over (warme overdracht) to another municipality."

    naar_gemeente: str = Field(pattern=r"^[0-9]{4}$")
    overgedragen_op: date


EVENTS: tuple[type[EventPayload], ...] = (
    AanmeldingOntvangen, IndicatieBwGezet, IntakeMoGedaan, OpWachtlijstGeplaatst,
    PlaatsGereserveerd, ClientOpgenomen, ClientUitgestroomd, UitstroomGeblokkeerd,
    WoningAangeboden, RegiobindingBeoordeeld, WarmeOverdrachtGedaan,
)
