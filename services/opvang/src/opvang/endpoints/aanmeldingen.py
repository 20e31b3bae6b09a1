from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from .. import aanmeldingen, plaatsingen
from ..domain.vormen import Vorm
from ..schemas import (
    AanmeldingIn,
    AanmeldingList,
    AanmeldingOut,
    BeoordelingIn,
    IndicatieBwIn,
    IntakeMoIn,
    VoorstelItem,
    VoorstelOut,
)
from .common import Aanmelder, Beoordelaar, IntakeDoener, PersonReader, RegionaleToegang, Runtime

router = APIRouter(tags=["aanmeldingen"])


@router.post("/aanmeldingen", status_code=201, response_model=AanmeldingOut,
             summary="Register an aanmelding")
async def post_aanmelding(data: AanmeldingIn, rt: Runtime, principal: Aanmelder,
                          response: Response) -> AanmeldingOut:
    """An aanmelding for MO or BW from any channel. Landelijke toegankelijkheid: a resident of
    a municipality outside the region is never refused. A U16 municipality registers only its
    own residents (403 otherwise). MO goes onto the wachtlijst at once; BW after the indicatie."""
    async with rt.transaction() as session:
        a = await aanmeldingen.create(session, rt, principal, data)
        out = aanmeldingen.aanmelding_out(a)
    response.headers["Location"] = f"/api/v1/aanmeldingen/{out.id}"
    return out


@router.get("/aanmeldingen", response_model=AanmeldingList, summary="List aanmeldingen")
async def list_aanmeldingen(
    rt: Runtime, principal: PersonReader,
    status: Annotated[str | None, Query(max_length=30)] = None,
    vorm: Annotated[Vorm | None, Query()] = None,
    client_id: Annotated[str | None, Query(alias="clientId", max_length=40)] = None,
    melding_id: Annotated[uuid.UUID | None, Query(alias="meldingId")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AanmeldingList:
    """The aanmeldingen visible to the caller, newest first: a municipality its own residents,
    a provider the clients placed with it, a team those it registered."""
    async with rt.transaction() as session:
        rows = await aanmeldingen.list_visible(
            session, rt, principal, status=status, vorm=vorm.value if vorm else None,
            client_id=client_id, melding_id=melding_id, limit=limit)
        return AanmeldingList(items=[aanmeldingen.aanmelding_out(a) for a in rows])


@router.get("/aanmeldingen/{aanmelding_id}", response_model=AanmeldingOut,
            summary="Read an aanmelding")
async def get_aanmelding(aanmelding_id: uuid.UUID, rt: Runtime,
                         principal: PersonReader) -> AanmeldingOut:
    """One aanmelding with its status and wait; 404 when it is not visible to the caller."""
    async with rt.transaction() as session:
        return aanmeldingen.aanmelding_out(
            await aanmeldingen.read(session, rt, principal, aanmelding_id))


@router.post("/aanmeldingen/{aanmelding_id}/indicatie-bw", response_model=AanmeldingOut,
             summary="Set the BW indicatie")
async def post_indicatie_bw(aanmelding_id: uuid.UUID, data: IndicatieBwIn, rt: Runtime,
                            principal: RegionaleToegang) -> AanmeldingOut:
    """Only the Regionale toegang sets the indicatie beschermd wonen, with the exact form and
    (as an exception) approval of a place outside the region. The aanmelding then waits."""
    async with rt.transaction() as session:
        return aanmeldingen.aanmelding_out(
            await aanmeldingen.set_indicatie_bw(session, rt, principal, aanmelding_id, data))


@router.post("/aanmeldingen/{aanmelding_id}/intake-mo", response_model=AanmeldingOut,
             summary="Record the MO intake")
async def post_intake_mo(aanmelding_id: uuid.UUID, data: IntakeMoIn, rt: Runtime,
                         principal: IntakeDoener) -> AanmeldingOut:
    """The intake for maatschappelijke opvang, optionally settling the MO form."""
    async with rt.transaction() as session:
        return aanmeldingen.aanmelding_out(
            await aanmeldingen.intake_mo(session, rt, principal, aanmelding_id, data))


@router.post("/aanmeldingen/{aanmelding_id}/beoordelingen", response_model=AanmeldingOut,
             summary="Assess where the trajectory has the best chance")
async def post_beoordeling(aanmelding_id: uuid.UUID, data: BeoordelingIn, rt: Runtime,
                           principal: Beoordelaar) -> AanmeldingOut:
    """Records the municipality where the trajectory has the best chance of success. Outside
    the U16 region that means a warme overdracht to it; regiobinding is never a refusal."""
    async with rt.transaction() as session:
        return aanmeldingen.aanmelding_out(
            await aanmeldingen.beoordeel(session, rt, principal, aanmelding_id, data))


@router.get("/aanmeldingen/{aanmelding_id}/voorstel", response_model=VoorstelOut,
            summary="Placement proposal")
async def get_voorstel(aanmelding_id: uuid.UUID, rt: Runtime, principal: PersonReader,
                       limit: Annotated[int, Query(ge=1, le=200)] = 20) -> VoorstelOut:
    """Free places that fit, best first: inside the region before bovenregionaal (only with an
    approved exception), own municipality first, then regional spread, then most free."""
    async with rt.transaction() as session:
        voorstel = await plaatsingen.voorstel(session, rt, principal, aanmelding_id, limit)
        namen = await plaatsingen.locatie_namen(session, [v.plek.id for v in voorstel])
    return VoorstelOut(aanmelding_id=aanmelding_id, items=[
        VoorstelItem(rang=v.rang, locatie_id=uuid.UUID(v.plek.id),
                     locatie_naam=namen.get(v.plek.id, ""), gemeente=v.plek.gemeente,
                     bovenregionaal=v.plek.bovenregionaal, eigen_gemeente=v.eigen_gemeente,
                     vrij=v.plek.vrij, gemeente_bezettingsgraad=v.gemeente_bezettingsgraad)
        for v in voorstel])
