"""The herbeoordeling worklist and the decision per review; the Wlz overgangen."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep
from wmokernel.events.herbeoordeling import (
    HerbeoordelingBesluit,
    HerbeoordelingVervalReden,
    WlzBesluit,
    WlzReden,
)

from ..domain import herbeoordeling as regels
from ..models.herbeoordeling import Herbeoordeling, WlzOvergang
from ..schemas.herbeoordeling import (
    BeeindigdeToewijzingOut,
    CizAanvraagIn,
    HerbeoordelingBesluitIn,
    HerbeoordelingList,
    HerbeoordelingOut,
    HerbeoordelingStatus,
    WlzBesluitIn,
    WlzOvergangList,
    WlzOvergangOut,
    WlzSignaalIn,
    WlzStatus,
)
from ..service import herbeoordelingen, wlz
from .dependencies import Gemeente

router = APIRouter(tags=["herbeoordelingen"])

# The buurtteam follows its own wijk's reviews and signals the Wlz; only the gemeente decides.
Lezer = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.SYSTEEM,
                                                   Role.BUURTTEAM))]
Signaleerder = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.BUURTTEAM))]
_FORBIDDEN: dict[int | str, dict[str, Any]] = {403: {
    "description": "Not allowed for your role, or (a buurtteam) another team's"}}


def herbeoordeling_out(h: Herbeoordeling, today: date) -> HerbeoordelingOut:
    return HerbeoordelingOut(
        id=h.id, beschikt_product_id=h.beschikt_product_id, beschikking_id=h.beschikking_id,
        aanvraag_id=h.aanvraag_id, toewijzing_id=h.toewijzing_id, client_id=h.client_id,
        wijk=h.wijk, aanbieder=h.aanbieder, product_code=h.product_code,
        productcategorie=h.productcategorie, herbeoordeling_op=h.herbeoordeling_op,
        einddatum=h.einddatum, uiterlijk=h.uiterlijk, gesignaleerd_op=h.gesignaleerd_op,
        status=h.status,
        achterstallig=h.status == "open" and h.herbeoordeling_op < today,
        besluit=HerbeoordelingBesluit(h.besluit) if h.besluit else None,
        besloten_op=h.besloten_op, motivering=h.motivering,
        tijdig=(regels.tijdig(h.besloten_op, h.herbeoordeling_op)
                if h.besloten_op is not None else None),
        herindicatie_aanvraag_id=h.herindicatie_aanvraag_id, afgesloten_op=h.afgesloten_op,
        reden_afsluiting=(HerbeoordelingVervalReden(h.reden_afsluiting)
                          if h.reden_afsluiting else None))


def overgang_out(o: WlzOvergang) -> WlzOvergangOut:
    return WlzOvergangOut(
        id=o.id, client_id=o.client_id, team=o.team, reden=WlzReden(o.reden),
        toelichting=o.toelichting, gesignaleerd_op=o.gesignaleerd_op,
        status=o.status,
        aangevraagd_op=o.aangevraagd_op, besluit=WlzBesluit(o.besluit) if o.besluit else None,
        besloten_op=o.besloten_op, wlz_ingangsdatum=o.wlz_ingangsdatum,
        laatste_wmo_dag=o.laatste_wmo_dag,
        aansluitend=(regels.aansluitend(o.laatste_wmo_dag, o.wlz_ingangsdatum)
                     if o.wlz_ingangsdatum is not None else None),
        beeindigde_toewijzingen=[BeeindigdeToewijzingOut.model_validate(b)
                                 for b in o.beeindigd])


@router.get("/herbeoordelingen", response_model=HerbeoordelingList,
            responses=_FORBIDDEN, summary="The herbeoordeling worklist")
async def list_herbeoordelingen(
    uow: UnitOfWorkDep, principal: Lezer, paging: Paging, today: Today,
    status: Annotated[HerbeoordelingStatus | None, Query()] = None,
    team: Annotated[str | None, Query(max_length=40, description=(
        "the buurtteam's wijk code; a buurtteam always sees its own"))] = None,
    uiterlijk_voor: Annotated[date | None, Query(alias="uiterlijkVoor", description=(
        "only reviews due (herbeoordeling date or einddatum) before this day"))] = None,
    client_id: Annotated[str | None, Query(alias="clientId", max_length=40)] = None,
) -> HerbeoordelingList:
    """Every running toewijzing whose herbeoordeling date or einddatum came within the signal
    window (8 weeks by default: the onderzoek and the beschikking of a herindicatie fit in
    it) or has passed, the soonest due first. It is put on the list, with its signal event,
    by a periodic scan. A buurtteam sees the reviews of its own wijk; the gemeente all."""
    rows, total = await herbeoordelingen.list_herbeoordelingen(
        uow, principal, team, status, uiterlijk_voor, client_id, paging)
    return HerbeoordelingList.of([herbeoordeling_out(h, today) for h in rows], total, paging)


@router.get("/herbeoordelingen/{herbeoordeling_id}", response_model=HerbeoordelingOut,
            responses=_FORBIDDEN, summary="Read a herbeoordeling")
async def get_herbeoordeling(herbeoordeling_id: uuid.UUID, uow: UnitOfWorkDep,
                             principal: Lezer, today: Today) -> HerbeoordelingOut:
    """One review with its dates, its status and the decision taken."""
    return herbeoordeling_out(
        await herbeoordelingen.get_herbeoordeling(uow, principal, herbeoordeling_id), today)


@router.post("/herbeoordelingen/{herbeoordeling_id}/besluit", response_model=HerbeoordelingOut,
             summary="Decide a herbeoordeling")
async def post_besluit(herbeoordeling_id: uuid.UUID, data: HerbeoordelingBesluitIn,
                       uow: UnitOfWorkDep, principal: Gemeente,
                       today: Today) -> HerbeoordelingOut:
    """`voortzetten` files a herindicatie aanvraag for the same client (its 2-week decision
    term runs; the answer names it); `beeindigen` ends the care on the einddatum, or an
    earlier one, and the provider gets the WMO301 with RedenWijziging 05. A review decided,
    expired or moot already: 409."""
    return herbeoordeling_out(
        await herbeoordelingen.besluit(uow, principal, herbeoordeling_id, data, today), today)


# --- the step to the Wlz -------------------------------------------------------------------------


@router.post("/wlz-overgangen", status_code=201, response_model=WlzOvergangOut,
             tags=["wlz-overgangen"], responses=_FORBIDDEN, summary="Signal the Wlz")
async def post_overgang(data: WlzSignaalIn, uow: UnitOfWorkDep, principal: Signaleerder,
                        today: Today, response: Response) -> WlzOvergangOut:
    """The buurtteam (or the gemeente) records that the Wmo no longer suffices: the client
    needs permanent toezicht or 24-hour care in the nabijheid (Wlz art. 3.2.1). One running
    overgang per client (else 409)."""
    out = overgang_out(await wlz.signaleer(uow, principal, data, today))
    response.headers["Location"] = f"/api/v1/wlz-overgangen/{out.id}"
    return out


@router.get("/wlz-overgangen", response_model=WlzOvergangList, tags=["wlz-overgangen"],
            responses=_FORBIDDEN, summary="List Wlz overgangen")
async def list_overgangen(
    uow: UnitOfWorkDep, principal: Lezer, paging: Paging,
    status: Annotated[WlzStatus | None, Query()] = None,
    team: Annotated[str | None, Query(max_length=40, description=(
        "the buurtteam's wijk code; a buurtteam always sees its own"))] = None,
    client_id: Annotated[str | None, Query(alias="clientId", max_length=40)] = None,
) -> WlzOvergangList:
    """Wlz overgangen, newest first; a buurtteam sees its own team's."""
    rows, total = await wlz.list_overgangen(uow, principal, team, status, client_id, paging)
    return WlzOvergangList.of([overgang_out(o) for o in rows], total, paging)


