"""The notifications to the CAK for the eigen bijdrage: listed, exported, marked as sent."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..domain.cak import as_csv
from ..schemas import CakMeldingList, CakMeldingOut, CakVerzendingIn
from ..service import cak
from .dependencies import Gemeente, Reader
from .presenters import cak_out

router = APIRouter(tags=["cak-meldingen"])


@router.get(
    "/cak-meldingen", response_model=CakMeldingList, summary="List or export CAK notifications",
    responses={200: {"description": "JSON, or the export as CSV (Accept: text/csv)",
                     "content": {"text/csv": {"schema": {"type": "string"}}}}})
async def list_cak_meldingen(
    uow: UnitOfWorkDep, principal: Reader, paging: Paging,
    status: Annotated[Literal["klaar", "gemeld"] | None, Query()] = None,
    accept: Annotated[str, Header()] = "application/json",
) -> CakMeldingList | Response:
    """Provisions to report to the CAK (within 1 month of the beschikking, PGB 4 months),
    earliest deadline first; with Accept: text/csv the outgoing export file, which holds
    every notification (it is not paged)."""
    if "text/csv" in accept:
        everything, _ = await cak.list_meldingen(uow, status, None)
        return Response(as_csv(everything), media_type="text/csv; charset=utf-8")
    rows, total = await cak.list_meldingen(uow, status, paging)
    return CakMeldingList.of([cak_out(m) for m in rows], total, paging)


@router.post("/cak-meldingen/{melding_id}/verzending", response_model=CakMeldingOut,
             summary="Record that a notification was sent to the CAK")
async def post_verzending(melding_id: uuid.UUID, data: CakVerzendingIn, uow: UnitOfWorkDep,
                          principal: Gemeente, today: Today) -> CakMeldingOut:
    """Marks the notification as sent on gemeldOp and records whether that was in time."""
    return cak_out(await cak.mark_sent(uow, principal, melding_id,
                                       data.gemeld_op or today, today))
