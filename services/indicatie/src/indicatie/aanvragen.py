"""Use cases of the aanvraag: opened from a verwijzing event or filed over the API, and the
suspension of its decision term. The caller owns the transaction."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.catalogue import AanvraagOntvangen, VerwijzingGedaan, parse_payload
from wmokernel.events.indicatie import AanvraagGrond, BeslistermijnOpgeschort
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime
from wmokernel.wire.envelope import CloudEvent

from .domain import termijnen
from .domain.statussen import AANVRAAG, OngeldigeOvergang
from .models import Aanvraag, Opschorting
from .repository.catalogus import product_versie_op
from .schemas import AanvraagIn, OpschortingIn

# The aanvraag id is derived from the verwijzing, so a replayed verwijzing can never open two.
_AANVRAAG_NS = uuid.UUID("6f1b3c52-58d4-4e0e-9a43-2f7f6b0c9d11")


def aanvraag_id_for(verwijzing_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_AANVRAAG_NS, str(verwijzing_id))


async def on_toegang_event(session: AsyncSession, rt: ServiceRuntime, event: CloudEvent) -> None:
    payload = parse_payload(event)
    if isinstance(payload, VerwijzingGedaan):
        await open_aanvraag_from_verwijzing(session, rt, payload)


async def open_aanvraag_from_verwijzing(session: AsyncSession, rt: ServiceRuntime,
                                        v: VerwijzingGedaan) -> None:
    aanvraag_id = aanvraag_id_for(v.verwijzing_id)
    uiterlijk = termijnen.beslissen_uiterlijk(v.verwezen_op)
    inserted = await session.execute(
        pg_insert(Aanvraag)
        .values(id=aanvraag_id, client_id=v.client_id, melding_id=v.melding_id,
                verwijzing_id=v.verwijzing_id, ontvangen_op=v.verwezen_op,
                beslissen_uiterlijk=uiterlijk, status="ontvangen", version=1,
                grond=AanvraagGrond.VERWIJZING.value, gemeld_op=v.gemeld_op,
                verwezen_op=v.verwezen_op)
        .on_conflict_do_nothing()
        .returning(Aanvraag.id)
    )
    if inserted.first() is None:
        return
    await rt.outbox.add(session, AanvraagOntvangen(
        aanvraag_id=aanvraag_id, melding_id=v.melding_id, client_id=v.client_id,
        ontvangen_op=v.verwezen_op, beslissen_uiterlijk=uiterlijk,
        grond=AanvraagGrond.VERWIJZING, verwijzing_id=v.verwijzing_id,
    ))


async def register_aanvraag(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                            data: AanvraagIn, today: date) -> Aanvraag:
    """An aanvraag filed by the resident (registered by the gemeente or the Wmo-loket)."""
    if data.ontvangen_op > today:
        raise Unprocessable("ontvangenOp lies in the future")
    grond = AanvraagGrond(data.grond)
    if grond is AanvraagGrond.ONDERZOEK_TERMIJN_VERSTREKEN:
        if data.gemeld_op is None:
            raise Unprocessable("gemeldOp is required: the 6 weeks run from the melding")
        if not termijnen.onderzoek_verstreken(data.gemeld_op, data.ontvangen_op):
            raise Unprocessable("the 6-week onderzoek term after the melding has not yet "
                                "passed (Wmo 2015 art. 2.3.2)")
    if data.gemeld_op is not None and data.gemeld_op > data.ontvangen_op:
        raise Unprocessable("gemeldOp lies after ontvangenOp")
    tijdelijk = data.tijdelijke_voorziening
    if grond is AanvraagGrond.SPOED:
        if tijdelijk is None:
            raise Unprocessable("an urgent aanvraag gets a temporary provision at once: "
                                "tijdelijkeVoorziening is required")
        product = await product_versie_op(session, tijdelijk.product_code, tijdelijk.van)
        if product is None or product.soort != "maatwerk":
            raise Unprocessable(f"product {tijdelijk.product_code} is no maatwerkvoorziening "
                                f"valid on {tijdelijk.van}")
        if tijdelijk.van < data.ontvangen_op:
            raise Unprocessable("the temporary provision cannot start before the aanvraag")
    elif tijdelijk is not None:
        raise Unprocessable("a temporary provision is only for an urgent (spoed) aanvraag")

    aanvraag = Aanvraag(
        id=uuid.uuid4(), client_id=data.client_id, melding_id=data.melding_id,
        ontvangen_op=data.ontvangen_op,
        beslissen_uiterlijk=termijnen.beslissen_uiterlijk(data.ontvangen_op),
        status="ontvangen", grond=grond.value, gemeld_op=data.gemeld_op,
        verwezen_op=data.ontvangen_op, wijk=data.wijk.lower() if data.wijk else None,
        opgeschorte_dagen=0, spoed=grond is AanvraagGrond.SPOED,
        tijdelijke_voorziening_code=tijdelijk.product_code if tijdelijk else None,
        tijdelijke_voorziening_van=tijdelijk.van if tijdelijk else None, beslisronde=1,
    )
    session.add(aanvraag)
    await session.flush()
    await rt.audit.record(session, principal, action="create", resource_type="aanvraag",
                          resource_id=str(aanvraag.id), client_id=aanvraag.client_id,
                          purpose="aanvraag registreren")
    await rt.outbox.add(session, AanvraagOntvangen(
        aanvraag_id=aanvraag.id, melding_id=aanvraag.melding_id, client_id=aanvraag.client_id,
        ontvangen_op=aanvraag.ontvangen_op, beslissen_uiterlijk=aanvraag.beslissen_uiterlijk,
        grond=grond, spoed=aanvraag.spoed,
        tijdelijke_voorziening_code=aanvraag.tijdelijke_voorziening_code,
    ))
    return aanvraag


async def get_aanvraag(session: AsyncSession, aanvraag_id: uuid.UUID,
                       for_update: bool = False) -> Aanvraag:
    aanvraag = await session.get(Aanvraag, aanvraag_id, with_for_update=for_update)
    if aanvraag is None:
        raise NotFound(f"aanvraag {aanvraag_id}")
    return aanvraag


async def list_aanvragen(session: AsyncSession, melding_id: uuid.UUID | None,
                         client_id: str | None, status: str | None, limit: int) -> list[Aanvraag]:
    query = sa.select(Aanvraag).order_by(Aanvraag.created_at.desc()).limit(limit)
    if melding_id is not None:
        query = query.where(Aanvraag.melding_id == melding_id)
    if client_id is not None:
        query = query.where(Aanvraag.client_id == client_id)
    if status is not None:
        query = query.where(Aanvraag.status == status)
    return list((await session.scalars(query)).all())


def transition(aanvraag: Aanvraag, action: str) -> None:
    try:
        aanvraag.status = AANVRAAG.next(aanvraag.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc


async def suspend(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                  aanvraag_id: uuid.UUID, data: OpschortingIn) -> tuple[Opschorting, Aanvraag]:
    """Awb 4:15: the decision term is suspended for the given days; the deadline moves."""
    aanvraag = await get_aanvraag(session, aanvraag_id, for_update=True)
    transition(aanvraag, "opschorten")
    if data.tot_en_met < data.van:
        raise Unprocessable("totEnMet lies before van")
    if data.van <= aanvraag.ontvangen_op:
        raise Unprocessable("a suspension starts after the aanvraag was received")
    if data.van > aanvraag.beslissen_uiterlijk:
        raise Unprocessable("the decision term had already ended on the first day of the "
                            "suspension")
    overlap = await session.scalar(
        sa.select(sa.func.count()).select_from(Opschorting).where(
            Opschorting.aanvraag_id == aanvraag_id, Opschorting.van <= data.tot_en_met,
            Opschorting.tot_en_met >= data.van))
    if overlap:
        raise Conflict("the suspension overlaps an earlier one")
    oud = aanvraag.beslissen_uiterlijk
    aanvraag.opgeschorte_dagen += termijnen.opschorting_dagen(data.van, data.tot_en_met)
    aanvraag.beslissen_uiterlijk = termijnen.beslissen_uiterlijk(aanvraag.ontvangen_op,
                                                                 aanvraag.opgeschorte_dagen)
    opschorting = Opschorting(id=uuid.uuid4(), aanvraag_id=aanvraag_id, van=data.van,
                              tot_en_met=data.tot_en_met, reden=data.reden,
                              door=principal.subject)
    session.add(opschorting)
    await session.flush()
    await rt.audit.record(session, principal, action="update", resource_type="aanvraag",
                          resource_id=str(aanvraag_id), client_id=aanvraag.client_id,
                          purpose="beslistermijn opschorten")
    await rt.outbox.add(session, BeslistermijnOpgeschort(
        aanvraag_id=aanvraag_id, client_id=aanvraag.client_id, van=data.van,
        tot_en_met=data.tot_en_met, oude_uiterlijk=oud,
        beslissen_uiterlijk=aanvraag.beslissen_uiterlijk))
    return opschorting, aanvraag
