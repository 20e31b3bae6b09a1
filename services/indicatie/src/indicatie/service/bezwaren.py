"""Use cases of the bezwaar (Awb chapter 6 and 7)."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.events.indicatie import BezwaarBeslist, BezwaarIngediend, BezwaarUitkomst
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import termijnen
from ..domain.statussen import BEZWAAR, OngeldigeOvergang
from ..models import Bezwaar
from ..repository import beschikkingen
from ..repository import bezwaren as repo
from ..schemas import BezwaarBeslissingIn, BezwaarIn
from .aanvragen import get_aanvraag, transition

HEROVERWEGING = frozenset({BezwaarUitkomst.GEGROND, BezwaarUitkomst.DEELS_GEGROND})


async def register(uow: UnitOfWork, principal: Principal, data: BezwaarIn,
                   today: date) -> Bezwaar:
    beschikking = await beschikkingen.get(uow.session, data.beschikking_id, for_update=True)
    if beschikking is None:
        raise NotFound(f"beschikking {data.beschikking_id}")
    if beschikking.status != "afgegeven" or beschikking.afgegeven_op is None:
        raise Conflict(f"the beschikking has status {beschikking.status!r}: a bezwaar is made "
                       "against an issued beschikking")
    if data.ingediend_op > today or data.ingediend_op < beschikking.afgegeven_op:
        raise Unprocessable("ingediendOp must lie between the beschikking date and today")
    aanvraag = await get_aanvraag(uow, beschikking.aanvraag_id)
    bezwaar = Bezwaar(
        id=uuid.uuid4(), beschikking_id=beschikking.id, aanvraag_id=aanvraag.id,
        client_id=aanvraag.client_id, ingediend_op=data.ingediend_op,
        binnen_termijn=termijnen.bezwaar_tijdig(beschikking.afgegeven_op, data.ingediend_op),
        adviescommissie=data.adviescommissie,
        beslissen_uiterlijk=termijnen.bezwaar_beslissen_uiterlijk(
            beschikking.afgegeven_op, data.ingediend_op, data.adviescommissie),
        status="ingediend",
    )
    uow.session.add(bezwaar)
    await uow.session.flush()  # one open bezwaar per beschikking (partial unique index): 409
    await uow.audit(principal, action="create", resource_type="bezwaar",
                    resource_id=str(bezwaar.id), client_id=bezwaar.client_id,
                    purpose="bezwaar registreren")
    await uow.publish(BezwaarIngediend(
        bezwaar_id=bezwaar.id, beschikking_id=beschikking.id, aanvraag_id=aanvraag.id,
        client_id=aanvraag.client_id, ingediend_op=bezwaar.ingediend_op,
        binnen_termijn=bezwaar.binnen_termijn, adviescommissie=bezwaar.adviescommissie,
        beslissen_uiterlijk=bezwaar.beslissen_uiterlijk))
    return bezwaar


async def get_bezwaar(uow: UnitOfWork, bezwaar_id: uuid.UUID,
                      for_update: bool = False) -> Bezwaar:
    bezwaar = await repo.get(uow.session, bezwaar_id, for_update)
    if bezwaar is None:
        raise NotFound(f"bezwaar {bezwaar_id}")
    return bezwaar


async def list_bezwaren(uow: UnitOfWork, aanvraag_id: uuid.UUID | None, status: str | None,
                        page: PageRequest) -> tuple[list[Bezwaar], int]:
    return await repo.list_(uow.session, aanvraag_id, status, page)


async def decide(uow: UnitOfWork, principal: Principal, bezwaar_id: uuid.UUID,
                 data: BezwaarBeslissingIn, today: date) -> Bezwaar:
    """The decision on the bezwaar; (deels) gegrond reopens the aanvraag for a new beschikking."""
    bezwaar = await get_bezwaar(uow, bezwaar_id, for_update=True)
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
        aanvraag = await get_aanvraag(uow, bezwaar.aanvraag_id, for_update=True)
        transition(aanvraag, "heroverwegen")
        aanvraag.beslisronde += 1
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="bezwaar",
                    resource_id=str(bezwaar.id), client_id=bezwaar.client_id,
                    purpose="beslissing op bezwaar")
    await uow.publish(BezwaarBeslist(
        bezwaar_id=bezwaar.id, beschikking_id=bezwaar.beschikking_id,
        aanvraag_id=bezwaar.aanvraag_id, client_id=bezwaar.client_id, uitkomst=data.uitkomst,
        besloten_op=besloten_op, beslissen_uiterlijk=bezwaar.beslissen_uiterlijk,
        binnen_termijn=besloten_op <= bezwaar.beslissen_uiterlijk,
        nieuwe_beschikking_nodig=heroverweging))
    return bezwaar
