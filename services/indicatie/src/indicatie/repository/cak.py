"""Queries of the CAK notifications."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..models import CakMelding


async def get(session: AsyncSession, melding_id: uuid.UUID,
              for_update: bool = False) -> CakMelding | None:
    return await session.get(CakMelding, melding_id, with_for_update=for_update)


async def list_(session: AsyncSession, status: str | None,
                page: PageRequest | None) -> tuple[list[CakMelding], int]:
    query = sa.select(CakMelding).order_by(CakMelding.melden_uiterlijk, CakMelding.id)
    query = where_given(query, (CakMelding.status, status))
    if page is None:
        rows = list((await session.scalars(query)).all())
        return rows, len(rows)
    return await scalars_page(session, query, page)
