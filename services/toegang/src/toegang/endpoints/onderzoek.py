"""HTTP endpoints of the onderzoek of a casus."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from wmokernel.dependencies import Authenticated, UnitOfWorkDep

from ..schemas import (
    BevindingenIn,
    MeldingOut,
    OnderzoekIn,
    OnderzoekOut,
    OpschortingIn,
    VerlengingIn,
    VerslagIn,
)
from ..service import onderzoek
from .meldingen import SHARE_REFUSED
from .presenters import melding_out, onderzoek_out

router = APIRouter(tags=["onderzoek"])


@router.post("/meldingen/{melding_id}/onderzoek", status_code=201, response_model=OnderzoekOut,
             summary="Start the onderzoek")
async def post_onderzoek(melding_id: uuid.UUID, data: OnderzoekIn, uow: UnitOfWorkDep,
                         principal: Authenticated) -> OnderzoekOut:
    """Starts the onderzoek after the first contact. Cliëntondersteuning must have been offered
    before it starts; the 6-week term runs from the melding, the persoonlijk plan may be handed
    in within 7 days of the melding."""
    row = await onderzoek.start(uow, principal, melding_id, data)
    return onderzoek_out(row)


@router.put("/meldingen/{melding_id}/onderzoek/bevindingen", response_model=OnderzoekOut,
            summary="Record the findings of the onderzoek",
            responses={403: {"description": SHARE_REFUSED}})
async def put_bevindingen(melding_id: uuid.UUID, data: BevindingenIn, uow: UnitOfWorkDep,
                          principal: Authenticated) -> OnderzoekOut:
    """Records (replaces) the domains of the onderzoek: needs, own strength and network,
    mantelzorg, algemene voorzieningen, money problems (a priority signal to Werk en Inkomen,
    on the resident's consent for `werk-en-inkomen` and `schuldhulpverlening`: 403 without),
    ZRM scores, the perspective and group or individual support (individual needs a reason)."""
    row = await onderzoek.record_findings(uow, principal, melding_id, data)
    return onderzoek_out(row)


@router.post("/meldingen/{melding_id}/onderzoek/verlengingen", status_code=201,
             response_model=MeldingOut, summary="Extend the onderzoek's term")
async def post_verlenging(melding_id: uuid.UUID, data: VerlengingIn, uow: UnitOfWorkDep,
                          principal: Authenticated) -> MeldingOut:
    """Extends the onderzoek's deadline by whole weeks, with a reason."""
    melding = await onderzoek.extend(uow, principal, melding_id, data)
    return melding_out(melding)


@router.post("/meldingen/{melding_id}/onderzoek/opschortingen", status_code=201,
             response_model=MeldingOut, summary="Suspend the onderzoek")
async def post_opschorting(melding_id: uuid.UUID, data: OpschortingIn, uow: UnitOfWorkDep,
                           principal: Authenticated) -> MeldingOut:
    """Suspends the onderzoek for a period, with a reason; the deadline moves by the days of
    the suspension."""
    melding = await onderzoek.suspend(uow, principal, melding_id, data)
    return melding_out(melding)


@router.post("/meldingen/{melding_id}/onderzoek/verslagen", status_code=201,
             response_model=OnderzoekOut, summary="Complete the onderzoek with its verslag")
async def post_verslag(melding_id: uuid.UUID, data: VerslagIn, uow: UnitOfWorkDep,
                       principal: Authenticated) -> OnderzoekOut:
    """Completes the onderzoek with the written verslag for the resident; needs the findings,
    the perspective and the form of support."""
    row = await onderzoek.complete(uow, principal, melding_id, data)
    return onderzoek_out(row)
