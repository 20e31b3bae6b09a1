"""Use cases of the melding: registration and routing, first contact, ontvangstgesprek,
assignment of workers, status for other systems, and anonymous information contacts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from wmokernel.auth import Principal, Role
from wmokernel.bsn import InvalidBsn, normalize_bsn
from wmokernel.catalogue import Kanaal, MeldingOntvangen
from wmokernel.events.toegang import EersteContactGelegd, OntvangstgesprekGevoerd
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import delen as deelregels
from ..domain.casus import Stap
from ..domain.inzage import is_u16, is_worker
from ..domain.reference import GEMEENTE_UTRECHT, wijk_naam
from ..domain.termijnen import eerste_contact_werkdagen, termijnen
from ..models import DossierMedewerker, InformatieContact, Melding
from ..repository import meldingen as meldingen_repo
from ..repository import verwijzingen as verwijzingen_repo
from ..schemas import (
    EersteContactIn,
    InformatieContactIn,
    MedewerkerIn,
    MeldingIn,
    OntvangstgesprekIn,
)
from . import clienten, delen, uitkomsten
from .dossiers import Dossier, add_assignee, check_date, load_dossier, open_casus, step, vandaag


async def register_melding(uow: UnitOfWork, principal: Principal, data: MeldingIn,
                           idempotency_key: str | None) -> Dossier:
    try:
        bsn = normalize_bsn(data.bsn)
    except InvalidBsn as exc:
        raise Unprocessable(f"bsn: {exc}") from exc
    gemeld_op = data.gemeld_op or vandaag()
    if gemeld_op > vandaag():
        raise Unprocessable("gemeldOp: a melding cannot be dated in the future")
    regionaal = is_u16(principal)
    if regionaal:
        woonplek = await clienten.locate_regionaal(uow, principal, data.adres, data.gemeente)
        _check_regionaal(data)
    else:
        if data.gemeente not in (None, GEMEENTE_UTRECHT):
            raise Unprocessable(f"gemeente: Utrecht's teams register Utrecht's residents; "
                                f"{data.gemeente} registers its own with its own token")
        if data.opvangvorm is not None:
            raise Unprocessable("opvangvorm: a worker registers for opvang with a verwijzing "
                                "to the Regionale toegang (POST .../verwijzingen)")
        woonplek = await clienten.locate(uow, data.adres, data.wijk, principal.team)
    routing = clienten.route(data.kanaal, woonplek, principal.team)
    gemeente = None if woonplek.gemeente == GEMEENTE_UTRECHT else woonplek.gemeente
    client_id = uow.pseudonymize(bsn)
    terugkerend = await clienten.register_client(uow, client_id, bsn, data.naam, data.adres,
                                                 woonplek)
    t = termijnen(gemeld_op)
    wijk = wijk_naam(woonplek.wijk) if woonplek.wijk else None
    melding = Melding(
        id=uuid.uuid4(), client_id=client_id, kanaal=data.kanaal.value,
        omschrijving=data.omschrijving, gemeld_op=gemeld_op, wijk=wijk, buurt=woonplek.buurt,
        team=routing.team, signaal_bron=data.signaal_bron.value if data.signaal_bron else None,
        terugkerend=terugkerend, eerste_contact_uiterlijk=t.eerste_contact_uiterlijk,
        onderzoek_uiterlijk=t.onderzoek_uiterlijk,
        persoonlijk_plan_uiterlijk=t.persoonlijk_plan_uiterlijk, status="ontvangen",
        idempotency_key=idempotency_key, geregistreerd_door=principal.subject,
        gemeente=gemeente,
    )
    if not await meldingen_repo.insert_melding(uow.session, melding):
        raise Conflict("a melding with this Idempotency-Key exists already")
    if data.kanaal is Kanaal.SIGNAAL_PROFESSIONAL and data.signaal_bron is not None:
        await clienten.record_consent(
            uow, principal, client_id, ontvanger=f"buurtteam {routing.team}",
            doel=f"dossier openen na signaal van {data.signaal_bron.value}", gegeven_op=gemeld_op)
    assignees = []
    if is_worker(principal):
        assignee = DossierMedewerker(
            melding_id=melding.id, medewerker=principal.subject, team=principal.team,
            reden="registratie", op_verzoek_inwoner=False, toegewezen_door=principal.subject,
            van=datetime.now(UTC))
        await meldingen_repo.insert_medewerker(uow.session, assignee)
        assignees.append(assignee)
    await uow.audit(principal, action="create", resource_type="melding",
                    resource_id=str(melding.id), client_id=client_id,
                    purpose="melding registreren")
    await uow.publish(MeldingOntvangen(
        melding_id=melding.id, client_id=client_id, kanaal=data.kanaal, gemeld_op=gemeld_op,
        wijk=wijk, eerste_contact_uiterlijk=t.eerste_contact_uiterlijk,
        onderzoek_uiterlijk=t.onderzoek_uiterlijk, team=routing.team,
        persoonlijk_plan_uiterlijk=t.persoonlijk_plan_uiterlijk, terugkerend=terugkerend,
        gemeente=gemeente,
    ))
    if regionaal:
        assert data.opvangvorm is not None
        verwijzing = await uitkomsten.meld_aan_voor_opvang(uow, principal, melding,
                                                           data.opvangvorm, data.urgent)
        return Dossier(melding, [], None, [verwijzing])
    # A new melding has at most its registering worker, no onderzoek, no verwijzingen.
    return Dossier(melding, assignees, None, [])


def _check_regionaal(data: MeldingIn) -> None:
    """A U16 municipality's melding is its aanmelding for opvang or beschermd wonen."""
    if data.kanaal is not Kanaal.REGIONALE_TOEGANG:
        raise Unprocessable("kanaal: a U16 municipality's melding comes in through the "
                            "Regionale toegang (kanaal regionale-toegang)")
    if data.opvangvorm is None:
        raise Unprocessable("opvangvorm: a U16 municipality's melding names the form of "
                            "opvang or beschermd wonen (maatschappelijke-opvang or "
                            "beschermd-wonen)")


