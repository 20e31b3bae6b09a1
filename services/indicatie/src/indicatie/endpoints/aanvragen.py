"""Aanvragen: filed, read, their decision term suspended, and their beschikkingen issued."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..schemas import (
    AanvraagIn,
    AanvraagList,
    AanvraagOut,
    BeschikkingIn,
    BeschikkingList,
    BeschikkingOut,
    OpschortingIn,
    OpschortingOut,
)
from ..service import aanvragen, beschikkingen, lezen
from .dependencies import Gemeente, Reader, Registrar
from .presenters import aanvraag_out, beschikking_out

router = APIRouter(tags=["aanvragen"])

AanvraagStatus = Literal["ontvangen", "ter-goedkeuring", "besloten", "heroverweging"]


@router.get("/aanvragen", response_model=AanvraagList, summary="List aanvragen")
async def list_aanvragen(
    uow: UnitOfWorkDep, principal: Reader, paging: Paging,
    melding_id: Annotated[uuid.UUID | None, Query(alias="meldingId")] = None,
    client_id: Annotated[str | None, Query(alias="clientId", max_length=40)] = None,
    status: Annotated[AanvraagStatus | None, Query()] = None,
) -> AanvraagList:
    """Aanvragen, newest first, optionally for one melding, one (pseudonymous) client or one
    status."""
    rows, total = await lezen.aanvraag_lijst(uow, principal, melding_id, client_id, status,
                                             paging)
    return AanvraagList.of([aanvraag_out(a) for a in rows], total, paging)


@router.post("/aanvragen", status_code=201, response_model=AanvraagOut,
             summary="File an aanvraag")
async def post_aanvraag(data: AanvraagIn, uow: UnitOfWorkDep, principal: Registrar,
                        today: Today, response: Response) -> AanvraagOut:
    """Registers an aanvraag filed by the resident: after the onderzoek, after 6 weeks without
    one (gemeldOp required), or urgent with the temporary provision given at once. The decision
    term of 2 weeks starts."""
    out = aanvraag_out(await aanvragen.register_aanvraag(uow, principal, data, today))
    response.headers["Location"] = f"/api/v1/aanvragen/{out.id}"
    return out


@router.get("/aanvragen/{aanvraag_id}", response_model=AanvraagOut, summary="Read an aanvraag")
async def get_aanvraag(aanvraag_id: uuid.UUID, uow: UnitOfWorkDep,
                       principal: Reader) -> AanvraagOut:
    """One aanvraag with its decision deadline (2 weeks, Algemene termijnenwet applied)."""
    return aanvraag_out(await lezen.aanvraag(uow, principal, aanvraag_id))


@router.post("/aanvragen/{aanvraag_id}/opschortingen", status_code=201,
             response_model=OpschortingOut, summary="Suspend the decision term")
async def post_opschorting(aanvraag_id: uuid.UUID, data: OpschortingIn, uow: UnitOfWorkDep,
                           principal: Gemeente) -> OpschortingOut:
    """Suspends the decision term for the given days with a reason (Awb 4:15); the deadline
    moves by those days and is extended per the Algemene termijnenwet."""
    o, a = await aanvragen.suspend(uow, principal, aanvraag_id, data)
    return OpschortingOut(id=o.id, aanvraag_id=a.id, van=o.van, tot_en_met=o.tot_en_met,
                          reden=o.reden, beslissen_uiterlijk=a.beslissen_uiterlijk)


@router.get("/aanvragen/{aanvraag_id}/beschikkingen", response_model=BeschikkingList,
            summary="List the beschikkingen of an aanvraag")
async def list_beschikkingen(aanvraag_id: uuid.UUID, uow: UnitOfWorkDep,
                             principal: Reader, paging: Paging) -> BeschikkingList:
    """Every beschikking of the aanvraag, one per decision round (a bezwaar can add one)."""
    alle = await lezen.beschikking_lijst(uow, principal, aanvraag_id)
    return BeschikkingList.of([await beschikking_out(uow, b) for b in paging.slice(alle)],
                              len(alle), paging)


@router.post("/aanvragen/{aanvraag_id}/beschikkingen", status_code=201,
             response_model=BeschikkingOut, summary="Issue the beschikking")
async def post_beschikking(aanvraag_id: uuid.UUID, data: BeschikkingIn, uow: UnitOfWorkDep,
                           principal: Gemeente, today: Today,
                           response: Response) -> BeschikkingOut:
    """Issues the formal decision with its products. Only the gemeente role may; a second
    decision on the same aanvraag gets 409. With eenvoudigMaatwerk the beschikking waits for
    a second gemeente user's approval (status ter-goedkeuring)."""
    b = await beschikkingen.issue_beschikking(uow, principal, aanvraag_id, data, today)
    out = await beschikking_out(uow, b)
    response.headers["Location"] = f"/api/v1/beschikkingen/{out.id}"
    return out
