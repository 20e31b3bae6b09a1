"""SQL of the consent registry."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Toestemming


async def add_toestemming(session: AsyncSession, consent: Toestemming, *,
                          flush: bool = True) -> None:
    session.add(consent)
    if flush:
        await session.flush()


async def of_client(session: AsyncSession, client_id: str) -> list[Toestemming]:
    rows = await session.scalars(sa.select(Toestemming).where(
        Toestemming.client_id == client_id).order_by(Toestemming.created_at))
    return list(rows.all())


async def get_for_update(session: AsyncSession, consent_id: uuid.UUID) -> Toestemming | None:
    return await session.get(Toestemming, consent_id, with_for_update=True)
