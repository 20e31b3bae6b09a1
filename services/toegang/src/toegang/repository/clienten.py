"""SQL of the client registry and its reference data (postcode areas)."""

from __future__ import annotations

import functools
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Client, Postcodegebied

# Reference data per database, read once per process (it changes with a migration, i.e. a
# deploy); keyed by the database URL so tests with several databases stay apart.
_AREAS: dict[str, dict[str, tuple[str, str, str]]] = {}


async def postcode_area(session: AsyncSession, postcode4: str) -> tuple[str, str, str] | None:
    """(wijk code, buurt, gemeente) of a 4-digit postcode area, or None when unknown."""
    key = str(session.get_bind().engine.url)
    areas = _AREAS.get(key)
    if areas is None:
        rows = (await session.execute(sa.select(
            Postcodegebied.postcode4, Postcodegebied.wijk, Postcodegebied.buurt,
            Postcodegebied.gemeente))).all()
        areas = _AREAS[key] = {r.postcode4: (r.wijk, r.buurt, r.gemeente) for r in rows}
    return areas.get(postcode4)


ADRES_COLUMNS = ("straat", "huisnummer", "huisnummertoevoeging", "postcode", "woonplaats",
                 "gemeente", "wijk", "buurt")


@functools.cache
def _client_upsert(updated: tuple[str, ...]) -> sa.Insert:
    """The registry's upsert that overwrites ``updated`` on a known client; built once per
    shape (a statement built per request costs more than its round trip)."""
    table = cast(sa.Table, Client.__table__)
    stmt = pg_insert(table)
    if not updated:
        return stmt.on_conflict_do_nothing().returning(table.c.id)
    # xmax = 0 only for a freshly inserted row version.
    return stmt.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={**{c: stmt.excluded[c] for c in updated}, "updated_at": sa.func.now()},
    ).returning(sa.literal_column("xmax = 0"))


async def upsert_client(session: AsyncSession, values: dict[str, object],
                        updated: tuple[str, ...]) -> bool:
    """Insert the registry entry ``values`` or overwrite ``updated`` on a known client; True
    when the client was known already."""
    if updated:
        inserted = await session.scalar(_client_upsert(updated), values)
        return not inserted
    row = (await session.execute(_client_upsert(()), values)).first()
    return row is None


async def ids_and_bsns(session: AsyncSession) -> list[tuple[str, str]]:
    """(client id, BSN) of every client: what a pseudonym key rotation maps."""
    return [(r.id, r.bsn) for r in await session.execute(sa.select(Client.id, Client.bsn))]


async def get_client(session: AsyncSession, client_id: str) -> Client | None:
    return await session.get(Client, client_id)


async def bsn_and_naam(session: AsyncSession, client_id: str) -> tuple[str, str | None] | None:
    row = (await session.execute(sa.select(Client.bsn, Client.naam).where(
        Client.id == client_id))).first()
    return None if row is None else (row.bsn, row.naam)


async def gemeente(session: AsyncSession, client_id: str) -> str | None:
    return await session.scalar(sa.select(Client.gemeente).where(Client.id == client_id))
