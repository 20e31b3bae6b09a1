"""Bezwaren against beschikkingen and their decision."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..schemas import BezwaarBeslissingIn, BezwaarIn, BezwaarList, BezwaarOut
from ..schemas.bezwaar_beroep import HoorzittingIn, VerdagingIn
from ..service import bezwaren, lezen
from .dependencies import Gemeente, Reader
from .presenters import bezwaar_out

router = APIRouter(tags=["bezwaren"])


@router.post("/bezwaren", status_code=201, response_model=BezwaarOut,
             summary="Register a bezwaar")
async def post_bezwaar(data: BezwaarIn, uow: UnitOfWorkDep, principal: Gemeente, today: Today,
                       response: Response) -> BezwaarOut:
    """Registers a bezwaar against an issued beschikking, within or after the 6-week term, filed
    by the resident or a gemachtigde; the decision term is 6 weeks (12 with an advisory
    committee) from the end of that term."""
    b = await bezwaren.register(uow, principal, data, today)
    out = bezwaar_out(b)
    response.headers["Location"] = f"/api/v1/bezwaren/{out.id}"
    return out


@router.get("/bezwaren", response_model=BezwaarList, summary="List bezwaren")
async def list_bezwaren(
    uow: UnitOfWorkDep, principal: Reader, paging: Paging,
    aanvraag_id: Annotated[uuid.UUID | None, Query(alias="aanvraagId")] = None,
    status: Annotated[Literal["ingediend", "beslist"] | None, Query()] = None,
) -> BezwaarList:
    """Bezwaren, newest first."""
    rows, total = await lezen.bezwaar_lijst(uow, principal, aanvraag_id, status, paging)
    return BezwaarList.of([bezwaar_out(b) for b in rows], total, paging)


@router.get("/bezwaren/{bezwaar_id}", response_model=BezwaarOut, summary="Read a bezwaar")
async def get_bezwaar(bezwaar_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader) -> BezwaarOut:
    """One bezwaar with its decision term."""
    return bezwaar_out(await lezen.bezwaar(uow, principal, bezwaar_id))


@router.post("/bezwaren/{bezwaar_id}/verdagingen", status_code=201, response_model=BezwaarOut,
             summary="Postpone the decision on a bezwaar")
async def post_verdaging(bezwaar_id: uuid.UUID, data: VerdagingIn, uow: UnitOfWorkDep,
                         principal: Gemeente, today: Today) -> BezwaarOut:
    """Postpones the decision term, with a reason and the day the notice was sent, within the
    term in force: once by at most 6 weeks (Awb 7:10 lid 3; a second or a longer one is 422),
    or further with the indiener's consent (`metInstemming`, Awb 7:10 lid 4). The answer is
    the bezwaar with its original and its current decision term."""
    return bezwaar_out(await bezwaren.verdaag(uow, principal, bezwaar_id, data, today))


@router.post("/bezwaren/{bezwaar_id}/hoorzitting", response_model=BezwaarOut,
             summary="Record the hearing of a bezwaar, or why there was none")
async def post_hoorzitting(bezwaar_id: uuid.UUID, data: HoorzittingIn, uow: UnitOfWorkDep,
                           principal: Gemeente, today: Today) -> BezwaarOut:
    """The day the indiener was heard (Awb 7:2), or the ground of Awb 7:3 on which the hearing
    was not held; once, before the decision (409 after it or when already recorded)."""
    return bezwaar_out(await bezwaren.hoor(uow, principal, bezwaar_id, data, today))


@router.post("/bezwaren/{bezwaar_id}/beslissing", response_model=BezwaarOut,
             summary="Decide on a bezwaar")
async def post_beslissing(bezwaar_id: uuid.UUID, data: BezwaarBeslissingIn, uow: UnitOfWorkDep,
                          principal: Gemeente, today: Today) -> BezwaarOut:
    """The decision on the bezwaar, against the decision term in force. Unless it is withdrawn
    or fully gegrond, the hearing or its Awb 7:3 waiver must be recorded first (422, Awb 7:2).
    A (deels) gegrond bezwaar reopens the aanvraag: a new beschikking then replaces the old
    one. The beroepstermijn (6 weeks, Awb 6:7) runs from the day after `verzondenOp`."""
    return bezwaar_out(await bezwaren.decide(uow, principal, bezwaar_id, data,
                                             today))
