"""SQL on plaatsingen and housing offers."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, rows_page

from ..domain.zichtbaarheid import Scope
from ..models import Aanmelding, Locatie, Plaatsing, WoningAanbod
from .aanmeldingen import scope_filter

PlaatsingRij = tuple[Plaatsing, Aanmelding, Locatie]
"""A placement with its aanmelding and location: what every plaatsing response shows."""


async def add(session: AsyncSession, plaatsing: Plaatsing) -> None:
    session.add(plaatsing)
    await session.flush()


def add_woningaanbod(session: AsyncSession, aanbod: WoningAanbod) -> None:
    session.add(aanbod)


async def get(session: AsyncSession, plaatsing_id: uuid.UUID, *,
              for_update: bool = False) -> PlaatsingRij | None:
    """``for_update`` locks the plaatsing and then its aanmelding (always in that order)."""
    p = await session.get(Plaatsing, plaatsing_id, with_for_update=for_update)
    if p is None:
        return None
    a = await session.get(Aanmelding, p.aanmelding_id, with_for_update=for_update)
    loc = await session.get(Locatie, p.locatie_id)
    assert a is not None and loc is not None
    return p, a, loc


async def list_visible(session: AsyncSession, scope: Scope, *, status: str | None,
                       aanmelding_id: uuid.UUID | None,
                       page: PageRequest) -> tuple[list[PlaatsingRij], int]:
    """Newest first; a provider sees the placements at its own locations."""
    query = (sa.select(Plaatsing, Aanmelding, Locatie)
             .join(Aanmelding, Aanmelding.id == Plaatsing.aanmelding_id)
             .join(Locatie, Locatie.id == Plaatsing.locatie_id)
             .order_by(Plaatsing.created_at.desc(), Plaatsing.id)
             .where(scope_filter(scope, bij_aanbieder=lambda code: Locatie.aanbieder == code)))
    query = where_given(query, (Plaatsing.status, status), (Plaatsing.aanmelding_id, aanmelding_id))
    return await rows_page(session, query, page)
