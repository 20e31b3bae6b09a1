"""The consumer of toegang's events: a verwijzing opens an aanvraag (once); meldingen and
their onderzoek's end are kept, so an aanvraag filed directly can be checked against them."""

from __future__ import annotations

import uuid

from wmokernel.auth import Principal, Role
from wmokernel.catalogue import (
    AanvraagOntvangen,
    MeldingOntvangen,
    VerwijzingGedaan,
    parse_payload,
)
from wmokernel.events.indicatie import AanvraagGrond
from wmokernel.events.toegang import OnderzoekAfgerond
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from ..domain import termijnen
from ..repository import aanvragen as repo
from ..repository import toegang_meldingen

# The aanvraag id is derived from the verwijzing, so a replayed verwijzing can never open two.
_AANVRAAG_NS = uuid.UUID("6f1b3c52-58d4-4e0e-9a43-2f7f6b0c9d11")
# Who opens an aanvraag from toegang's verwijzing, in the logboek.
INDICATIE = Principal(subject="indicatie", roles=frozenset({Role.SYSTEEM.value}))


def aanvraag_id_for(verwijzing_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_AANVRAAG_NS, str(verwijzing_id))


async def on_toegang_event(uow: UnitOfWork, event: CloudEvent) -> None:
    payload = parse_payload(event)
    session = uow.session
    if isinstance(payload, MeldingOntvangen):
        await toegang_meldingen.bijwerken(session, payload.melding_id, payload.client_id,
                                          gemeld_op=payload.gemeld_op,
                                          wijk=payload.wijk.lower() if payload.wijk else None)
    elif isinstance(payload, OnderzoekAfgerond):
        await toegang_meldingen.bijwerken(session, payload.melding_id, payload.client_id,
                                          gemeld_op=payload.gemeld_op,
                                          onderzoek_afgerond_op=payload.afgerond_op)
    elif isinstance(payload, VerwijzingGedaan):
        await toegang_meldingen.bijwerken(session, payload.melding_id, payload.client_id,
                                          gemeld_op=payload.gemeld_op)
        await open_aanvraag_from_verwijzing(uow, payload)


async def open_aanvraag_from_verwijzing(uow: UnitOfWork, v: VerwijzingGedaan) -> None:
    aanvraag_id = aanvraag_id_for(v.verwijzing_id)
    uiterlijk = termijnen.beslissen_uiterlijk(v.verwezen_op)
    melding = await toegang_meldingen.get(uow.session, v.melding_id)
    if not await repo.insert_once(
            uow.session, id=aanvraag_id, client_id=v.client_id, melding_id=v.melding_id,
            verwijzing_id=v.verwijzing_id, ontvangen_op=v.verwezen_op,
            beslissen_uiterlijk=uiterlijk, status="ontvangen", version=1,
            grond=AanvraagGrond.VERWIJZING.value, gemeld_op=v.gemeld_op,
            verwezen_op=v.verwezen_op, wijk=melding.wijk if melding else None):
        return
    await uow.audit(INDICATIE, action="create", resource_type="aanvraag",
                    resource_id=str(aanvraag_id), client_id=v.client_id,
                    purpose="aanvraag na verwijzing van de toegang")
    await uow.publish(AanvraagOntvangen(
        aanvraag_id=aanvraag_id, melding_id=v.melding_id, client_id=v.client_id,
        ontvangen_op=v.verwezen_op, beslissen_uiterlijk=uiterlijk,
        grond=AanvraagGrond.VERWIJZING, verwijzing_id=v.verwijzing_id,
    ))
