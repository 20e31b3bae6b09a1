"""Toewijzingen to providers and their delivery: start, intensity, changes, stop."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..schemas import (
    IntensiteitIn,
    StartIn,
    StopIn,
    ToewijzingIn,
    ToewijzingList,
    ToewijzingOut,
    ToewijzingWijzigingIn,
)
from ..service import lezen, toewijzingen, wijzigingen
from .dependencies import Gemeente, Levering
from .presenters import toewijzing_out

router = APIRouter(tags=["toewijzingen"])


@router.post("/toewijzingen", status_code=201, response_model=ToewijzingOut,
             summary="Assign a granted product to its provider")
async def post_toewijzing(data: ToewijzingIn, uow: UnitOfWorkDep, principal: Gemeente, today: Today,
                          response: Response) -> ToewijzingOut:
    """The toewijzing (iWmo WMO301) of a granted ZIN product to the provider named in the
    beschikking, with its herbeoordeling date. One running toewijzing per product (else 409)."""
    t = await toewijzingen.assign(uow, principal, data, today)
    out = toewijzing_out(t)
    response.headers["Location"] = f"/api/v1/toewijzingen/{out.id}"
    return out


@router.get("/toewijzingen", response_model=ToewijzingList, summary="List toewijzingen")
async def list_toewijzingen(
    uow: UnitOfWorkDep, principal: Levering, paging: Paging,
    aanvraag_id: Annotated[uuid.UUID | None, Query(alias="aanvraagId")] = None,
    client_id: Annotated[str | None, Query(alias="clientId", max_length=40)] = None,
    status: Annotated[Literal["toegewezen", "gestart", "gestopt"] | None, Query()] = None,
) -> ToewijzingList:
    """Toewijzingen, newest first; a provider sees only its own."""
    rows, total = await lezen.toewijzing_lijst(uow, principal, aanvraag_id, client_id,
                                                       status, paging)
    return ToewijzingList.of([toewijzing_out(t) for t in rows], total, paging)


@router.get("/toewijzingen/{toewijzing_id}", response_model=ToewijzingOut,
            summary="Read a toewijzing")
async def get_toewijzing(toewijzing_id: uuid.UUID, uow: UnitOfWorkDep,
                         principal: Levering) -> ToewijzingOut:
    """One toewijzing with its delivery status and the wait from verwijzing to start."""
    return toewijzing_out(await lezen.toewijzing(uow, principal, toewijzing_id))


@router.post("/toewijzingen/{toewijzing_id}/start", response_model=ToewijzingOut,
             summary="Report the start of delivery")
async def post_start(toewijzing_id: uuid.UUID, data: StartIn, uow: UnitOfWorkDep,
                     principal: Levering, today: Today) -> ToewijzingOut:
    """The provider's start message (iWmo WMO305); the wait from verwijzing to start is
    measured against the norm of 14 days."""
    return toewijzing_out(await toewijzingen.start(uow, principal, toewijzing_id,
                                                   data, today))


@router.post("/toewijzingen/{toewijzing_id}/intensiteit-wijzigingen",
             response_model=ToewijzingOut, summary="Change the intensity")
async def post_intensiteit(toewijzing_id: uuid.UUID, data: IntensiteitIn, uow: UnitOfWorkDep,
                           principal: Levering, today: Today) -> ToewijzingOut:
    """Ambulante begeleiding: a new volume without a new beschikking or change of provider,
    up to the product's maximum. As iWmo allows no other omvang within one toewijzing, the
    toewijzing ends the day before and a new one (new ToewijzingNummer) follows: the answer
    is that new toewijzing; the WMO301 with both follows in the provider's mailbox."""
    return toewijzing_out(await wijzigingen.change_intensity(uow, principal,
                                                             toewijzing_id, data, today))


@router.post("/toewijzingen/{toewijzing_id}/wijzigingen", status_code=201,
             response_model=ToewijzingOut, summary="Change the omvang of a toewijzing")
async def post_wijziging(toewijzing_id: uuid.UUID, data: ToewijzingWijzigingIn, uow: UnitOfWorkDep,
                         principal: Gemeente, today: Today,
                         response: Response) -> ToewijzingOut:
    """The gemeente changes the omvang, e.g. after a new beschikking: the toewijzing ends the
    day before `ingangsdatum` with the RedenWijziging (WMO002; from its first day it is
    withdrawn with 13) and a new toewijzing follows it. The answer is the new toewijzing; the
    WMO301 with the full set follows in the provider's mailbox."""
    out = toewijzing_out(await wijzigingen.wijzig(uow, principal, toewijzing_id,
                                                  data, today))
    response.headers["Location"] = f"/api/v1/toewijzingen/{out.id}"
    return out


@router.post("/toewijzingen/{toewijzing_id}/stop", response_model=ToewijzingOut,
             summary="Report the stop of delivery")
async def post_stop(toewijzing_id: uuid.UUID, data: StopIn, uow: UnitOfWorkDep, principal: Levering,
                    today: Today) -> ToewijzingOut:
    """The stop message (iWmo WMO307) with its reden beëindiging (iWmo WMO588)."""
    return toewijzing_out(await toewijzingen.stop(uow, principal, toewijzing_id,
                                                  data, today))
