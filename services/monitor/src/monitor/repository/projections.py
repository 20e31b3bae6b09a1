"""The projections' writes: facts inserted in bulk, keyed by their own id (ON CONFLICT DO
NOTHING; a fact two events fill, an upsert keeping the earliest values), and each client's
union of product periods per provision."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_facts(session: AsyncSession, model: type[Any], rows: list[dict[str, Any]]
                       ) -> None:
    """Insert the facts that are new; a fact already there stays as it is."""
    # a Core insert on the table: the ORM bulk path took half of a rebuild's time
    await session.execute(pg_insert(model.__table__).on_conflict_do_nothing(), rows)


async def upsert_earliest(session: AsyncSession, model: type[Any], rows: list[dict[str, Any]],
                          columns: tuple[str, ...]) -> None:
    """Insert the facts that are new; of one already there, fill ``columns`` with the earlier
    of the stored and the new value (least() skips NULLs), so any order gives the same row."""
    stmt = pg_insert(model.__table__)
    table = model.__table__
    await session.execute(stmt.on_conflict_do_update(
        index_elements=list(table.primary_key.columns),
        set_={c: sa.func.least(table.c[c], stmt.excluded[c]) for c in columns}), rows)


_VOORZIENING_CLIENTEN = sa.text("""
    INSERT INTO voorziening_clienten AS t (client_id, voorziening, perioden)
    SELECT client_id, voorziening, range_agg(daterange(van, tot, '[]'))
    FROM unnest(CAST(:clients AS text[]), CAST(:voorzieningen AS text[]),
                CAST(:van AS date[]), CAST(:tot AS date[])) AS x(client_id, voorziening, van, tot)
    GROUP BY 1, 2
    ON CONFLICT (client_id, voorziening) DO UPDATE SET perioden = t.perioden + EXCLUDED.perioden
    WHERE NOT t.perioden @> EXCLUDED.perioden""")


async def add_voorziening_perioden(
        session: AsyncSession, rows: list[tuple[str, str, tuple[date, date | None]]]) -> None:
    """Add each (client, provision, period) to the client's union for the provision; a union
    is the same whatever the order and however often a period is added."""
    if rows:
        await session.execute(_VOORZIENING_CLIENTEN, {
            "clients": [r[0] for r in rows], "voorzieningen": [r[1] for r in rows],
            "van": [r[2][0] for r in rows], "tot": [r[2][1] for r in rows]})
