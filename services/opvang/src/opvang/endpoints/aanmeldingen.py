"""Aanmeldingen: registration, BW indicatie, MO intake, assessment and the proposal."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, UnitOfWorkDep

from ..domain.vormen import Vorm
from ..domain.wachtlijst import prioriteit, wachttijd
from ..models import Aanmelding
from ..schemas import (
    AanmeldingIn,
    AanmeldingList,
    AanmeldingOut,
    BeoordelingIn,
    IndicatieBwIn,
    IntakeMoIn,
    VoorstelOut,
)
from ..service import aanmeldingen, plaatsingen
from .dependencies import Aanmelder, Beoordelaar, IntakeDoener, PersonReader, RegionaleToegang
from .presenters import aangemaakt, voorstel_out

router = APIRouter(tags=["aanmeldingen"])


def aanmelding_out(a: Aanmelding) -> AanmeldingOut:
    """The wait runs to the day the aanmelding left the wachtlijst, or to today."""
    w = wachttijd(a.vorm, a.verwezen_op, a.wachtlijst_tot or date.today())
    return AanmeldingOut(
        id=a.id, client_id=a.client_id, gemeente=a.gemeente, buiten_regio=a.buiten_regio,
        kanaal=a.kanaal, vorm=a.vorm, status=a.status, urgent=a.urgent, crisis=a.crisis,
        prioriteit=prioriteit(crisis=a.crisis, urgent=a.urgent), verwezen_op=a.verwezen_op,
        wachtdagen=w.wachtdagen, norm_dagen=w.norm_dagen, beschermd=a.beschermd,
        doelgroep=a.doelgroep, financiering=a.financiering, indicatie_bw_op=a.indicatie_bw_op,
        bovenregionaal_toegestaan=a.bovenregionaal_toegestaan, intake_mo_op=a.intake_mo_op,
        beste_kans_gemeente=a.beste_kans_gemeente, overgedragen_aan=a.overgedragen_aan,
    )


@router.post("/aanmeldingen", status_code=201, response_model=AanmeldingOut,
             summary="Register an aanmelding")
async def post_aanmelding(data: AanmeldingIn, uow: UnitOfWorkDep, principal: Aanmelder,
                          response: Response) -> AanmeldingOut:
    """An aanmelding for MO or BW from any channel. Landelijke toegankelijkheid: a resident of
    a municipality outside the region is never refused. A U16 municipality registers only its
    own residents (403 otherwise). MO goes onto the wachtlijst at once; BW after the indicatie."""
    return aangemaakt(response, "aanmeldingen",
                      aanmelding_out(await aanmeldingen.create(uow, principal, data)))


@router.get("/aanmeldingen", response_model=AanmeldingList, summary="List aanmeldingen")
async def list_aanmeldingen(
    uow: UnitOfWorkDep, principal: PersonReader, paging: Paging,
    status: Annotated[str | None, Query(max_length=30)] = None,
    vorm: Annotated[Vorm | None, Query()] = None,
    client_id: Annotated[str | None, Query(alias="clientId", max_length=40)] = None,
    melding_id: Annotated[uuid.UUID | None, Query(alias="meldingId")] = None,
) -> AanmeldingList:
    """The aanmeldingen visible to the caller, newest first: a municipality its own residents,
    a provider the clients placed with it, a team those it registered."""
    rows, total = await aanmeldingen.list_visible(
        uow, principal, status=status, vorm=vorm.value if vorm else None,
        client_id=client_id, melding_id=melding_id, page=paging)
    return AanmeldingList.of([aanmelding_out(a) for a in rows], total, paging)


@router.get("/aanmeldingen/{aanmelding_id}", response_model=AanmeldingOut,
            summary="Read an aanmelding")
async def get_aanmelding(aanmelding_id: uuid.UUID, uow: UnitOfWorkDep,
                         principal: PersonReader) -> AanmeldingOut:
    """One aanmelding with its status and wait; 404 when it is not visible to the caller."""
    return aanmelding_out(await aanmeldingen.read(uow, principal, aanmelding_id))


@router.post("/aanmeldingen/{aanmelding_id}/indicatie-bw", response_model=AanmeldingOut,
             summary="Set the BW indicatie")
async def post_indicatie_bw(aanmelding_id: uuid.UUID, data: IndicatieBwIn, uow: UnitOfWorkDep,
                            principal: RegionaleToegang) -> AanmeldingOut:
    """Only the Regionale toegang sets the indicatie beschermd wonen, with the exact form and
    (as an exception) approval of a place outside the region. The aanmelding then waits."""
    return aanmelding_out(
        await aanmeldingen.set_indicatie_bw(uow, principal, aanmelding_id, data))


@router.post("/aanmeldingen/{aanmelding_id}/intake-mo", response_model=AanmeldingOut,
             summary="Record the MO intake")
async def post_intake_mo(aanmelding_id: uuid.UUID, data: IntakeMoIn, uow: UnitOfWorkDep,
                         principal: IntakeDoener) -> AanmeldingOut:
    """The intake for maatschappelijke opvang, optionally settling the MO form."""
    return aanmelding_out(await aanmeldingen.intake_mo(uow, principal, aanmelding_id, data))


@router.post("/aanmeldingen/{aanmelding_id}/beoordelingen", response_model=AanmeldingOut,
             summary="Assess where the trajectory has the best chance")
async def post_beoordeling(aanmelding_id: uuid.UUID, data: BeoordelingIn, uow: UnitOfWorkDep,
                           principal: Beoordelaar) -> AanmeldingOut:
    """Records the municipality where the trajectory has the best chance of success. Outside
    the U16 region that means a warme overdracht to it; regiobinding is never a refusal."""
    return aanmelding_out(await aanmeldingen.beoordeel(uow, principal, aanmelding_id, data))


@router.get("/aanmeldingen/{aanmelding_id}/voorstel", response_model=VoorstelOut,
            summary="Placement proposal")
async def get_voorstel(aanmelding_id: uuid.UUID, uow: UnitOfWorkDep, principal: PersonReader,
                       limit: Annotated[int, Query(ge=1, le=200)] = 20) -> VoorstelOut:
    """Free places that fit, best first: inside the region before bovenregionaal (only with an
    approved exception), own municipality first, then regional spread, then most free."""
    voorstel, namen = await plaatsingen.voorstel(uow, principal, aanmelding_id, limit)
    return voorstel_out(aanmelding_id, voorstel, namen)