async def read_dossier(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID
                       ) -> Dossier:
    melding = await open_casus(uow, principal, melding_id, "inzage")
    return await load_dossier(uow, melding)


async def read_status(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID
                      ) -> tuple[Melding, list[str]]:
    """For the system that submitted the melding, or a worker who may see the casus."""
    if Role.SYSTEEM in principal.roles and not is_worker(principal):
        melding = await meldingen_repo.get_melding(uow.session, melding_id)
        if melding is None or melding.geregistreerd_door != principal.subject:
            raise NotFound(f"melding {melding_id}")
    else:
        melding = await open_casus(uow, principal, melding_id, "status volgen")
    return melding, await verwijzingen_repo.destinations(uow.session, melding_id)


async def list_werkvoorraad(uow: UnitOfWork, principal: Principal, open_only: bool,
                            page: PageRequest) -> tuple[list[Melding], int]:
    """The caller's casussen; a team lead also sees the team's casussen; a U16 municipality
    its own residents'."""
    if is_u16(principal) and principal.gemeente:
        rows, total = await meldingen_repo.of_gemeente(uow.session, principal.gemeente,
                                                       open_only, page)
        # One logboek row per resident read (the standard: one data subject per row).
        await uow.audit_clients(principal, action="read", resource_type="melding",
                                resource_id="*", client_ids=[m.client_id for m in rows],
                                purpose="meldingen eigen inwoners",
                                grondslag=deelregels.EIGEN_INWONER.grondslag)
        return rows, total
    if not is_worker(principal):
        uow.audit_refusal(principal, "melding", "*", None, "werkvoorraad")
        raise Forbidden("this role does not see dossiers")
    rows, total = await meldingen_repo.werkvoorraad(uow.session, principal, open_only, page)
    await uow.audit_clients(principal, action="read", resource_type="melding",
                            resource_id="*", client_ids=[m.client_id for m in rows],
                            purpose="werkvoorraad")
    return rows, total


