"""SQL on the register of locations: visibility, capacity and the atomic taking of a place."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given

from ..domain.matching import Plek, PlekIndex
from ..domain.zichtbaarheid import Scope
from ..models import CapaciteitWijziging, Locatie


def als_plek(loc: Locatie) -> Plek:
    return Plek(id=str(loc.id), vorm=loc.vorm, gemeente=loc.gemeente,
                bovenregionaal=loc.bovenregionaal, capaciteit=loc.capaciteit, bezet=loc.bezet,
                min_leeftijd=loc.min_leeftijd, max_leeftijd=loc.max_leeftijd,
                geslacht=loc.geslacht, specialismen=frozenset(loc.specialismen))


def zichtbaar(scope: Scope) -> sa.ColumnElement[bool]:
    """Secret-address locations (vrouwenopvang) are visible only to those who place there."""
    if scope.ziet_beschermde_locaties:
        return sa.true()
    if scope.aanbieder is not None:
        return Locatie.aanbieder == scope.aanbieder
    return Locatie.geheim_adres.is_(False)


async def add(session: AsyncSession, loc: Locatie, *, door: str) -> None:
    """A new location, with its first capacity in the history (effective today)."""
    session.add(loc)
    await session.flush()
    session.add(CapaciteitWijziging(locatie_id=loc.id, ingangsdatum=sa.func.current_date(),
                                    capaciteit=loc.capaciteit, reden="nieuwe locatie",
                                    door=door))


async def get(session: AsyncSession, locatie_id: uuid.UUID, *,
              populate_existing: bool = False) -> Locatie | None:
    return await session.get(Locatie, locatie_id, populate_existing=populate_existing)


async def get_visible(session: AsyncSession, scope: Scope,
                      locatie_id: uuid.UUID) -> Locatie | None:
    return (await session.scalars(sa.select(Locatie).where(
        Locatie.id == locatie_id, zichtbaar(scope)))).first()


async def list_visible(session: AsyncSession, scope: Scope, *, vorm: str | None,
                       gemeente: str | None, alleen_vrij: bool) -> list[Locatie]:
    query = sa.select(Locatie).where(zichtbaar(scope)).order_by(Locatie.gemeente, Locatie.naam)
    query = where_given(query, (Locatie.vorm, vorm), (Locatie.gemeente, gemeente))
    if alleen_vrij:
        query = query.where(Locatie.bezet < Locatie.capaciteit)
    return list((await session.scalars(query)).all())


async def alle(session: AsyncSession) -> Sequence[Locatie]:
    return (await session.scalars(sa.select(Locatie))).all()


async def index_voor_vorm(session: AsyncSession, vorm: str) -> PlekIndex:
    """The matching index over every location of ``vorm``."""
    rows = (await session.scalars(sa.select(Locatie).where(Locatie.vorm == vorm))).all()
    return PlekIndex(als_plek(loc) for loc in rows)


async def zet_capaciteit(session: AsyncSession, locatie_id: uuid.UUID, capaciteit: int, *,
                         ingangsdatum: date, reden: str, door: str) -> bool:
    """Sets the capacity unless it would drop below the places in use (then False); the
    condition sits in the UPDATE, so a concurrent placement cannot slip in between."""
    row = (await session.execute(
        sa.update(Locatie)
        .where(Locatie.id == locatie_id, Locatie.bezet <= capaciteit)
        .values(capaciteit=capaciteit, version=Locatie.version + 1)
        .returning(Locatie.id))).first()
    if row is None:
        return False
    session.add(CapaciteitWijziging(locatie_id=locatie_id, ingangsdatum=ingangsdatum,
                                    capaciteit=capaciteit, reden=reden, door=door))
    return True


async def neem_plaats(session: AsyncSession, locatie_id: uuid.UUID) -> bool:
    """The atomic step: one place more in use, only while one is free."""
    row = (await session.execute(
        sa.update(Locatie)
        .where(Locatie.id == locatie_id, Locatie.bezet < Locatie.capaciteit)
        .values(bezet=Locatie.bezet + 1, version=Locatie.version + 1)
        .returning(Locatie.id)
        .execution_options(synchronize_session=False))).first()
    return row is not None


async def geef_plaats_vrij(session: AsyncSession, loc: Locatie) -> None:
    """One place fewer in use; ``loc`` is refreshed to the new count."""
    await session.execute(
        sa.update(Locatie).where(Locatie.id == loc.id)
        .values(bezet=Locatie.bezet - 1, version=Locatie.version + 1)
        .execution_options(synchronize_session=False))
    await session.refresh(loc)


async def namen(session: AsyncSession, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = await session.execute(sa.select(Locatie.id, Locatie.naam)
                                 .where(Locatie.id.in_([uuid.UUID(i) for i in ids])))
    return {str(i): n for i, n in rows}
