"""Queries of the bezwaar."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.events.indicatie import IndicatieTermijnSoort
from wmokernel.paging import PageRequest, scalars_page

from ..models import Bezwaar, Termijnsignaal


async def get(session: AsyncSession, bezwaar_id: uuid.UUID,
              for_update: bool = False) -> Bezwaar | None:
    return await session.get(Bezwaar, bezwaar_id, with_for_update=for_update)


async def list_(session: AsyncSession, aanvraag_id: uuid.UUID | None, status: str | None,
                page: PageRequest) -> tuple[list[Bezwaar], int]:
    query = sa.select(Bezwaar).order_by(Bezwaar.created_at.desc(), Bezwaar.id)
    query = where_given(query, (Bezwaar.aanvraag_id, aanvraag_id), (Bezwaar.status, status))
    return await scalars_page(session, query, page)


async def vergeet_signalen(session: AsyncSession, bezwaar_id: uuid.UUID) -> None:
    """Forget the deadline signals given for the bezwaar's decision term: it was postponed,
    so the new term gets its own."""
    await session.execute(sa.delete(Termijnsignaal).where(
        Termijnsignaal.dossier_id == bezwaar_id,
        Termijnsignaal.soort == IndicatieTermijnSoort.BEZWAAR_BESLISTERMIJN.value))
