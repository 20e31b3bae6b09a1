"""Use cases of the bezwaar (Awb chapter 6 and 7). The caller owns the transaction."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.events.indicatie import BezwaarBeslist, BezwaarIngediend, BezwaarUitkomst
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime

from .aanvragen import get_aanvraag, transition
from .domain import termijnen
from .domain.statussen import BEZWAAR, OngeldigeOvergang
from .models import Beschikking, Bezwaar
from .schemas import BezwaarBeslissingIn, BezwaarIn

HEROVERWEGING = frozenset({BezwaarUitkomst.GEGROND, BezwaarUitkomst.DEELS_GEGROND})


async def register(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                   data: BezwaarIn, today: date) -> Bezwaar:
    beschikking = await session.get(Beschikking, data.beschikking_id, with_for_update=True)
    if beschikking is None:
        raise NotFound(f"beschikking {data.beschikking_id}")
    if beschikking.status != "afgegeven" or beschikking.afgegeven_op is None:
        raise Conflict(f"the beschikking has status {beschikking.status!r}: a bezwaar is made "
                       "against an issued beschikking")
    if data.ingediend_op > today or data.ingediend_op < beschikking.afgegeven_op:
        raise Unprocessable("ingediendOp must lie between the beschikking date and today")
    aanvraag = await get_aanvraag(session, beschikking.aanvraag_id)
    bezwaar = Bezwaar(
        id=uuid.uuid4(), beschikking_id=beschikking.id, aanvraag_id=aanvraag.id,
        client_id=aanvraag.client_id, ingediend_op=data.ingediend_op,
        binnen_termijn=termijnen.bezwaar_tijdig(beschikking.afgegeven_op, data.ingediend_op),
        adviescommissie=data.adviescommissie,
        beslissen_uiterlijk=termijnen.bezwaar_beslissen_uiterlijk(
            beschikking.afgegeven_op, data.ingediend_op, data.adviescommissie),
        status="ingediend",
    )
    session.add(bezwaar)
    await session.flush()  # one open bezwaar per beschikking (partial unique index): else 409
    await rt.audit.record(session, principal, action="create", resource_type="bezwaar",
                          resource_id=str(bezwaar.id), client_id=bezwaar.client_id,
                          purpose="bezwaar registreren")
    await rt.outbox.add(session, BezwaarIngediend(
        bezwaar_id=bezwaar.id, beschikking_id=beschikking.id, aanvraag_id=aanvraag.id,
        client_id=aanvraag.client_id, ingediend_op=bezwaar.ingediend_op,
        binnen_termijn=bezwaar.binnen_termijn, adviescommissie=bezwaar.adviescommissie,
        beslissen_uiterlijk=bezwaar.beslissen_uiterlijk))
    return bezwaar


async def get_bezwaar(session: AsyncSession, bezwaar_id: uuid.UUID,
                      for_update: bool = False) -> Bezwaar:
    bezwaar = await session.get(Bezwaar, bezwaar_id, with_for_update=for_update)
    if bezwaar is None:
        raise NotFound(f"bezwaar {bezwaar_id}")
    return bezwaar


async def list_bezwaren(session: AsyncSession, aanvraag_id: uuid.UUID | None,
                        status: str | None, limit: int) -> list[Bezwaar]:
    query = sa.select(Bezwaar).order_by(Bezwaar.created_at.desc()).limit(limit)
    if aanvraag_id is not None:
        query = query.where(Bezwaar.aanvraag_id == aanvraag_id)
    if status is not None:
        query = query.where(Bezwaar.status == status)
    return list((await session.scalars(query)).all())


async def decide(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                 bezwaar_id: uuid.UUID, data: BezwaarBeslissingIn, today: date) -> Bezwaar:
    """The decision on the bezwaar; (deels) gegrond reopens the aanvraag for a new beschikking."""
    bezwaar = await get_bezwaar(session, bezwaar_id, for_update=True)
    try:
        bezwaar.status = BEZWAAR.next(bezwaar.status, "beslissen")
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc
    besloten_op = data.besloten_op or today
    if besloten_op > today or besloten_op < bezwaar.ingediend_op:
        raise Unprocessable("beslotenOp must lie between the bezwaar date and today")
    bezwaar.uitkomst = data.uitkomst.value
    bezwaar.besloten_op = besloten_op
    bezwaar.motivering = data.motivering
    heroverweging = data.uitkomst in HEROVERWEGING
    if heroverweging:
        aanvraag = await get_aanvraag(session, bezwaar.aanvraag_id, for_update=True)
        transition(aanvraag, "heroverwegen")
        aanvraag.beslisronde += 1
    await session.flush()
    await rt.audit.record(session, principal, action="update", resource_type="bezwaar",
                          resource_id=str(bezwaar.id), client_id=bezwaar.client_id,
                          purpose="beslissing op bezwaar")
    await rt.outbox.add(session, BezwaarBeslist(
        bezwaar_id=bezwaar.id, beschikking_id=bezwaar.beschikking_id,
        aanvraag_id=bezwaar.aanvraag_id, client_id=bezwaar.client_id, uitkomst=data.uitkomst,
        besloten_op=besloten_op, beslissen_uiterlijk=bezwaar.beslissen_uiterlijk,
        binnen_termijn=besloten_op <= bezwaar.beslissen_uiterlijk,
        nieuwe_beschikking_nodig=heroverweging))
    return bezwaar
