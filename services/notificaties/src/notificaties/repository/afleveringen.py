from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.paging import PageRequest, scalars_page

from ..domain.aflevering import Status
from ..models import Abonnement, Aflevering

# Written into the SQL, not bound: a prepared statement's generic plan cannot use the partial
# index on pending deliveries for a bound status, and then scans every delivery per delivery.
WACHTEND = sa.literal("wachtend", literal_execute=True)


async def add_all(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """New deliveries; one already made for the same subscription and notification (an
    event read twice) is left as it is."""
    if rows:  # executemany: one compiled statement whatever the number of rows
        await session.execute(insert(Aflevering).on_conflict_do_nothing(
            index_elements=["abonnement_id", "notificatie_id"]), rows)


async def claim(session: AsyncSession, nu: datetime, *, limit: int, lease_until: datetime,
                per_abonnement: int, skip: Collection[uuid.UUID] = ()) -> list[Aflevering]:
    """Take up to ``limit`` deliveries that may be sent now: pending, due at ``nu`` and the
    oldest pending one of their subscription and hoofdObject (``domain.aflevering.
    aan_de_beurt``), at most ``per_abonnement`` per subscription and none for ``skip``. A
    taken delivery's next attempt moves to ``lease_until``: a lease, so no other round or
    process sends it meanwhile and, if this process dies, it is tried again when the lease
    ends. Rows another process holds are skipped.

    The heads are found with one ordered pass over the pending rows (DISTINCT ON on the
    partial index), never a join of pending rows with each other: whatever the planner
    believes of the table's size, a backlog costs one scan, not its square."""
    heads = (sa.select(Aflevering.id, Aflevering.volgnummer, Aflevering.abonnement_id,
                       Aflevering.volgende_poging)
             .where(Aflevering.status == WACHTEND)
             .ext(distinct_on(Aflevering.abonnement_id, Aflevering.hoofd_object))
             .order_by(Aflevering.abonnement_id, Aflevering.hoofd_object,
                       Aflevering.volgnummer)
             .cte("heads"))
    rang = sa.func.row_number().over(partition_by=heads.c.abonnement_id,
                                     order_by=heads.c.volgnummer).label("rang")
    due = sa.select(heads.c.id, heads.c.volgnummer, rang).where(heads.c.volgende_poging <= nu)
    if skip:
        due = due.where(heads.c.abonnement_id.not_in(list(skip)))
    due_cte = due.cte("due")
    chosen = (sa.select(due_cte.c.id).where(due_cte.c.rang <= per_abonnement)
              .order_by(due_cte.c.volgnummer).limit(limit))
    ids = list((await session.scalars(chosen)).all())
    if not ids:
        return []
    lockable = (sa.select(Aflevering.id)
                .where(Aflevering.id.in_(ids), Aflevering.status == WACHTEND,
                       Aflevering.volgende_poging <= nu)
                .with_for_update(skip_locked=True))
    taken = (sa.update(Aflevering).where(Aflevering.id.in_(lockable.scalar_subquery()))
             .values(volgende_poging=lease_until, laatste_poging_op=nu)
             .returning(Aflevering)
             .execution_options(synchronize_session=False, populate_existing=True))
    rows = list((await session.scalars(taken)).all())
    return sorted(rows, key=lambda a: a.volgnummer)


async def abonnementen_van(session: AsyncSession, ids: Collection[uuid.UUID]
                           ) -> dict[uuid.UUID, Abonnement]:
    found = await session.scalars(sa.select(Abonnement).where(Abonnement.id.in_(list(ids))))
    return {b.id: b for b in found}


async def record(session: AsyncSession, uitkomsten: list[dict[str, Any]]) -> None:
    """Write attempts' outcomes (``id`` plus the changed columns, the same columns in each)
    in one statement; a delivery no longer pending (re-queued meanwhile) is left as it is."""
    if not uitkomsten:
        return
    columns = [c for c in uitkomsten[0] if c != "id"]
    table = cast(sa.Table, Aflevering.__table__)
    stmt = (sa.update(table)
            .where(table.c.id == sa.bindparam("_id"),
                   table.c.status == Status.WACHTEND.value)
            .values({c: sa.bindparam(c) for c in columns}))
    await session.execute(stmt, [{"_id": u["id"], **{c: u[c] for c in columns}}
                                 for u in uitkomsten])


async def count_pending(session: AsyncSession) -> int:
    return int(await session.scalar(sa.select(sa.func.count()).select_from(Aflevering)
                                    .where(Aflevering.status == WACHTEND)) or 0)


async def page_for(session: AsyncSession, abonnement_id: uuid.UUID, status: str | None,
                   request: PageRequest) -> tuple[list[Aflevering], int]:
    query = sa.select(Aflevering).where(Aflevering.abonnement_id == abonnement_id)
    if status is not None:
        query = query.where(Aflevering.status == status)
    return await scalars_page(session, query.order_by(Aflevering.volgnummer.desc()), request)


async def get_for(session: AsyncSession, abonnement_id: uuid.UUID, aflevering_id: uuid.UUID
                  ) -> Aflevering | None:
    query = (sa.select(Aflevering).where(Aflevering.id == aflevering_id,
                                         Aflevering.abonnement_id == abonnement_id)
             .with_for_update())
    return (await session.scalars(query)).one_or_none()
