"""SQL of meldingen (casussen) and the workers assigned to them."""

from __future__ import annotations

import uuid
from typing import cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.paging import PageRequest, scalars_page

from ..domain.inzage import sees_team
from ..models import DossierMedewerker, InformatieContact, Melding

_INSERT_MELDING = sa.insert(cast(sa.Table, Melding.__table__))
_INSERT_MEDEWERKER = sa.insert(cast(sa.Table, DossierMedewerker.__table__))
_MELDING_COLUMNS = ("id", "client_id", "kanaal", "omschrijving", "gemeld_op", "wijk", "buurt",
                    "team", "signaal_bron", "terugkerend", "eerste_contact_uiterlijk",
                    "onderzoek_uiterlijk", "persoonlijk_plan_uiterlijk", "status",
                    "idempotency_key", "geregistreerd_door", "gemeente")
_MEDEWERKER_COLUMNS = ("melding_id", "medewerker", "team", "reden", "op_verzoek_inwoner",
                       "toegewezen_door", "van")


def _row(obj: object, columns: tuple[str, ...]) -> dict[str, object]:
    return {c: getattr(obj, c) for c in columns}


# The hot path of the service: plain INSERTs of prepared statements instead of the ORM's unit
# of work, which costs more CPU than the round trips; the objects stay transient and only carry
# the answer.
async def insert_melding(session: AsyncSession, melding: Melding) -> bool:
    """Insert a new melding; False when its Idempotency-Key exists already (the only unique
    column a new melding can clash on)."""
    try:
        await session.execute(_INSERT_MELDING, _row(melding, _MELDING_COLUMNS))
    except IntegrityError:
        return False
    return True


async def insert_medewerker(session: AsyncSession, assignee: DossierMedewerker) -> None:
    await session.execute(_INSERT_MEDEWERKER, _row(assignee, _MEDEWERKER_COLUMNS))


async def get_melding(session: AsyncSession, melding_id: uuid.UUID, *,
                      lock: bool = False) -> Melding | None:
    return await session.get(Melding, melding_id, with_for_update=lock)


async def active_assignees(session: AsyncSession, melding_id: uuid.UUID) -> set[str]:
    rows = await session.scalars(sa.select(DossierMedewerker.medewerker).where(
        DossierMedewerker.melding_id == melding_id, DossierMedewerker.tot.is_(None)))
    return set(rows.all())


async def medewerkers(session: AsyncSession, melding_id: uuid.UUID) -> list[DossierMedewerker]:
    rows = await session.scalars(sa.select(DossierMedewerker).where(
        DossierMedewerker.melding_id == melding_id).order_by(DossierMedewerker.id))
    return list(rows.all())


async def is_assigned(session: AsyncSession, melding_id: uuid.UUID, medewerker: str) -> bool:
    active = await session.scalar(sa.select(DossierMedewerker.id).where(
        DossierMedewerker.melding_id == melding_id, DossierMedewerker.medewerker == medewerker,
        DossierMedewerker.tot.is_(None)))
    return active is not None


async def add_medewerker(session: AsyncSession, row: DossierMedewerker) -> DossierMedewerker:
    session.add(row)
    await session.flush()
    await session.refresh(row)
    return row


async def end_assignment(session: AsyncSession, melding_id: uuid.UUID, medewerker: str) -> bool:
    """End ``medewerker``'s active assignment; False when there was none."""
    ended = await session.execute(
        sa.update(DossierMedewerker)
        .where(DossierMedewerker.melding_id == melding_id,
               DossierMedewerker.medewerker == medewerker,
               DossierMedewerker.tot.is_(None))
        .values(tot=sa.func.now()))
    count: int = ended.rowcount  # type: ignore[attr-defined]
    return count != 0


def _visible_to(principal: Principal) -> sa.ColumnElement[bool]:
    """Casussen ``principal`` is assigned to (a team lead: also those of their team)."""
    assigned = sa.exists().where(
        DossierMedewerker.melding_id == Melding.id, DossierMedewerker.tot.is_(None),
        DossierMedewerker.medewerker == principal.subject)
    condition: sa.ColumnElement[bool] = assigned
    if sees_team(principal):
        condition = sa.or_(assigned, Melding.team == principal.team)
    return condition


async def werkvoorraad(session: AsyncSession, principal: Principal, open_only: bool,
                       page: PageRequest) -> tuple[list[Melding], int]:
    query = sa.select(Melding).where(_visible_to(principal))
    if open_only:
        query = query.where(Melding.afgesloten_op.is_(None))
    return await scalars_page(
        session, query.order_by(Melding.eerste_contact_uiterlijk, Melding.id), page)


async def of_gemeente(session: AsyncSession, gemeente: str, open_only: bool,
                      page: PageRequest) -> tuple[list[Melding], int]:
    """The meldingen of the residents of ``gemeente`` (a U16 municipality, never Utrecht)."""
    query = sa.select(Melding).where(Melding.gemeente == gemeente)
    if open_only:
        query = query.where(Melding.afgesloten_op.is_(None))
    return await scalars_page(session, query.order_by(Melding.gemeld_op, Melding.id), page)


async def client_visible_to(session: AsyncSession, principal: Principal, client_id: str) -> bool:
    """Whether one of the client's casussen is visible to ``principal``."""
    found = await session.scalar(sa.select(Melding.id).where(
        Melding.client_id == client_id, _visible_to(principal)).limit(1))
    return found is not None


async def of_client(session: AsyncSession, client_id: str) -> list[Melding]:
    rows = await session.scalars(sa.select(Melding).where(
        Melding.client_id == client_id).order_by(Melding.gemeld_op, Melding.created_at))
    return list(rows.all())


async def add_informatie_contact(session: AsyncSession, contact: InformatieContact) -> None:
    session.add(contact)
    await session.flush()
