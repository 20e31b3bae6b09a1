"""Queries of the iWmo verzoeken (VOT, VOW)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..models.iwmo import IwmoVerzoek


async def get(session: AsyncSession, verzoek_id: uuid.UUID,
              for_update: bool = False) -> IwmoVerzoek | None:
    return await session.get(IwmoVerzoek, verzoek_id, with_for_update=for_update)


async def list_(session: AsyncSession, status: str | None,
                page: PageRequest) -> tuple[list[IwmoVerzoek], int]:
    query = sa.select(IwmoVerzoek).order_by(IwmoVerzoek.created_at, IwmoVerzoek.id)
    query = where_given(query, (IwmoVerzoek.status, status))
    return await scalars_page(session, query, page)


async def referentie_bekend(session: AsyncSession, aanbieder: str, referentie: str) -> bool:
    return await session.scalar(sa.select(IwmoVerzoek.id).where(
        IwmoVerzoek.aanbieder == aanbieder,
        IwmoVerzoek.referentie_aanbieder == referentie)) is not None


async def open_verzoek(session: AsyncSession, client_id: str, aanbieder: str,
                       statussen: tuple[str, ...], product_code: str | None = None,
                       per_product: bool = False) -> bool:
    """An open verzoek of this client at this provider (``per_product``: for that product)."""
    query = sa.select(IwmoVerzoek.id).where(
        IwmoVerzoek.client_id == client_id, IwmoVerzoek.aanbieder == aanbieder,
        IwmoVerzoek.status.in_(statussen))
    if per_product:
        query = query.where(IwmoVerzoek.product_code == product_code)
    return await session.scalar(query) is not None
