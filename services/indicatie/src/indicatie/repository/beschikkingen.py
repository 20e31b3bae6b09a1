"""Queries of the beschikking and its granted products."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Beschikking, BeschiktProduct


async def get(session: AsyncSession, beschikking_id: uuid.UUID,
              for_update: bool = False) -> Beschikking | None:
    return await session.get(Beschikking, beschikking_id, with_for_update=for_update)


async def list_(session: AsyncSession, aanvraag_id: uuid.UUID) -> list[Beschikking]:
    rows = await session.scalars(sa.select(Beschikking).where(
        Beschikking.aanvraag_id == aanvraag_id).order_by(Beschikking.ronde))
    return list(rows.all())


async def vorige_afgegeven(session: AsyncSession, aanvraag_id: uuid.UUID,
                           beschikking_id: uuid.UUID) -> Beschikking | None:
    """The latest issued beschikking of the aanvraag other than this one (locked)."""
    return await session.scalar(
        sa.select(Beschikking).where(Beschikking.aanvraag_id == aanvraag_id,
                                     Beschikking.status == "afgegeven",
                                     Beschikking.id != beschikking_id)
        .order_by(Beschikking.ronde.desc()).limit(1).with_for_update())


async def producten_van(session: AsyncSession, beschikking_id: uuid.UUID) -> list[BeschiktProduct]:
    rows = await session.scalars(
        sa.select(BeschiktProduct).where(BeschiktProduct.beschikking_id == beschikking_id)
        .order_by(BeschiktProduct.ingangsdatum, BeschiktProduct.product_code))
    return list(rows.all())


async def product(session: AsyncSession, product_id: uuid.UUID) -> BeschiktProduct | None:
    return await session.get(BeschiktProduct, product_id)


async def tarieven_van(session: AsyncSession, product_ids: list[uuid.UUID]
                      ) -> dict[uuid.UUID, int]:
    rows = await session.execute(sa.select(BeschiktProduct.id, BeschiktProduct.tarief_cents)
                                 .where(BeschiktProduct.id.in_(product_ids)))
    return {i: tarief for i, tarief in rows}


async def tarief_van(session: AsyncSession, product_id: uuid.UUID) -> int | None:
    return await session.scalar(sa.select(BeschiktProduct.tarief_cents)
                                .where(BeschiktProduct.id == product_id))
