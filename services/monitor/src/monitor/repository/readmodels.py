"""The read models as a whole: emptied before a rebuild, analyzed after it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import KERNEL, Base


def read_model_tables() -> list[sa.Table]:
    kernel = {KERNEL.outbox.name, KERNEL.processed_events.name, KERNEL.audit_log.name}
    return [t for t in reversed(Base.metadata.sorted_tables) if t.name not in kernel]


async def empty(session: AsyncSession, consumer: str) -> None:
    """Every read model emptied, and ``consumer``'s claims on the events it processed."""
    for table in read_model_tables():
        await session.execute(sa.delete(table))
    await session.execute(sa.delete(KERNEL.processed_events)
                          .where(KERNEL.processed_events.c.consumer == consumer))


async def analyze(session: AsyncSession) -> None:
    """Fresh statistics for the refilled tables: until autovacuum gets to them the planner
    would take them for near empty and pick plans that cost seconds on a full year."""
    for table in read_model_tables():
        await session.execute(sa.text(f'ANALYZE "{table.name}"'))
