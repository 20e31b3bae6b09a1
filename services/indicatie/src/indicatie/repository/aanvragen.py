"""Queries of the aanvraag and its suspensions."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..models import Aanvraag, Opschorting


async def insert_once(session: AsyncSession, **values: Any) -> bool:
    """Insert an aanvraag unless its id exists (a replayed verwijzing); True when inserted."""
    inserted = await session.execute(
        pg_insert(Aanvraag).values(**values).on_conflict_do_nothing().returning(Aanvraag.id))
    return inserted.first() is not None


async def get(session: AsyncSession, aanvraag_id: uuid.UUID,
              for_update: bool = False) -> Aanvraag | None:
    return await session.get(Aanvraag, aanvraag_id, with_for_update=for_update)


async def list_(session: AsyncSession, melding_id: uuid.UUID | None, client_id: str | None,
                status: str | None, page: PageRequest) -> tuple[list[Aanvraag], int]:
    query = sa.select(Aanvraag).order_by(Aanvraag.created_at.desc(), Aanvraag.id)
    query = where_given(
        query,
        (Aanvraag.melding_id, melding_id),
        (Aanvraag.client_id, client_id),
        (Aanvraag.status, status),
    )
    return await scalars_page(session, query, page)


async def opschorting_overlapt(session: AsyncSession, aanvraag_id: uuid.UUID, van: Any,
                               tot_en_met: Any) -> bool:
    overlap = await session.scalar(
        sa.select(sa.func.count()).select_from(Opschorting).where(
            Opschorting.aanvraag_id == aanvraag_id, Opschorting.van <= tot_en_met,
            Opschorting.tot_en_met >= van))
    return bool(overlap)
