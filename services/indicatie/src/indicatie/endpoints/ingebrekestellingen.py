"""Ingebrekestellingen of late decisions and the dwangsom each runs (Awb 4:17-4:18)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep
from wmokernel.problems import Unprocessable
from wmokernel.wire.apimodel import IsoDate

from ..models.dwangsommen import Ingebrekestelling
from ..schemas.dwangsommen import (
    IngebrekestellingIn,
    IngebrekestellingList,
    IngebrekestellingOut,
    IngebrekestellingStatus,
    VaststellingIn,
)
from ..service import dwangsommen, lezen
from .dependencies import Gemeente, Reader

router = APIRouter(tags=["ingebrekestellingen"])

Op = Annotated[IsoDate | None, Query(description="the day to compute the dwangsom for; "
                                                 "default today")]


def _peildatum(op: date | None, today: date) -> date:
    peildatum = op or today
    if not date(2000, 1, 1) <= peildatum <= date(2100, 12, 31):
        raise Unprocessable("op must lie between 2000-01-01 and 2100-12-31")
    return peildatum


def _created(i: Ingebrekestelling, today: date, response: Response) -> IngebrekestellingOut:
    response.headers["Location"] = f"/api/v1/ingebrekestellingen/{i.id}"
    return dwangsommen.weergave(i, today)


@router.post("/aanvragen/{aanvraag_id}/ingebrekestellingen", status_code=201,
             response_model=IngebrekestellingOut,
             summary="Register an ingebrekestelling about the beschikking")
async def post_ingebrekestelling_aanvraag(
    aanvraag_id: uuid.UUID, data: IngebrekestellingIn, uow: UnitOfWorkDep,
    principal: Gemeente, today: Today, response: Response,
) -> IngebrekestellingOut:
    """The resident's written notice of default about a beschikking not given in time: from
    2 weeks after its receipt a dwangsom runs until the beschikking, at most 42 days
    (Awb 4:17). 422 naming the rule when the decision term has not passed on ``ontvangenOp``,
    when the beschikking was given by then, or when one was registered before."""
    return _created(await dwangsommen.bij_aanvraag(uow, principal, aanvraag_id, data, today),
                    today, response)


@router.post("/bezwaren/{bezwaar_id}/ingebrekestellingen", status_code=201,
             response_model=IngebrekestellingOut,
             summary="Register an ingebrekestelling about the beslissing op bezwaar")
async def post_ingebrekestelling_bezwaar(
    bezwaar_id: uuid.UUID, data: IngebrekestellingIn, uow: UnitOfWorkDep,
    principal: Gemeente, today: Today, response: Response,
) -> IngebrekestellingOut:
    """The same for a bezwaar not decided within its term (Awb 7:10, postponements
    included): the dwangsom runs until the beslissing op bezwaar."""
    return _created(await dwangsommen.bij_bezwaar(uow, principal, bezwaar_id, data, today),
                    today, response)


@router.get("/ingebrekestellingen", response_model=IngebrekestellingList,
            summary="List ingebrekestellingen")
async def list_ingebrekestellingen(
    uow: UnitOfWorkDep, principal: Reader, paging: Paging, today: Today, op: Op = None,
    status: Annotated[IngebrekestellingStatus | None, Query(
        description="as it stands on ``op``; without it: every one not yet set")] = None,
    aanvraag_id: Annotated[uuid.UUID | None, Query(alias="aanvraagId")] = None,
) -> IngebrekestellingList:
    """The ingebrekestellingen received by ``op`` whose dwangsom was not yet set by
    beschikking on that day, oldest first, with what each owes then; or those of one status
    on that day."""
    peildatum = _peildatum(op, today)
    items, total = await lezen.ingebrekestelling_lijst(uow, principal, aanvraag_id, status,
                                                       peildatum, paging)
    return IngebrekestellingList.of(items, total, paging, peildatum=peildatum)


@router.get("/ingebrekestellingen/{ingebrekestelling_id}", response_model=IngebrekestellingOut,
            summary="Read an ingebrekestelling and its dwangsom")
async def get_ingebrekestelling(ingebrekestelling_id: uuid.UUID, uow: UnitOfWorkDep,
                                principal: Reader, today: Today,
                                op: Op = None) -> IngebrekestellingOut:
    """Its first dwangsom day, the days and amount owed on ``op`` (EUR 23 a day for days
    1-14, 35 for 15-28, 45 for 29-42), its status on that day (lopend,
    gestopt-door-beschikking, maximum-bereikt, vastgesteld) and, once the dwangsom ended, the
    last day to set it (Awb 4:18)."""
    peildatum = _peildatum(op, today)
    return dwangsommen.weergave(await lezen.ingebrekestelling(uow, principal,
                                                              ingebrekestelling_id), peildatum)


@router.post("/ingebrekestellingen/{ingebrekestelling_id}/vaststelling",
             response_model=IngebrekestellingOut, summary="Set the dwangsom (Awb 4:18)")
async def post_vaststelling(ingebrekestelling_id: uuid.UUID, data: VaststellingIn,
                            uow: UnitOfWorkDep, principal: Gemeente,
                            today: Today) -> IngebrekestellingOut:
    """The beschikking that sets the dwangsom, once it has ended (decision given or 42 days
    owed). ``bedragCents`` must be the amount the statute gives for the days owed, or 0 with
    a ground of Awb 4:17 lid 6; else 422 naming the amount. Set once."""
    i = await dwangsommen.stel_vast(uow, principal, ingebrekestelling_id, data, today)
    return dwangsommen.weergave(i, today)
