"""Queries of the CAK notifications."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import CakMelding


async def get(session: AsyncSession, melding_id: uuid.UUID,
              for_update: bool = False) -> CakMelding | None:
    return await session.get(CakMelding, melding_id, with_for_update=for_update)


async def list_(session: AsyncSession, status: str | None, limit: int) -> list[CakMelding]:
    query = sa.select(CakMelding).order_by(CakMelding.melden_uiterlijk, CakMelding.id).limit(limit)
    if status is not None:
        query = query.where(CakMelding.status == status)
    return list((await session.scalars(query)).all())
