"""SQL on the aanmeldingen table, and its rows as matching sees them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..domain.matching import Wachtende
from ..domain.wachtlijst import prioriteit, prioriteit_rang
from ..domain.zichtbaarheid import Scope
from ..models import Aanmelding, Locatie, Plaatsing


def als_wachtende(a: Aanmelding) -> Wachtende:
    return Wachtende(
        id=str(a.id), vorm=a.vorm, gemeente=a.gemeente, verwezen_op=a.verwezen_op,
        prioriteit=prioriteit_rang(prioriteit(crisis=a.crisis, urgent=a.urgent)),
        leeftijd=a.leeftijd, geslacht=a.geslacht, specialismen=frozenset(a.specialismen),
        bovenregionaal_toegestaan=a.bovenregionaal_toegestaan)


async def insert_new(session: AsyncSession, values: dict[str, Any]) -> Aanmelding | None:
    """Inserts the aanmelding unless its id exists already (a replay): then None."""
    inserted = await session.execute(
        pg_insert(Aanmelding).values(**values).on_conflict_do_nothing().returning(Aanmelding.id)
    )
    if inserted.first() is None:
        return None
    return await session.get(Aanmelding, values["id"])


async def get(session: AsyncSession, aanmelding_id: uuid.UUID, *, for_update: bool = False,
              populate_existing: bool = False) -> Aanmelding | None:
    """``for_update`` locks the row (SELECT ... FOR UPDATE): one client never gets two places."""
    return await session.get(Aanmelding, aanmelding_id, with_for_update=for_update,
                             populate_existing=populate_existing)


async def aanbieders_van(session: AsyncSession, aanmelding_id: uuid.UUID) -> set[str]:
    """The providers of the locations the aanmelding was ever placed at."""
    rows = await session.scalars(
        sa.select(Locatie.aanbieder).join(Plaatsing, Plaatsing.locatie_id == Locatie.id)
        .where(Plaatsing.aanmelding_id == aanmelding_id))
    return set(rows.all())


def _ooit_geplaatst_bij(aanbieder: str) -> sa.ColumnElement[bool]:
    return Aanmelding.id.in_(
        sa.select(Plaatsing.aanmelding_id).join(Locatie, Locatie.id == Plaatsing.locatie_id)
        .where(Locatie.aanbieder == aanbieder))


def scope_filter(scope: Scope, *,
                 bij_aanbieder: Callable[[str], sa.ColumnElement[bool]] = _ooit_geplaatst_bij
                 ) -> sa.ColumnElement[bool]:
    """The SQL form of :func:`domain.zichtbaarheid.ziet_aanmelding` on the aanmeldingen table.

    ``bij_aanbieder`` says what a provider sees: by default the aanmeldingen ever placed at
    its locations; a query joining the location passes its own clause."""
    if scope.alles:
        return sa.true()
    clauses: list[sa.ColumnElement[bool]] = []
    if scope.gemeente is not None:
        clauses.append(Aanmelding.gemeente == scope.gemeente)
    if scope.team is not None:
        clauses.append(Aanmelding.team == scope.team)
    if scope.aanbieder is not None:
        clauses.append(bij_aanbieder(scope.aanbieder))
    return sa.or_(*clauses) if clauses else sa.false()


async def list_visible(session: AsyncSession, scope: Scope, *, status: str | None,
                       vorm: str | None, client_id: str | None, melding_id: uuid.UUID | None,
                       page: PageRequest) -> tuple[list[Aanmelding], int]:
    """Newest first."""
    query = (sa.select(Aanmelding).where(scope_filter(scope))
             .order_by(Aanmelding.created_at.desc(), Aanmelding.id))
    query = where_given(
        query,
        (Aanmelding.status, status),
        (Aanmelding.vorm, vorm),
        (Aanmelding.client_id, client_id),
        (Aanmelding.melding_id, melding_id),
    )
    return await scalars_page(session, query, page)
