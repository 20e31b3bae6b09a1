"""HTTP endpoints of meldingen: registration, first contact, ontvangstgesprek, workers,
outcomes, status for other systems, anonymous contacts and the deadline scan."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.problems import Unprocessable

from . import meldingen, outcomes, signals
from .access import WORKER_ROLES
from .schemas import (
    AfsluitingIn,
    EersteContactIn,
    InformatieContactIn,
    InformatieContactOut,
    MedewerkerIn,
    MedewerkerOut,
    MeldingIn,
    MeldingLijst,
    MeldingOut,
    MeldingStatus,
    OntvangstgesprekIn,
    TermijnScanIn,
    TermijnScanOut,
    VerwijzingIn,
    VerwijzingOut,
)
from .settings import ToegangSettings
from .views import Authenticated, Runtime, medewerker_out, melding_out, samenvatting, verwijzing_out

router = APIRouter(tags=["meldingen"])

Submitter = Annotated[Principal, Depends(require_roles(*WORKER_ROLES, Role.SYSTEEM))]
System = Annotated[Principal, Depends(require_roles(Role.SYSTEEM))]


@router.post("/meldingen", status_code=201, response_model=MeldingOut,
             summary="Register a melding")
async def post_melding(
    data: MeldingIn, rt: Runtime, principal: Submitter, response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> MeldingOut:
    """Registers a resident's melding, from a worker or another municipal system. The client
    registry is updated (BSN, name, address); the address routes the melding to the buurtteam
    of the resident's home buurt (or the Wmo-loket, Regionale toegang, Stadsteam Back Up for
    their channels). The first-contact, persoonlijk-plan and onderzoek terms start on
    `gemeldOp`. A signal from a professional needs the resident's consent. A repeated
    `Idempotency-Key` is refused with 409 and stores nothing. A registering worker is
    assigned to the casus."""
    async with rt.transaction() as session:
        dossier = await meldingen.register_melding(session, rt, principal, data,
                                                   idempotency_key)
    response.headers["Location"] = f"/api/v1/meldingen/{dossier.melding.id}"
    return melding_out(dossier.melding, dossier)


@router.get("/meldingen", response_model=MeldingLijst, summary="List my casussen")
async def list_meldingen(
    rt: Runtime, principal: Authenticated,
    open_only: Annotated[bool, Query(alias="open")] = True,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> MeldingLijst:
    """The caller's werkvoorraad: casussen assigned to them, ordered by first-contact
    deadline; a team lead (scope `dossiers:toewijzen`) also sees the team's casussen."""
    async with rt.transaction() as session:
        rows = await meldingen.list_werkvoorraad(session, rt, principal, open_only, limit)
    return MeldingLijst(items=[samenvatting(m) for m in rows])


@router.get("/meldingen/{melding_id}", response_model=MeldingOut, summary="Read a casus")
async def get_melding(melding_id: uuid.UUID, rt: Runtime, principal: Authenticated
                      ) -> MeldingOut:
    """The melding with its workers, onderzoek and verwijzingen. Need-to-know: only assigned
    workers (and their team lead) see it; other workers get 404, other roles 403. Every read
    and every refusal is audit-logged."""
    async with rt.transaction() as session:
        dossier = await meldingen.read_dossier(session, rt, principal, melding_id)
    return melding_out(dossier.melding, dossier)


@router.get("/meldingen/{melding_id}/status", response_model=MeldingStatus,
            summary="Follow a melding's status")
async def get_melding_status(melding_id: uuid.UUID, rt: Runtime, principal: Authenticated
                             ) -> MeldingStatus:
    """For the municipal system that submitted the melding (or an assigned worker): status,
    team, deadlines and outcome, without personal data."""
    async with rt.transaction() as session:
        melding, naar = await meldingen.read_status(session, rt, principal, melding_id)
    return MeldingStatus.model_validate({
        "melding_id": melding.id, "status": melding.status, "team": melding.team,
        "gemeld_op": melding.gemeld_op, "eerste_contact_uiterlijk":
        melding.eerste_contact_uiterlijk, "eerste_contact_op": melding.eerste_contact_op,
        "onderzoek_uiterlijk": melding.onderzoek_uiterlijk, "uitkomst": melding.uitkomst,
        "verwijzingen": naar})


@router.post("/meldingen/{melding_id}/eerste-contacten", status_code=201,
             response_model=MeldingOut, summary="Record the first contact")
