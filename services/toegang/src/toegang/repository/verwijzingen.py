"""SQL of the verwijzingen of a casus."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Verwijzing


async def exists(session: AsyncSession, melding_id: uuid.UUID, naar: str) -> bool:
    found = await session.scalar(sa.select(Verwijzing.id).where(
        Verwijzing.melding_id == melding_id, Verwijzing.naar == naar))
    return found is not None


async def add_verwijzing(session: AsyncSession, verwijzing: Verwijzing) -> None:
    session.add(verwijzing)
    await session.flush()


async def of_melding(session: AsyncSession, melding_id: uuid.UUID) -> list[Verwijzing]:
    rows = await session.scalars(sa.select(Verwijzing).where(
        Verwijzing.melding_id == melding_id).order_by(Verwijzing.created_at))
    return list(rows.all())


async def destinations(session: AsyncSession, melding_id: uuid.UUID) -> list[str]:
    """Where the casus was referred to, oldest first."""
    rows = await session.scalars(sa.select(Verwijzing.naar).where(
        Verwijzing.melding_id == melding_id).order_by(Verwijzing.created_at))
    return list(rows.all())
