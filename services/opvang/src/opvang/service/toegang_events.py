"""Consumes toegang's aanmeldingen for opvang (topic ``wmo.toegang.v1``).

The payload is read with a small model of our own that ignores unknown fields, so opvang
does not depend on toegang's class; every other event type on the topic is ignored.
"""

from __future__ import annotations

import uuid
from datetime import date

import structlog
from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from wmokernel.auth import Principal, Role
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from ..domain.vormen import vorm_uit_toegang
from ..schemas import AanmeldingIn, Kanaal
from .aanmeldingen import open_aanmelding

log = structlog.get_logger(__name__)

AANMELDING_OPVANG_GEDAAN = "nl.utrecht.wmo.toegang.aanmelding-opvang-gedaan"
# Who opens an aanmelding from toegang's event, in the logboek.
OPVANG = Principal(subject="opvang", roles=frozenset({Role.SYSTEEM.value}))


class ToegangAanmelding(BaseModel):
    """The fields opvang reads from ``aanmelding-opvang-gedaan`` (camelCase on the wire)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    melding_id: uuid.UUID | None = Field(default=None, alias="meldingId")
    aanmelding_id: str = Field(validation_alias=AliasChoices("aanmeldingId", "verwijzingId"))
    client_id: str = Field(alias="clientId", pattern=r"^p-[0-9a-f]{32}$")
    gemeente: str | None = Field(default=None, pattern=r"^[0-9]{4}$",
                                 validation_alias=AliasChoices("gemeente", "gemeenteCode"))
    vorm: str
    urgent: bool = False
    verwezen_op: date = Field(alias="verwezenOp")
    kanaal: str | None = None


def _kanaal(k: str | None) -> Kanaal:
    try:
        return Kanaal(k) if k else Kanaal.BUURTTEAM
    except ValueError:
        return Kanaal.BUURTTEAM


async def on_toegang_event(uow: UnitOfWork, event: CloudEvent) -> None:
    """Opens the aanmelding once (a replay of the same event opens nothing)."""
    if event.type != AANMELDING_OPVANG_GEDAAN:
        return
    data = ToegangAanmelding.model_validate(event.data)
    aanmelding = await open_aanmelding(uow, AanmeldingIn(
        client_id=data.client_id, gemeente=data.gemeente,
        vorm=vorm_uit_toegang(data.vorm, urgent=data.urgent), kanaal=_kanaal(data.kanaal),
        verwezen_op=data.verwezen_op, urgent=data.urgent, crisis=False,
        melding_id=data.melding_id,
    ), team=None, bron_id=f"toegang:{data.aanmelding_id}")
    if aanmelding is not None:
        await uow.audit(OPVANG, action="create", resource_type="aanmelding",
                        resource_id=str(aanmelding.id), client_id=aanmelding.client_id,
                        purpose="aanmelding opvang van de toegang")
    log.info("aanmelding from toegang", aanmelding_opvang=data.aanmelding_id,
             opened=aanmelding is not None)