async def post_eerste_contact(melding_id: uuid.UUID, data: EersteContactIn, rt: Runtime,
                              principal: Authenticated) -> MeldingOut:
    """Records the first contact with the resident, measured against the norm of 5
    werkdagen after the melding. Only once per casus (409 after that)."""
    async with rt.transaction() as session:
        melding = await meldingen.eerste_contact(session, rt, principal, melding_id, data)
    return melding_out(melding)


@router.post("/meldingen/{melding_id}/ontvangstgesprekken", status_code=201,
             response_model=MeldingOut, summary="Record the ontvangstgesprek and its triage")
async def post_ontvangstgesprek(melding_id: uuid.UUID, data: OntvangstgesprekIn, rt: Runtime,
                                principal: Authenticated) -> MeldingOut:
    """Records the ontvangstgesprek after the first contact, with its triage outcome:
    sociaal generalist, volunteer or sociaal raadsman, Wmo-loket, Stadsteam Back Up, or
    Jeugd en Gezin."""
    async with rt.transaction() as session:
        melding = await meldingen.ontvangstgesprek(session, rt, principal, melding_id, data)
    return melding_out(melding)


@router.post("/meldingen/{melding_id}/medewerkers", status_code=201,
             response_model=MedewerkerOut, summary="Assign a worker to the casus")
async def post_medewerker(melding_id: uuid.UUID, data: MedewerkerIn, rt: Runtime,
                          principal: Authenticated) -> MedewerkerOut:
    """Assigns a worker, with a reason; `vervangt` ends another worker's assignment (e.g. a
    reassignment at the resident's request). Done by an assigned worker or the team lead."""
    async with rt.transaction() as session:
        row = await meldingen.assign(session, rt, principal, melding_id, data)
    return medewerker_out(row)


@router.post("/meldingen/{melding_id}/verwijzingen", status_code=201,
             response_model=VerwijzingOut, summary="Refer the resident")
async def post_verwijzing(melding_id: uuid.UUID, data: VerwijzingIn, rt: Runtime,
                          principal: Authenticated, response: Response) -> VerwijzingOut:
    """Refers the resident: to aanvullende zorg (indicatie opens an aanvraag from the event),
    to the Wmo-loket (optionally with the loket worker who joins the casus), to the
    Regionale toegang (opvang opens an aanmelding) or to Werk en Inkomen (a signal). One
    verwijzing per destination per casus."""
    async with rt.transaction() as session:
        verwijzing = await outcomes.verwijs(session, rt, principal, melding_id, data)
    response.headers["Location"] = f"/api/v1/meldingen/{melding_id}/verwijzingen/{verwijzing.id}"
    return verwijzing_out(verwijzing)


@router.post("/meldingen/{melding_id}/afsluitingen", status_code=201,
             response_model=MeldingOut, summary="Close the casus")
async def post_afsluiting(melding_id: uuid.UUID, data: AfsluitingIn, rt: Runtime,
                          principal: Authenticated) -> MeldingOut:
    """Closes the casus with its outcome, e.g. solved in basiszorg or referred; a 'verwezen'
    outcome needs the matching verwijzing."""
    async with rt.transaction() as session:
        melding = await outcomes.close(session, rt, principal, melding_id, data)
    return melding_out(melding)


@router.post("/informatie-contacten", status_code=201, response_model=InformatieContactOut,
             summary="Register an anonymous information contact")
async def post_informatie_contact(data: InformatieContactIn, rt: Runtime,
                                  principal: Submitter) -> InformatieContactOut:
    """An information or advice question without BSN and without a dossier; counted, never
    linked to a person."""
    async with rt.transaction() as session:
        contact = await meldingen.register_informatie_contact(session, principal, data)
    return InformatieContactOut.model_validate({
        "id": contact.id, "kanaal": contact.kanaal, "onderwerp": contact.onderwerp,
        "wijk": contact.wijk, "contact_op": contact.contact_op})


@router.post("/termijnscans", status_code=201, response_model=TermijnScanOut,
             summary="Run a deadline scan", tags=["beheer"])
async def post_termijnscan(data: TermijnScanIn, rt: Runtime, principal: System) -> TermijnScanOut:
    """Runs one scan for deadlines that are near or have passed, as the background task does
    periodically; each signal is published once. `peildatum` may not lie in the future."""
    peildatum = data.peildatum or meldingen.vandaag()
    if peildatum > meldingen.vandaag():
        raise Unprocessable("peildatum: cannot lie in the future")
    settings = rt.settings
    nadert = settings.termijn_nadert_werkdagen if isinstance(settings, ToegangSettings) else 2
    async with rt.transaction() as session:
        n = await signals.scan(session, rt, peildatum, nadert)
    return TermijnScanOut(peildatum=peildatum, signalen=n)
