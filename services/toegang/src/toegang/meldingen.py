"""Use cases of the melding: registration and routing, first contact, ontvangstgesprek,
assignment of workers, status for other systems, and anonymous information contacts.
The caller owns the transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal, Role
from wmokernel.bsn import InvalidBsn, normalize_bsn
from wmokernel.catalogue import Kanaal, MeldingOntvangen
from wmokernel.events.toegang import EersteContactGelegd, OntvangstgesprekGevoerd
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime

from . import clients
from .access import SCOPE_TEAMLEIDER, is_worker, open_casus, record_refusal
from .casus import Stap, StapNietToegestaan, volgende_status
from .deadlines import eerste_contact_werkdagen, termijnen
from .models import DossierMedewerker, InformatieContact, Melding, Onderzoek, Verwijzing
from .reference import wijk_code, wijk_naam
from .schemas import (
    EersteContactIn,
    InformatieContactIn,
    MedewerkerIn,
    MeldingIn,
    OntvangstgesprekIn,
)

_MELDING_TABLE = cast(sa.Table, Melding.__table__)
_MEDEWERKER_TABLE = cast(sa.Table, DossierMedewerker.__table__)
_INSERT_MELDING = sa.insert(_MELDING_TABLE)
_INSERT_MEDEWERKER = sa.insert(_MEDEWERKER_TABLE)
_MELDING_COLUMNS = ("id", "client_id", "kanaal", "omschrijving", "gemeld_op", "wijk", "buurt",
                    "team", "signaal_bron", "terugkerend", "eerste_contact_uiterlijk",
                    "onderzoek_uiterlijk", "persoonlijk_plan_uiterlijk", "status",
                    "idempotency_key", "geregistreerd_door")
_MEDEWERKER_COLUMNS = ("melding_id", "medewerker", "team", "reden", "op_verzoek_inwoner",
                       "toegewezen_door", "van")


def _row(obj: object, columns: tuple[str, ...]) -> dict[str, object]:
    return {c: getattr(obj, c) for c in columns}


def vandaag() -> date:
    return date.today()


def step(melding: Melding, stap: Stap) -> None:
    """Move the casus on by ``stap`` or answer 409."""
    try:
        melding.status = volgende_status(melding.status, stap).value
    except StapNietToegestaan as exc:
        raise Conflict(str(exc)) from exc


def check_date(name: str, value: date, earliest: date, what: str) -> None:
    if value < earliest:
        raise Unprocessable(f"{name}: cannot lie before {what} ({earliest.isoformat()})")
    if value > vandaag():
        raise Unprocessable(f"{name}: cannot lie in the future")


class Dossier:
    """A melding with what hangs under it, loaded for the answer."""

    def __init__(self, melding: Melding, medewerkers: list[DossierMedewerker],
                 onderzoek: Onderzoek | None, verwijzingen: list[Verwijzing]) -> None:
        self.melding = melding
        self.medewerkers = medewerkers
        self.onderzoek = onderzoek
        self.verwijzingen = verwijzingen


async def register_melding(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                           data: MeldingIn, idempotency_key: str | None) -> Dossier:
    try:
        bsn = normalize_bsn(data.bsn)
    except InvalidBsn as exc:
        raise Unprocessable(f"bsn: {exc}") from exc
    gemeld_op = data.gemeld_op or vandaag()
    if gemeld_op > vandaag():
        raise Unprocessable("gemeldOp: a melding cannot be dated in the future")
    woonplek = await clients.locate(session, data.adres, data.wijk, principal.team)
    routing = clients.route(data.kanaal, woonplek, principal.team)
    client_id = rt.pseudonymize(bsn)
    terugkerend = await clients.register_client(session, client_id, bsn, data.naam, data.adres,
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
    )
    # The hot path of the service: plain INSERTs of prepared statements instead of the ORM's
    # unit of work, which costs more CPU than the round trips; ``melding`` stays a transient
    # object that only carries the answer.
    try:
        await session.execute(_INSERT_MELDING, _row(melding, _MELDING_COLUMNS))
    except IntegrityError as exc:  # the only unique column a new melding can clash on
        raise Conflict("a melding with this Idempotency-Key exists already") from exc
    if data.kanaal is Kanaal.SIGNAAL_PROFESSIONAL and data.signaal_bron is not None:
        await clients.record_consent(
            session, principal, client_id, ontvanger=f"buurtteam {routing.team}",
            doel=f"dossier openen na signaal van {data.signaal_bron.value}", gegeven_op=gemeld_op)
    assignees = []
    if is_worker(principal):
        assignee = DossierMedewerker(
            melding_id=melding.id, medewerker=principal.subject, team=principal.team,
            reden="registratie", op_verzoek_inwoner=False, toegewezen_door=principal.subject,
            van=datetime.now(UTC))
        await session.execute(_INSERT_MEDEWERKER, _row(assignee, _MEDEWERKER_COLUMNS))
        assignees.append(assignee)
    await rt.audit.record(session, principal, action="create", resource_type="melding",
                          resource_id=str(melding.id), client_id=client_id,
                          purpose="melding registreren")
    await rt.outbox.add(session, MeldingOntvangen(
        melding_id=melding.id, client_id=client_id, kanaal=data.kanaal, gemeld_op=gemeld_op,
        wijk=wijk, eerste_contact_uiterlijk=t.eerste_contact_uiterlijk,
        onderzoek_uiterlijk=t.onderzoek_uiterlijk, team=routing.team,
        persoonlijk_plan_uiterlijk=t.persoonlijk_plan_uiterlijk, terugkerend=terugkerend,
    ))
    # A new melding has at most its registering worker, no onderzoek, no verwijzingen.
    return Dossier(melding, assignees, None, [])


async def load_dossier(session: AsyncSession, melding: Melding) -> Dossier:
    medewerkers = (await session.scalars(sa.select(DossierMedewerker).where(
        DossierMedewerker.melding_id == melding.id).order_by(DossierMedewerker.id))).all()
    onderzoek = await session.get(Onderzoek, melding.id)
    verwijzingen = (await session.scalars(sa.select(Verwijzing).where(
        Verwijzing.melding_id == melding.id).order_by(Verwijzing.created_at))).all()
    return Dossier(melding, list(medewerkers), onderzoek, list(verwijzingen))


async def read_dossier(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                       melding_id: uuid.UUID) -> Dossier:
    melding = await open_casus(session, rt, principal, melding_id, "inzage")
    return await load_dossier(session, melding)


async def read_status(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                      melding_id: uuid.UUID) -> tuple[Melding, list[str]]:
    """For the system that submitted the melding, or a worker who may see the casus."""
    if Role.SYSTEEM in principal.roles and not is_worker(principal):
        melding = await session.get(Melding, melding_id)
        if melding is None or melding.geregistreerd_door != principal.subject:
            raise NotFound(f"melding {melding_id}")
    else:
        melding = await open_casus(session, rt, principal, melding_id, "status volgen")
    naar = (await session.scalars(sa.select(Verwijzing.naar).where(
        Verwijzing.melding_id == melding_id).order_by(Verwijzing.created_at))).all()
    return melding, list(naar)


async def list_werkvoorraad(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                            open_only: bool, limit: int) -> list[Melding]:
    """The caller's casussen; a team lead also sees the team's casussen."""
    if not is_worker(principal):
        await record_refusal(rt, principal, "melding", "*", None, "werkvoorraad")
        raise Forbidden("this role does not see dossiers")
    assigned = sa.exists().where(
        DossierMedewerker.melding_id == Melding.id, DossierMedewerker.tot.is_(None),
        DossierMedewerker.medewerker == principal.subject)
    condition: sa.ColumnElement[bool] = assigned
    if SCOPE_TEAMLEIDER in principal.scopes and principal.team:
        condition = sa.or_(assigned, Melding.team == principal.team)
    query = sa.select(Melding).where(condition)
    if open_only:
        query = query.where(Melding.afgesloten_op.is_(None))
    rows = list((await session.scalars(
        query.order_by(Melding.eerste_contact_uiterlijk, Melding.id).limit(limit))).all())
    await rt.audit.record(session, principal, action="read", resource_type="melding",
                          resource_id="*", client_id=None,
                          purpose=f"werkvoorraad ({len(rows)} casussen)")
    return rows


async def eerste_contact(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                         melding_id: uuid.UUID, data: EersteContactIn) -> Melding:
    melding = await open_casus(session, rt, principal, melding_id, "eerste contact",
                               action="update", lock=True)
    contact_op = data.contact_op or vandaag()
    check_date("contactOp", contact_op, melding.gemeld_op, "the melding")
    step(melding, Stap.EERSTE_CONTACT)
    melding.eerste_contact_op = contact_op
    melding.eerste_contact_vorm = data.vorm
    werkdagen = eerste_contact_werkdagen(melding.gemeld_op, contact_op)
    await rt.outbox.add(session, EersteContactGelegd(
        melding_id=melding.id, client_id=melding.client_id, contact_op=contact_op,
        eerste_contact_uiterlijk=melding.eerste_contact_uiterlijk, werkdagen=werkdagen,
        binnen_norm=contact_op <= melding.eerste_contact_uiterlijk, team=melding.team))
    return melding


async def ontvangstgesprek(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                           melding_id: uuid.UUID, data: OntvangstgesprekIn) -> Melding:
    melding = await open_casus(session, rt, principal, melding_id, "ontvangstgesprek",
                               action="update", lock=True)
    gesprek_op = data.gesprek_op or vandaag()
    step(melding, Stap.ONTVANGSTGESPREK)
    assert melding.eerste_contact_op is not None
    check_date("gesprekOp", gesprek_op, melding.eerste_contact_op, "the first contact")
    melding.ontvangstgesprek_op = gesprek_op
    melding.triage = data.triage.value
    await rt.outbox.add(session, OntvangstgesprekGevoerd(
        melding_id=melding.id, client_id=melding.client_id, gesprek_op=gesprek_op,
        triage=data.triage))
    return melding


async def assign(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                 melding_id: uuid.UUID, data: MedewerkerIn) -> DossierMedewerker:
    """Assign a worker (the assigned worker or the team lead does this); with ``vervangt`` the
    other worker's assignment ends, e.g. at the resident's request."""
    melding = await open_casus(session, rt, principal, melding_id, "medewerker toewijzen",
                               action="update", lock=True)
    if melding.status == "gesloten":
        raise Conflict("the casus is closed")
    if data.vervangt is not None:
        ended = await session.execute(
            sa.update(DossierMedewerker)
            .where(DossierMedewerker.melding_id == melding_id,
                   DossierMedewerker.medewerker == data.vervangt,
                   DossierMedewerker.tot.is_(None))
            .values(tot=sa.func.now()))
        if ended.rowcount == 0:  # type: ignore[attr-defined]
            raise Unprocessable(f"vervangt: {data.vervangt} is not assigned to this casus")
    return await add_assignee(session, principal, melding_id, data.medewerker,
                              data.team or melding.team, data.reden, data.op_verzoek_inwoner)


async def add_assignee(session: AsyncSession, principal: Principal, melding_id: uuid.UUID,
                       medewerker: str, team: str | None, reden: str,
                       op_verzoek_inwoner: bool = False) -> DossierMedewerker:
    active = await session.scalar(sa.select(DossierMedewerker.id).where(
        DossierMedewerker.melding_id == melding_id, DossierMedewerker.medewerker == medewerker,
        DossierMedewerker.tot.is_(None)))
    if active is not None:
        raise Conflict(f"{medewerker} is already assigned to this casus")
    row = DossierMedewerker(melding_id=melding_id, medewerker=medewerker, team=team,
                            reden=reden, op_verzoek_inwoner=op_verzoek_inwoner,
                            toegewezen_door=principal.subject)
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row


async def register_informatie_contact(session: AsyncSession, principal: Principal,
                                      data: InformatieContactIn) -> InformatieContact:
    if not (is_worker(principal) or Role.SYSTEEM in principal.roles):
        raise Forbidden("registering contacts needs a worker or system role")
    contact_op = data.contact_op or vandaag()
    if contact_op > vandaag():
        raise Unprocessable("contactOp: cannot lie in the future")
    wijk = None
    if data.wijk is not None:
        code = wijk_code(data.wijk)
        if code is None:
            raise Unprocessable(f"wijk: {data.wijk!r} is not one of Utrecht's buurtteam areas")
        wijk = wijk_naam(code)
    contact = InformatieContact(id=uuid.uuid4(), kanaal=data.kanaal.value,
                                onderwerp=data.onderwerp, wijk=wijk, contact_op=contact_op,
                                geregistreerd_door=principal.subject)
    session.add(contact)
    await session.flush()
    return contact
