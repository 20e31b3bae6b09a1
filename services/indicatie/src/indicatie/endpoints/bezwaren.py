"""Bezwaren against beschikkingen and their decision."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..schemas import BezwaarBeslissingIn, BezwaarIn, BezwaarList, BezwaarOut
from ..service import bezwaren
from .dependencies import Gemeente, Reader
from .presenters import bezwaar_out

router = APIRouter(tags=["bezwaren"])


@router.post("/bezwaren", status_code=201, response_model=BezwaarOut,
             summary="Register a bezwaar")
async def post_bezwaar(data: BezwaarIn, uow: UnitOfWorkDep, principal: Gemeente, today: Today,
                       response: Response) -> BezwaarOut:
    """Registers a bezwaar against an issued beschikking, within or after the 6-week term;
    the decision term is 6 weeks (12 with an advisory committee) from the end of that term."""
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
    rows, total = await bezwaren.list_bezwaren(uow, aanvraag_id, status, paging)
    return BezwaarList.of([bezwaar_out(b) for b in rows], total, paging)


@router.get("/bezwaren/{bezwaar_id}", response_model=BezwaarOut, summary="Read a bezwaar")
async def get_bezwaar(bezwaar_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader) -> BezwaarOut:
    """One bezwaar with its decision term."""
    return bezwaar_out(await bezwaren.get_bezwaar(uow, bezwaar_id))


@router.post("/bezwaren/{bezwaar_id}/beslissing", response_model=BezwaarOut,
             summary="Decide on a bezwaar")
async def post_beslissing(bezwaar_id: uuid.UUID, data: BezwaarBeslissingIn, uow: UnitOfWorkDep,
                          principal: Gemeente, today: Today) -> BezwaarOut:
    """The decision on the bezwaar. A (deels) gegrond bezwaar reopens the aanvraag: a new
    beschikking then replaces the old one."""
    return bezwaar_out(await bezwaren.decide(uow, principal, bezwaar_id, data,
                                             today))
