"""Bezwaren and the CAK notifications."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response

from . import bezwaren, cak
from .deps import Gemeente, Reader, Runtime, Today
from .presenters import bezwaar_out, cak_out
from .schemas import (
    BezwaarBeslissingIn,
    BezwaarIn,
    BezwaarList,
    BezwaarOut,
    CakMeldingList,
    CakMeldingOut,
    CakVerzendingIn,
)

router = APIRouter(tags=["bezwaren"])
cak_router = APIRouter(tags=["cak-meldingen"])


@router.post("/bezwaren", status_code=201, response_model=BezwaarOut,
             summary="Register a bezwaar")
async def post_bezwaar(data: BezwaarIn, rt: Runtime, principal: Gemeente, today: Today,
                       response: Response) -> BezwaarOut:
    """Registers a bezwaar against an issued beschikking, within or after the 6-week term;
    the decision term is 6 weeks (12 with an advisory committee) from the end of that term."""
    async with rt.transaction() as session:
        b = await bezwaren.register(session, rt, principal, data, today)
        out = bezwaar_out(b)
    response.headers["Location"] = f"/api/v1/bezwaren/{out.id}"
    return out


@router.get("/bezwaren", response_model=BezwaarList, summary="List bezwaren")
async def list_bezwaren(
    rt: Runtime, principal: Reader,
    aanvraag_id: Annotated[uuid.UUID | None, Query(alias="aanvraagId")] = None,
    status: Annotated[Literal["ingediend", "beslist"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> BezwaarList:
    """Bezwaren, newest first."""
    async with rt.transaction() as session:
        rows = await bezwaren.list_bezwaren(session, aanvraag_id, status, limit)
    return BezwaarList(items=[bezwaar_out(b) for b in rows])


@router.get("/bezwaren/{bezwaar_id}", response_model=BezwaarOut, summary="Read a bezwaar")
async def get_bezwaar(bezwaar_id: uuid.UUID, rt: Runtime, principal: Reader) -> BezwaarOut:
    """One bezwaar with its decision term."""
    async with rt.transaction() as session:
        return bezwaar_out(await bezwaren.get_bezwaar(session, bezwaar_id))


@router.post("/bezwaren/{bezwaar_id}/beslissing", response_model=BezwaarOut,
             summary="Decide on a bezwaar")
async def post_beslissing(bezwaar_id: uuid.UUID, data: BezwaarBeslissingIn, rt: Runtime,
                          principal: Gemeente, today: Today) -> BezwaarOut:
    """The decision on the bezwaar. A (deels) gegrond bezwaar reopens the aanvraag: a new
    beschikking then replaces the old one."""
    async with rt.transaction() as session:
        return bezwaar_out(await bezwaren.decide(session, rt, principal, bezwaar_id, data,
                                                 today))


@cak_router.get(
    "/cak-meldingen", response_model=CakMeldingList, summary="List or export CAK notifications",
    responses={200: {"description": "JSON, or the export as CSV (Accept: text/csv)",
                     "content": {"text/csv": {"schema": {"type": "string"}}}}})
async def list_cak_meldingen(
    rt: Runtime, principal: Reader,
    status: Annotated[Literal["klaar", "gemeld"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    accept: Annotated[str, Header()] = "application/json",
) -> CakMeldingList | Response:
    """Provisions to report to the CAK (within 1 month of the beschikking, PGB 4 months),
    earliest deadline first; with Accept: text/csv the outgoing export file."""
    async with rt.transaction() as session:
        rows = await cak.list_meldingen(session, status, limit)
    if "text/csv" in accept:
        return Response(cak.as_csv(rows), media_type="text/csv; charset=utf-8")
    return CakMeldingList(items=[cak_out(m) for m in rows])


@cak_router.post("/cak-meldingen/{melding_id}/verzending", response_model=CakMeldingOut,
                 summary="Record that a notification was sent to the CAK")
async def post_verzending(melding_id: uuid.UUID, data: CakVerzendingIn, rt: Runtime,
                          principal: Gemeente, today: Today) -> CakMeldingOut:
    """Marks the notification as sent on gemeldOp and records whether that was in time."""
    async with rt.transaction() as session:
        return cak_out(await cak.mark_sent(session, rt, principal, melding_id,
                                           data.gemeld_op or today, today))
