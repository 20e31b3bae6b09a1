"""Ask for a new toewijzingbericht (WMO301) for a client and provider; the composer draws
it up (with the BSN from toegang) outside the caller's request. Idempotent: one open
opdracht per client and provider, however many changes come in meanwhile."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.iwmo import IwmoOpdracht


async def plan_toewijzingbericht(session: AsyncSession, client_id: str, aanbieder: str) -> None:
    await session.execute(
        pg_insert(IwmoOpdracht).values(client_id=client_id, aanbieder=aanbieder)
        .on_conflict_do_nothing(index_elements=["client_id", "aanbieder"],
                                index_where=sa.text("status = 'open'")))