@router.get("/wlz-overgangen/{overgang_id}", response_model=WlzOvergangOut,
            tags=["wlz-overgangen"], responses=_FORBIDDEN, summary="Read a Wlz overgang")
async def get_overgang(overgang_id: uuid.UUID, uow: UnitOfWorkDep,
                       principal: Lezer) -> WlzOvergangOut:
    """One overgang: the signal, the CIZ aanvraag, its outcome and the toewijzingen ended."""
    return overgang_out(await wlz.get_overgang(uow, principal, overgang_id))


@router.post("/wlz-overgangen/{overgang_id}/ciz-aanvraag", response_model=WlzOvergangOut,
             tags=["wlz-overgangen"], summary="Record the CIZ aanvraag")
async def post_ciz_aanvraag(overgang_id: uuid.UUID, data: CizAanvraagIn, uow: UnitOfWorkDep,
                            principal: Gemeente, today: Today) -> WlzOvergangOut:
    """The Wlz-indicatie was requested at the CIZ on `aangevraagdOp`."""
    return overgang_out(await wlz.ciz_aanvraag(uow, principal, overgang_id, data, today))


@router.post("/wlz-overgangen/{overgang_id}/besluit", response_model=WlzOvergangOut,
             tags=["wlz-overgangen"], summary="Record the CIZ's decision")
async def post_wlz_besluit(overgang_id: uuid.UUID, data: WlzBesluitIn, uow: UnitOfWorkDep,
                           principal: Gemeente, today: Today) -> WlzOvergangOut:
    """`toegekend` with the Wlz ingangsdatum: every Wmo toewijzing of the client ends the day
    before (RedenWijziging 06; one that would only begin in the Wlz is withdrawn, 13), each
    provider gets its WMO301, and open herbeoordelingen of the client lapse. `afgewezen`:
    the Wmo care runs on."""
    return overgang_out(await wlz.besluit(uow, principal, overgang_id, data, today))
