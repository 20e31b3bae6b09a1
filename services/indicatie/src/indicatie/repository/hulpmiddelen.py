"""Queries of the depot of aids and their verstrekkingen."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..domain.hulpmiddelen import Status
from ..models.hulpmiddelen import Hulpmiddel, HulpmiddelVerstrekking


async def get(session: AsyncSession, hulpmiddel_id: uuid.UUID,
              for_update: bool = False) -> Hulpmiddel | None:
    return await session.get(Hulpmiddel, hulpmiddel_id, with_for_update=for_update)


async def list_(session: AsyncSession, product_code: str | None, status: str | None,
                page: PageRequest) -> tuple[list[Hulpmiddel], int]:
    query = sa.select(Hulpmiddel).order_by(Hulpmiddel.depotnummer)
    query = where_given(query, (Hulpmiddel.product_code, product_code),
                        (Hulpmiddel.status, status))
    return await scalars_page(session, query, page)


async def in_depot(session: AsyncSession, product_code: str) -> list[Hulpmiddel]:
    """The items of a product in the depot, locked; one another issue holds is skipped, so
    two issues at once never take the same item."""
    rows = await session.scalars(
        sa.select(Hulpmiddel)
        .where(Hulpmiddel.product_code == product_code, Hulpmiddel.status == Status.IN_DEPOT)
        .order_by(Hulpmiddel.geregistreerd_op, Hulpmiddel.depotnummer)
        .with_for_update(skip_locked=True))
    return list(rows.all())


async def eerder_verstrekt(session: AsyncSession, hulpmiddel_id: uuid.UUID) -> bool:
    return bool(await session.scalar(sa.select(sa.exists().where(
        HulpmiddelVerstrekking.hulpmiddel_id == hulpmiddel_id))))


async def verstrekkingen_van(session: AsyncSession,
                             hulpmiddel_id: uuid.UUID) -> list[HulpmiddelVerstrekking]:
    rows = await session.scalars(
        sa.select(HulpmiddelVerstrekking)
        .where(HulpmiddelVerstrekking.hulpmiddel_id == hulpmiddel_id)
        .order_by(HulpmiddelVerstrekking.verstrekt_op, HulpmiddelVerstrekking.created_at))
    return list(rows.all())


async def lopende_verstrekking(session: AsyncSession,
                               hulpmiddel_id: uuid.UUID) -> HulpmiddelVerstrekking | None:
    return await session.scalar(
        sa.select(HulpmiddelVerstrekking)
        .where(HulpmiddelVerstrekking.hulpmiddel_id == hulpmiddel_id,
               HulpmiddelVerstrekking.ingenomen_op.is_(None))
        .with_for_update())


async def lopend_op_product(session: AsyncSession, beschikt_product_id: uuid.UUID) -> int:
    """How many aids are with the resident on this granted product now."""
    return int(await session.scalar(
        sa.select(sa.func.count()).select_from(HulpmiddelVerstrekking)
        .where(HulpmiddelVerstrekking.beschikt_product_id == beschikt_product_id,
               HulpmiddelVerstrekking.ingenomen_op.is_(None))) or 0)
