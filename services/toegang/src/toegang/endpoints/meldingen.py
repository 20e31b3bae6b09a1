"""HTTP endpoints of meldingen: registration, first contact, ontvangstgesprek, workers,
outcomes, status for other systems and anonymous contacts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from wmokernel.dependencies import Authenticated, Paging, UnitOfWorkDep

from ..schemas import (
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
    VerwijzingIn,
    VerwijzingOut,
)
from ..service import meldingen, uitkomsten
from .dependencies import Melder, Submitter
from .presenters import (
    informatie_contact_out,
    medewerker_out,
    melding_out,
    samenvatting,
    status_out,
    verwijzing_out,
)

router = APIRouter(tags=["meldingen"])

SHARE_REFUSED = ("Not allowed for your role, team or municipality; or a share of the "
                 "resident's data without their consent for that recipient and purpose and "
                 "without a legal basis (the detail names the consent to record)")


@router.post("/meldingen", status_code=201, response_model=MeldingOut,
             summary="Register a melding")
async def post_melding(
    data: MeldingIn, uow: UnitOfWorkDep, principal: Melder, response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> MeldingOut:
    """Registers a resident's melding, from a worker or another municipal system. The client
    registry is updated (BSN, name, address); the address routes the melding to the buurtteam
    of the resident's home buurt (or the Wmo-loket, Regionale toegang, Stadsteam Back Up for
    their channels). The first-contact, persoonlijk-plan and onderzoek terms start on
    `gemeldOp`. A signal from a professional needs the resident's consent. A retry with
    the same `Idempotency-Key` and body gets the first answer again and stores nothing; a key
    is never used for a second melding (409). A registering worker is
    assigned to the casus.

    A U16 municipality (role `u16-gemeente`) registers its own resident for opvang or
    beschermd wonen: its municipality comes from the token (a body `gemeente` naming another
    is 403), the address has a Dutch postcode outside Utrecht (no wijk, buurt or buurtteam),
    kanaal `regionale-toegang` and `opvangvorm` are required (422 otherwise). The melding goes
    to the Regionale toegang, is referred there at once (`aanmelding-opvang-gedaan`, from
    which opvang opens the aanmelding) and its events carry the municipality."""
    dossier = await meldingen.register_melding(uow, principal, data, idempotency_key)
    response.headers["Location"] = f"/api/v1/meldingen/{dossier.melding.id}"
    return melding_out(dossier.melding, dossier)


@router.get("/meldingen", response_model=MeldingLijst, summary="List my casussen")
async def list_meldingen(
    uow: UnitOfWorkDep, principal: Authenticated, paging: Paging,
    open_only: Annotated[bool, Query(alias="open")] = True,
) -> MeldingLijst:
    """The caller's werkvoorraad: casussen assigned to them, ordered by first-contact
    deadline; a team lead (scope `dossiers:toewijzen`) also sees the team's casussen; a U16
    municipality the meldingen of its own residents."""
    rows, total = await meldingen.list_werkvoorraad(uow, principal, open_only, paging)
    return MeldingLijst.of([samenvatting(m) for m in rows], total, paging)


@router.get("/meldingen/{melding_id}", response_model=MeldingOut, summary="Read a casus")
async def get_melding(melding_id: uuid.UUID, uow: UnitOfWorkDep, principal: Authenticated
                      ) -> MeldingOut:
    """The melding with its workers, onderzoek and verwijzingen. Need-to-know: only assigned
    workers (and their team lead) see it, and a U16 municipality its own residents'; other
    workers and municipalities get 404, other roles 403. Every read and every refusal is
    audit-logged."""
    dossier = await meldingen.read_dossier(uow, principal, melding_id)
    return melding_out(dossier.melding, dossier)


@router.get("/meldingen/{melding_id}/status", response_model=MeldingStatus,
            summary="Follow a melding's status")
async def get_melding_status(melding_id: uuid.UUID, uow: UnitOfWorkDep, principal: Authenticated
                             ) -> MeldingStatus:
    """For the municipal system that submitted the melding (or an assigned worker, or the U16
    municipality of the resident): status, team, deadlines and outcome, without personal
    data."""
    melding, naar = await meldingen.read_status(uow, principal, melding_id)
    return status_out(melding, naar)


@router.post("/meldingen/{melding_id}/eerste-contacten", status_code=201,
             response_model=MeldingOut, summary="Record the first contact")
async def post_eerste_contact(melding_id: uuid.UUID, data: EersteContactIn, uow: UnitOfWorkDep,
                              principal: Authenticated) -> MeldingOut:
    """Records the first contact with the resident, measured against the norm of 5
    werkdagen after the melding. Only once per casus (409 after that)."""
    melding = await meldingen.eerste_contact(uow, principal, melding_id, data)
    return melding_out(melding)


@router.post("/meldingen/{melding_id}/ontvangstgesprekken", status_code=201,
             response_model=MeldingOut, summary="Record the ontvangstgesprek and its triage")
async def post_ontvangstgesprek(melding_id: uuid.UUID, data: OntvangstgesprekIn, uow: UnitOfWorkDep,
                                principal: Authenticated) -> MeldingOut:
    """Records the ontvangstgesprek after the first contact, with its triage outcome:
    sociaal generalist, volunteer or sociaal raadsman, Wmo-loket, Stadsteam Back Up, or
    Jeugd en Gezin."""
    melding = await meldingen.ontvangstgesprek(uow, principal, melding_id, data)
    return melding_out(melding)


@router.post("/meldingen/{melding_id}/medewerkers", status_code=201,
             response_model=MedewerkerOut, summary="Assign a worker to the casus",
             responses={403: {"description": SHARE_REFUSED}})
async def post_medewerker(melding_id: uuid.UUID, data: MedewerkerIn, uow: UnitOfWorkDep,
                          principal: Authenticated) -> MedewerkerOut:
    """Assigns a worker, with a reason; `vervangt` ends another worker's assignment (e.g. a
    reassignment at the resident's request). Done by an assigned worker or the team lead. A
    worker of another `team` sees the casus only on the resident's consent for `team <team>`
    and `deelname aan de casus` (403 otherwise); `opVerzoekInwoner` records that consent."""
    row = await meldingen.assign(uow, principal, melding_id, data)
    return medewerker_out(row)


@router.post("/meldingen/{melding_id}/verwijzingen", status_code=201,
             response_model=VerwijzingOut, summary="Refer the resident",
             responses={403: {"description": SHARE_REFUSED}})
async def post_verwijzing(melding_id: uuid.UUID, data: VerwijzingIn, uow: UnitOfWorkDep,
                          principal: Authenticated, response: Response) -> VerwijzingOut:
    """Refers the resident: to aanvullende zorg (indicatie opens an aanvraag from the event),
    to the Wmo-loket (optionally with the loket worker who joins the casus), to the
    Regionale toegang (opvang opens an aanmelding) or to Werk en Inkomen (a signal, only on
    the resident's consent for `werk-en-inkomen` and `schuldhulpverlening`: 403 otherwise).
    One verwijzing per destination per casus."""
    verwijzing = await uitkomsten.verwijs(uow, principal, melding_id, data)
    response.headers["Location"] = f"/api/v1/meldingen/{melding_id}/verwijzingen/{verwijzing.id}"
    return verwijzing_out(verwijzing)


@router.post("/meldingen/{melding_id}/afsluitingen", status_code=201,
             response_model=MeldingOut, summary="Close the casus")
async def post_afsluiting(melding_id: uuid.UUID, data: AfsluitingIn, uow: UnitOfWorkDep,
                          principal: Authenticated) -> MeldingOut:
    """Closes the casus with its outcome, e.g. solved in basiszorg or referred; a 'verwezen'
    outcome needs the matching verwijzing."""
    melding = await uitkomsten.close(uow, principal, melding_id, data)
    return melding_out(melding)


@router.post("/informatie-contacten", status_code=201, response_model=InformatieContactOut,
             summary="Register an anonymous information contact")
async def post_informatie_contact(data: InformatieContactIn, uow: UnitOfWorkDep,
                                  principal: Submitter) -> InformatieContactOut:
    """An information or advice question without BSN and without a dossier; counted, never
    linked to a person."""
    contact = await meldingen.register_informatie_contact(uow, principal, data)
    return informatie_contact_out(contact)
