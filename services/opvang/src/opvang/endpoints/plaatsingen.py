"""Placements: reservation, allocation rounds, opname, uitstroom and housing offers."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, UnitOfWorkDep

from ..domain.zichtbaarheid import scope_of
from ..schemas import (
    OpnameIn,
    PlaatsingIn,
    PlaatsingList,
    PlaatsingOut,
    ToewijzingsrondeIn,
    ToewijzingsrondeOut,
    UitstroomBlokkadeIn,
    UitstroomIn,
    WoningAanbodIn,
    WoningAanbodOut,
)
from ..service import plaatsingen
from .dependencies import PersonReader, Plaatser, Woningaanbieder, Zorgverlener
from .presenters import aangemaakt, plaatsing_out

router = APIRouter(tags=["plaatsingen"])


@router.post("/plaatsingen", status_code=201, response_model=PlaatsingOut,
             summary="Reserve a place")
async def post_plaatsing(data: PlaatsingIn, uow: UnitOfWorkDep, principal: Plaatser,
                         response: Response) -> PlaatsingOut:
    """Reserves a place for a waiting aanmelding: the named location or the best free place
    of the proposal. Atomic: concurrent placements never overfill a location; when no place
    fits, 409 and the aanmelding stays on the wachtlijst."""
    out = plaatsing_out(await plaatsingen.reserveer(uow, principal, data.aanmelding_id,
                                                    data.locatie_id, data.gereserveerd_op),
                        scope_of(principal))
    return aangemaakt(response, "plaatsingen", out)


@router.post("/toewijzingsrondes", response_model=ToewijzingsrondeOut,
             summary="Run an allocation round")
async def post_toewijzingsronde(data: ToewijzingsrondeIn, uow: UnitOfWorkDep,
                                principal: Plaatser) -> ToewijzingsrondeOut:
    """Assigns the whole wachtlijst by priority and wait to the best free places, reserving
    each place atomically."""
    wachtend, ids = await plaatsingen.toewijzingsronde_uitvoeren(
        uow, principal, data.peildatum or date.today())
    return ToewijzingsrondeOut(wachtend=wachtend, geplaatst=len(ids), plaatsing_ids=ids)


@router.get("/plaatsingen", response_model=PlaatsingList, summary="List plaatsingen")
async def list_plaatsingen(
    uow: UnitOfWorkDep, principal: PersonReader, paging: Paging,
    status: Annotated[str | None, Query(max_length=30)] = None,
    aanmelding_id: Annotated[uuid.UUID | None, Query(alias="aanmeldingId")] = None,
) -> PlaatsingList:
    """Placements visible to the caller (a provider: at its own locations). The location of a
    protected client is null for every municipality."""
    rows, total = await plaatsingen.list_visible(uow, principal, status=status,
                                                 aanmelding_id=aanmelding_id, page=paging)
    scope = scope_of(principal)
    return PlaatsingList.of([plaatsing_out(rij, scope) for rij in rows], total, paging)


@router.get("/plaatsingen/{plaatsing_id}", response_model=PlaatsingOut,
            summary="Read a plaatsing")
async def get_plaatsing(plaatsing_id: uuid.UUID, uow: UnitOfWorkDep,
                        principal: PersonReader) -> PlaatsingOut:
    """One placement with its dates and length of stay."""
    return plaatsing_out(await plaatsingen.read(uow, principal, plaatsing_id),
                         scope_of(principal))


@router.post("/plaatsingen/{plaatsing_id}/opname", response_model=PlaatsingOut,
             summary="Record the opname")
async def post_opname(plaatsing_id: uuid.UUID, data: OpnameIn, uow: UnitOfWorkDep,
                      principal: Zorgverlener) -> PlaatsingOut:
    """The client was admitted; the wait from verwijzing is measured against the norm."""
    return plaatsing_out(await plaatsingen.opname(uow, principal, plaatsing_id, data),
                         scope_of(principal))


@router.post("/plaatsingen/{plaatsing_id}/uitstroom", response_model=PlaatsingOut,
             summary="Record the uitstroom")
async def post_uitstroom(plaatsing_id: uuid.UUID, data: UitstroomIn, uow: UnitOfWorkDep,
                         principal: Zorgverlener) -> PlaatsingOut:
    """The client left for Beschermd Thuis, Eerst een Thuis, zelfstandig wonen or elsewhere;
    the place is free again."""
    return plaatsing_out(await plaatsingen.uitstroom(uow, principal, plaatsing_id, data),
                         scope_of(principal))


@router.post("/plaatsingen/{plaatsing_id}/uitstroom-blokkades", response_model=PlaatsingOut,
             summary="Record blocked outflow")
async def post_uitstroom_blokkade(plaatsing_id: uuid.UUID, data: UitstroomBlokkadeIn,
                                  uow: UnitOfWorkDep, principal: Zorgverlener) -> PlaatsingOut:
    """The client is ready to move on but cannot, with the reason (e.g. geen-woning)."""
    return plaatsing_out(
        await plaatsingen.blokkeer_uitstroom(uow, principal, plaatsing_id, data),
        scope_of(principal))


@router.post("/plaatsingen/{plaatsing_id}/woningaanbiedingen", status_code=201,
             response_model=WoningAanbodOut, summary="Record a housing offer")
async def post_woningaanbod(plaatsing_id: uuid.UUID, data: WoningAanbodIn, uow: UnitOfWorkDep,
                            principal: Woningaanbieder) -> WoningAanbodOut:
    """A home offered for outflow (e.g. (T)huis voor iedereen)."""
    aanbod = await plaatsingen.bied_woning_aan(uow, principal, plaatsing_id, data)
    return WoningAanbodOut(id=aanbod.id, plaatsing_id=aanbod.plaatsing_id,
                           soort=aanbod.soort, gemeente=aanbod.gemeente,
                           aangeboden_op=aanbod.aangeboden_op)