async def eerste_contact(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID,
                         data: EersteContactIn) -> Melding:
    melding = await open_casus(uow, principal, melding_id, "eerste contact", action="update",
                               lock=True)
    contact_op = data.contact_op or vandaag()
    check_date("contactOp", contact_op, melding.gemeld_op, "the melding")
    step(melding, Stap.EERSTE_CONTACT)
    melding.eerste_contact_op = contact_op
    melding.eerste_contact_vorm = data.vorm
    werkdagen = eerste_contact_werkdagen(melding.gemeld_op, contact_op)
    await uow.publish(EersteContactGelegd(
        melding_id=melding.id, client_id=melding.client_id, gemeente=melding.gemeente,
        contact_op=contact_op,
        eerste_contact_uiterlijk=melding.eerste_contact_uiterlijk, werkdagen=werkdagen,
        binnen_norm=contact_op <= melding.eerste_contact_uiterlijk, team=melding.team))
    return melding


async def ontvangstgesprek(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID,
                           data: OntvangstgesprekIn) -> Melding:
    melding = await open_casus(uow, principal, melding_id, "ontvangstgesprek",
                               action="update", lock=True)
    gesprek_op = data.gesprek_op or vandaag()
    step(melding, Stap.ONTVANGSTGESPREK)
    assert melding.eerste_contact_op is not None
    check_date("gesprekOp", gesprek_op, melding.eerste_contact_op, "the first contact")
    melding.ontvangstgesprek_op = gesprek_op
    melding.triage = data.triage.value
    await uow.publish(OntvangstgesprekGevoerd(
        melding_id=melding.id, client_id=melding.client_id, gemeente=melding.gemeente,
        gesprek_op=gesprek_op,
        triage=data.triage))
    return melding


async def assign(uow: UnitOfWork, principal: Principal, melding_id: uuid.UUID,
                 data: MedewerkerIn) -> DossierMedewerker:
    """Assign a worker (the assigned worker or the team lead does this); with ``vervangt`` the
    other worker's assignment ends, e.g. at the resident's request."""
    melding = await open_casus(uow, principal, melding_id, "medewerker toewijzen",
                               action="update", lock=True)
    if melding.status == "gesloten":
        raise Conflict("the casus is closed")
    if data.vervangt is not None and not await meldingen_repo.end_assignment(
            uow.session, melding_id, data.vervangt):
        raise Unprocessable(f"vervangt: {data.vervangt} is not assigned to this casus")
    team = data.team or melding.team
    deling = deelregels.bij_medewerker(team, melding.team)
    if deling is not None:
        # A professional outside the casus's team: the resident's request is their consent.
        share = delen.deel_op_verzoek if data.op_verzoek_inwoner else delen.deel
        await share(uow, principal, melding.client_id, deling, resource_id=str(melding_id))
    return await add_assignee(uow, principal, melding_id, data.medewerker, team, data.reden,
                              data.op_verzoek_inwoner)


async def register_informatie_contact(uow: UnitOfWork, principal: Principal,
                                      data: InformatieContactIn) -> InformatieContact:
    if not (is_worker(principal) or Role.SYSTEEM in principal.roles):
        raise Forbidden("registering contacts needs a worker or system role")
    contact_op = data.contact_op or vandaag()
    if contact_op > vandaag():
        raise Unprocessable("contactOp: cannot lie in the future")
    wijk = wijk_naam(clienten.parse_wijk(data.wijk)) if data.wijk is not None else None
    contact = InformatieContact(id=uuid.uuid4(), kanaal=data.kanaal.value,
                                onderwerp=data.onderwerp, wijk=wijk, contact_op=contact_op,
                                geregistreerd_door=principal.subject)
    await meldingen_repo.add_informatie_contact(uow.session, contact)
    return contact
