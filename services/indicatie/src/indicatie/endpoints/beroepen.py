"""Beroepen at the rechtbank against a besluit op bezwaar, and their uitspraak."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..schemas.bezwaar_beroep import BeroepIn, BeroepList, BeroepOut, BeroepUitspraakIn
from ..service import beroepen, lezen
from .dependencies import Gemeente, Reader
from .presenters import beroep_out

router = APIRouter(tags=["beroepen"])


@router.post("/beroepen", status_code=201, response_model=BeroepOut,
             summary="Register a beroep")
async def post_beroep(data: BeroepIn, uow: UnitOfWorkDep, principal: Gemeente, today: Today,
                      response: Response) -> BeroepOut:
    """Registers the beroep lodged at the rechtbank against a besluit op bezwaar (one per
    bezwaar, 409 for a second; 409 for a bezwaar not decided or withdrawn). The beroepstermijn
    is 6 weeks from the day after the besluit op bezwaar was sent (Awb 6:7, 6:8), on the
    Algemene termijnenwet calendar; a late beroep is registered with `binnenTermijn` false."""
    b = await beroepen.register(uow, principal, data, today)
    response.headers["Location"] = f"/api/v1/beroepen/{b.id}"
    return beroep_out(b, None)


@router.get("/beroepen", response_model=BeroepList, summary="List beroepen")
async def list_beroepen(
    uow: UnitOfWorkDep, principal: Reader, paging: Paging,
    bezwaar_id: Annotated[uuid.UUID | None, Query(alias="bezwaarId")] = None,
    aanvraag_id: Annotated[uuid.UUID | None, Query(alias="aanvraagId")] = None,
    status: Annotated[Literal["ingesteld", "uitspraak"] | None, Query()] = None,
) -> BeroepList:
    """Beroepen, newest first, optionally of one bezwaar or aanvraag, or with one status."""
    rows, total = await lezen.beroep_lijst(uow, principal, bezwaar_id, aanvraag_id, status,
                                           paging)
    nieuw = await beroepen.nieuwe_beschikkingen(uow, rows)
    return BeroepList.of([beroep_out(b, nieuw.get(b.id)) for b in rows], total, paging)


@router.get("/beroepen/{beroep_id}", response_model=BeroepOut, summary="Read a beroep")
async def get_beroep(beroep_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader) -> BeroepOut:
    """One beroep with its term, its uitspraak and, after a gegrond uitspraak, the new
    beschikking once the gemeente issued it."""
    b = await lezen.beroep(uow, principal, beroep_id)
    nieuw = await beroepen.nieuwe_beschikkingen(uow, [b])
    return beroep_out(b, nieuw.get(b.id))


@router.post("/beroepen/{beroep_id}/uitspraak", response_model=BeroepOut,
             summary="Register the uitspraak on a beroep")
async def post_uitspraak(beroep_id: uuid.UUID, data: BeroepUitspraakIn, uow: UnitOfWorkDep,
                         principal: Gemeente, today: Today) -> BeroepOut:
    """The rechtbank's uitspraak: gegrond, ongegrond, niet-ontvankelijk or ingetrokken; once
    (409 after it). Gegrond annuls the besluit op bezwaar: the aanvraag reopens for a new
    decision round and the gemeente issues the new beschikking with
    `POST /aanvragen/{aanvraagId}/beschikkingen`; it replaces the beschikking in force
    (`teVervangenBeschikkingId`) and shows here as `nieuweBeschikkingId`."""
    b = await beroepen.uitspraak(uow, principal, beroep_id, data, today)
    return beroep_out(b, None)
