from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from wmokernel.paging import PageRequest, scalars_page

from ..models import Abonnement, Aflevering

# Written into the SQL, not bound: a prepared statement's generic plan cannot use the partial
# index on pending deliveries for a bound status, and then scans every delivery per delivery.
WACHTEND = sa.literal("wachtend", literal_execute=True)


async def add_all(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """New deliveries; one already made for the same subscription and notification (an
    event read twice) is left as it is."""
    if rows:
        await session.execute(insert(Aflevering).values(rows).on_conflict_do_nothing(
            index_elements=["abonnement_id", "notificatie_id"]))


async def due(session: AsyncSession, nu: datetime, limit: int
              ) -> list[tuple[Aflevering, Abonnement]]:
    """Pending deliveries due at ``nu`` that are the oldest pending one of their subscription
    and hoofdObject (``domain.aflevering.aan_de_beurt``), locked; rows another process holds
    are skipped."""
    eerder = aliased(Aflevering)
    earlier_pending = sa.exists().where(
        eerder.abonnement_id == Aflevering.abonnement_id,
        eerder.hoofd_object == Aflevering.hoofd_object,
        eerder.status == WACHTEND, eerder.volgnummer < Aflevering.volgnummer)
    query = (sa.select(Aflevering, Abonnement)
             .join(Abonnement, Abonnement.id == Aflevering.abonnement_id)
             .where(Aflevering.status == WACHTEND, Aflevering.volgende_poging <= nu,
                    ~earlier_pending)
             .order_by(Aflevering.volgnummer).limit(limit)
             .with_for_update(of=Aflevering, skip_locked=True))
    return [(a, b) for a, b in (await session.execute(query)).all()]


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
