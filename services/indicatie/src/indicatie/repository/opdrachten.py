"""The pending toewijzingberichten (WMO301): one open opdracht per client and provider,
however many changes come in meanwhile; the composer draws it up (with the BSN from toegang)
outside the caller's request."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..models.iwmo import IwmoOpdracht


async def plan_toewijzingbericht(session: AsyncSession, client_id: str, aanbieder: str) -> None:
    """Ask for a new WMO301 for this client and provider (idempotent)."""
    await session.execute(
        pg_insert(IwmoOpdracht).values(client_id=client_id, aanbieder=aanbieder)
        .on_conflict_do_nothing(index_elements=["client_id", "aanbieder"],
                                index_where=sa.text("status = 'open'")))


async def te_doen(session: AsyncSession, limit: int) -> list[IwmoOpdracht]:
    """Open opdrachten whose next attempt is due, locked; others' locked ones are skipped."""
    return list((await session.scalars(
        sa.select(IwmoOpdracht).where(IwmoOpdracht.status == "open",
                                      IwmoOpdracht.volgende_poging <= sa.func.now())
        .order_by(IwmoOpdracht.id).limit(limit).with_for_update(skip_locked=True))).all())


async def wachtend_per_reden(session: AsyncSession) -> dict[str, tuple[int, datetime | None]]:
    """Per reason: how many opdrachten wait after a failed attempt, and since when the oldest."""
    rows = await session.execute(
        sa.select(IwmoOpdracht.reden, sa.func.count(), sa.func.min(IwmoOpdracht.created_at))
        .where(IwmoOpdracht.status == "open", IwmoOpdracht.pogingen > 0)
        .group_by(IwmoOpdracht.reden))
    return {r: (n, oudste) for r, n, oudste in rows if r is not None}


async def open_opdrachten(session: AsyncSession, reden: str | None, aanbieder: str | None,
                          page: PageRequest) -> tuple[list[IwmoOpdracht], int]:
    """The open opdrachten, oldest first: the ones not yet tried and the ones that wait."""
    query = where_given(sa.select(IwmoOpdracht).where(IwmoOpdracht.status == "open"),
                        (IwmoOpdracht.reden, reden), (IwmoOpdracht.aanbieder, aanbieder))
    return await scalars_page(session, query.order_by(IwmoOpdracht.created_at, IwmoOpdracht.id),
                              page)
