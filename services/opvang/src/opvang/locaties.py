"""The register of locations and places, with capacity changes over time."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.problems import Conflict, NotFound, Unprocessable

from .domain.matching import Plek
from .domain.reference import U16_GEMEENTEN
from .domain.zichtbaarheid import Scope
from .models import CapaciteitWijziging, Locatie
from .schemas import CapaciteitWijzigingIn, LocatieIn, LocatieOut


def locatie_out(loc: Locatie) -> LocatieOut:
    return LocatieOut(
        id=loc.id, naam=loc.naam, aanbieder=loc.aanbieder, gemeente=loc.gemeente, vorm=loc.vorm,
        bovenregionaal=loc.bovenregionaal, capaciteit=loc.capaciteit, bezet=loc.bezet,
        vrij=loc.capaciteit - loc.bezet, min_leeftijd=loc.min_leeftijd,
        max_leeftijd=loc.max_leeftijd, geslacht=loc.geslacht,
        specialismen=list(loc.specialismen), geheim_adres=loc.geheim_adres)


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


async def create(session: AsyncSession, principal: Principal, data: LocatieIn) -> Locatie:
    if (data.min_leeftijd is not None and data.max_leeftijd is not None
            and data.min_leeftijd > data.max_leeftijd):
        raise Unprocessable("minLeeftijd exceeds maxLeeftijd")
    loc = Locatie(
        id=uuid.uuid4(), naam=data.naam, aanbieder=data.aanbieder, gemeente=data.gemeente,
        vorm=data.vorm.value, bovenregionaal=data.gemeente not in U16_GEMEENTEN,
        geheim_adres=data.geheim_adres, min_leeftijd=data.min_leeftijd,
        max_leeftijd=data.max_leeftijd, geslacht=data.geslacht.value if data.geslacht else None,
        specialismen=sorted(set(data.specialismen)), capaciteit=data.capaciteit, bezet=0,
        version=1)
    session.add(loc)
    await session.flush()
    session.add(CapaciteitWijziging(locatie_id=loc.id, ingangsdatum=sa.func.current_date(),
                                    capaciteit=data.capaciteit, reden="nieuwe locatie",
                                    door=principal.subject))
    return loc


async def get_visible(session: AsyncSession, scope: Scope, locatie_id: uuid.UUID) -> Locatie:
    loc = (await session.scalars(sa.select(Locatie).where(
        Locatie.id == locatie_id, zichtbaar(scope)))).first()
    if loc is None:
        raise NotFound(f"locatie {locatie_id}")
    return loc


async def list_visible(session: AsyncSession, scope: Scope, *, vorm: str | None,
                       gemeente: str | None, alleen_vrij: bool) -> list[Locatie]:
    query = sa.select(Locatie).where(zichtbaar(scope)).order_by(Locatie.gemeente, Locatie.naam)
    if vorm is not None:
        query = query.where(Locatie.vorm == vorm)
    if gemeente is not None:
        query = query.where(Locatie.gemeente == gemeente)
    if alleen_vrij:
        query = query.where(Locatie.bezet < Locatie.capaciteit)
    return list((await session.scalars(query)).all())


async def wijzig_capaciteit(session: AsyncSession, principal: Principal, scope: Scope,
                            locatie_id: uuid.UUID, data: CapaciteitWijzigingIn) -> Locatie:
    """Capacity may not drop below the places in use (the clients are there)."""
    await get_visible(session, scope, locatie_id)
    row = (await session.execute(
        sa.update(Locatie)
        .where(Locatie.id == locatie_id, Locatie.bezet <= data.capaciteit)
        .values(capaciteit=data.capaciteit, version=Locatie.version + 1)
        .returning(Locatie.id))).first()
    if row is None:
        raise Conflict("the new capacity is below the number of occupied places")
    session.add(CapaciteitWijziging(locatie_id=locatie_id, ingangsdatum=data.ingangsdatum,
                                    capaciteit=data.capaciteit, reden=data.reden,
                                    door=principal.subject))
    loc = await session.get(Locatie, locatie_id, populate_existing=True)
    assert loc is not None
    return loc
