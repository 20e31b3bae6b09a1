"""Klachten (Awb chapter 9) about the gemeente, a buurtteam or a provider, and their handling
within the legal term."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep
from wmokernel.events.klachten import KlachtBetreft
from wmokernel.normen import KLACHT_VERDAGING_WEKEN

from ..domain.klachten import AfzienGrond, termijn_overschreden
from ..models.klachten import Klacht
from ..schemas.klachten import (
    KlachtAfhandelingIn,
    KlachtBetreftOut,
    KlachtHorenIn,
    KlachtHorenOut,
    KlachtIn,
    KlachtList,
    KlachtOntvangstbevestigingIn,
    KlachtOut,
    KlachtStatus,
    KlachtVerdagingIn,
    KlachtVerdagingOut,
)
from ..service import klachten
from .dependencies import Gemeente, Reader

router = APIRouter(tags=["klachten"])


def klacht_out(k: Klacht, today: date) -> KlachtOut:
    horen = None
    if k.gehoord_op is not None or k.horen_afgezien_op is not None:
        horen = KlachtHorenOut(gehoord_op=k.gehoord_op, afgezien_op=k.horen_afgezien_op,
                         grond_afzien=AfzienGrond(k.horen_afzien_grond)
                         if k.horen_afzien_grond else None)
    verdaging = None
    if k.verdaagd_op is not None:
        verdaging = KlachtVerdagingOut(mededeling_op=k.verdaagd_op, reden=k.verdaging_reden,
                                 weken=KLACHT_VERDAGING_WEKEN)
    return KlachtOut(
        id=k.id, betreft=KlachtBetreftOut(soort=KlachtBetreft(k.betreft),
                                    organisatie_code=k.organisatie_code,
                                    organisatie_naam=k.organisatie_naam),
        client_id=k.client_id, ontvangen_op=k.ontvangen_op, omschrijving=k.omschrijving,
        klachtadviescommissie=k.klachtadviescommissie,
        ontvangstbevestiging_op=k.ontvangstbevestiging_op, horen=horen, verdaging=verdaging,
        beslissen_uiterlijk=k.beslissen_uiterlijk, status=k.status,
        uitkomst=k.uitkomst, afgehandeld_op=k.afgehandeld_op,
        toelichting=k.toelichting, tijdig=k.tijdig,
        termijn_overschreden=termijn_overschreden(k.status, k.beslissen_uiterlijk, k.tijdig,
                                                  today))


@router.post("/klachten", status_code=201, response_model=KlachtOut,
             summary="Register a klacht")
async def post_klacht(data: KlachtIn, uow: UnitOfWorkDep, principal: Gemeente, today: Today,
                      response: Response) -> KlachtOut:
    """Registers a klacht about the gemeente, a buurtteam or a provider, by or for a resident
    (pseudonymous clientId, optional). It is handled within 6 weeks of receipt, 10 when a
    klachtadviescommissie advises (Awb 9:11 lid 1), on the Algemene termijnenwet calendar. The
    omschrijving stays in indicatie: the event carries only the organisation and the dates."""
    k = await klachten.register(uow, principal, data, today)
    response.headers["Location"] = f"/api/v1/klachten/{k.id}"
    return klacht_out(k, today)


@router.get("/klachten", response_model=KlachtList, summary="List klachten")
async def list_klachten(
    uow: UnitOfWorkDep, principal: Reader, paging: Paging, today: Today,
    status: Annotated[KlachtStatus | None, Query()] = None,
    betreft: Annotated[KlachtBetreft | None, Query(
        description="gemeente, buurtteam or aanbieder")] = None,
    organisatie: Annotated[str | None, Query(
        max_length=64, description="the organisation's code (CBS, team or AGB code)")] = None,
    termijn_overschreden: Annotated[bool | None, Query(
        alias="termijnOverschreden",
        description="true: open past the last day today, or handled late")] = None,
) -> KlachtList:
    """Klachten, the most recently received first (reading them is audit-logged)."""
    rows, total = await klachten.list_klachten(
        uow, principal, status=status, betreft=betreft, organisatie=organisatie,
        overschreden=termijn_overschreden, today=today, page=paging)
    return KlachtList.of([klacht_out(k, today) for k in rows], total, paging)


@router.get("/klachten/{klacht_id}", response_model=KlachtOut, summary="Read a klacht")
async def get_klacht(klacht_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader,
                     today: Today) -> KlachtOut:
    """One klacht with its steps and its term (reading it is audit-logged)."""
    return klacht_out(await klachten.lees_klacht(uow, principal, klacht_id), today)


@router.post("/klachten/{klacht_id}/ontvangstbevestiging", response_model=KlachtOut,
             summary="Record the acknowledgement of receipt")
async def post_ontvangstbevestiging(klacht_id: uuid.UUID, data: KlachtOntvangstbevestigingIn,
                                    uow: UnitOfWorkDep, principal: Gemeente,
                                    today: Today) -> KlachtOut:
    """The day the written acknowledgement was sent (Awb 9:6); a klacht is handled only after
    it. Once only."""
    return klacht_out(await klachten.bevestig_ontvangst(uow, principal, klacht_id, data, today),
                      today)


@router.post("/klachten/{klacht_id}/horen", response_model=KlachtOut,
             summary="Record the hearing, or why it was waived")
async def post_horen(klacht_id: uuid.UUID, data: KlachtHorenIn, uow: UnitOfWorkDep,
                     principal: Gemeente, today: Today) -> KlachtOut:
    """The day the klager was heard (Awb 9:10 lid 1), or the day and ground of waiving the
    hearing (lid 2: kennelijk ongegrond, the klager does not wish to be heard, no answer within
    the term given). A klacht is judged only after this. Once only."""
    return klacht_out(await klachten.hoor(uow, principal, klacht_id, data, today), today)


@router.post("/klachten/{klacht_id}/verdaging", response_model=KlachtOut,
             summary="Postpone the handling by 4 weeks")
async def post_verdaging(klacht_id: uuid.UUID, data: KlachtVerdagingIn, uow: UnitOfWorkDep,
                         principal: Gemeente, today: Today) -> KlachtOut:
    """Postpones the handling once by 4 weeks, with the day of the written notice, sent within
    the term (Awb 9:11 lid 2). A second postponement is refused (422)."""
    return klacht_out(await klachten.verdaag(uow, principal, klacht_id, data, today), today)


@router.post("/klachten/{klacht_id}/afhandeling", response_model=KlachtOut,
             summary="Handle the klacht")
async def post_afhandeling(klacht_id: uuid.UUID, data: KlachtAfhandelingIn, uow: UnitOfWorkDep,
                           principal: Gemeente, today: Today) -> KlachtOut:
    """The outcome (gegrond, deels-gegrond, ongegrond, ingetrokken, niet-in-behandeling) and its
    date, after the acknowledgement (Awb 9:6) and, to judge it, the hearing (9:10); whether it
    came within the term (for niet-in-behandeling: 4 weeks, Awb 9:8 lid 3)."""
    return klacht_out(await klachten.handel_af(uow, principal, klacht_id, data, today), today)
