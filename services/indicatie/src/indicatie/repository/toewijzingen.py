"""Queries of the toewijzing and its delivery periods."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..models import Leveringsperiode, Toewijzing


async def get(session: AsyncSession, toewijzing_id: uuid.UUID,
              for_update: bool = False) -> Toewijzing | None:
    return await session.get(Toewijzing, toewijzing_id, with_for_update=for_update)


async def met_nummer(session: AsyncSession, nummer: int) -> Toewijzing | None:
    """The toewijzing with this iWmo ToewijzingNummer (locked)."""
    return await session.scalar(sa.select(Toewijzing).where(Toewijzing.nummer == nummer)
                                .with_for_update())


async def met_nummers(session: AsyncSession, nummers: set[int]) -> dict[int, Toewijzing]:
    """The toewijzingen with these ToewijzingNummers (locked, in nummer order so concurrent
    declaraties lock them in the same order)."""
    rows = await session.scalars(sa.select(Toewijzing).where(Toewijzing.nummer.in_(nummers))
                                 .order_by(Toewijzing.nummer).with_for_update())
    return {t.nummer: t for t in rows}


async def perioden_van(session: AsyncSession, toewijzing_ids: list[uuid.UUID]
                       ) -> dict[uuid.UUID, list[Leveringsperiode]]:
    """The delivery periods not withdrawn of several toewijzingen, oldest first (locked)."""
    out: dict[uuid.UUID, list[Leveringsperiode]] = {i: [] for i in toewijzing_ids}
    rows = await session.scalars(
        sa.select(Leveringsperiode).where(Leveringsperiode.toewijzing_id.in_(toewijzing_ids),
                                          Leveringsperiode.verwijderd.is_(False))
        .order_by(Leveringsperiode.toewijzing_id, Leveringsperiode.begindatum)
        .with_for_update())
    for p in rows:
        out[p.toewijzing_id].append(p)
    return out


async def list_(session: AsyncSession, aanbieder: str | None, aanvraag_id: uuid.UUID | None,
                client_id: str | None, status: str | None,
                page: PageRequest) -> tuple[list[Toewijzing], int]:
    """``aanbieder``: only that provider's (None: all)."""
    query = sa.select(Toewijzing).order_by(Toewijzing.created_at.desc(), Toewijzing.id)
    query = where_given(
        query,
        (Toewijzing.aanbieder, aanbieder),
        (Toewijzing.aanvraag_id, aanvraag_id),
        (Toewijzing.client_id, client_id),
        (Toewijzing.status, status),
    )
    return await scalars_page(session, query, page)


async def van_client(session: AsyncSession, client_id: str, aanbieder: str) -> list[Toewijzing]:
    return list((await session.scalars(
        sa.select(Toewijzing).where(Toewijzing.client_id == client_id,
                                    Toewijzing.aanbieder == aanbieder)
        .order_by(Toewijzing.nummer))).all())


async def perioden(session: AsyncSession, toewijzing_id: uuid.UUID) -> list[Leveringsperiode]:
    """The delivery periods not withdrawn, oldest first (locked)."""
    return list((await session.scalars(
        sa.select(Leveringsperiode).where(Leveringsperiode.toewijzing_id == toewijzing_id,
                                          Leveringsperiode.verwijderd.is_(False))
        .order_by(Leveringsperiode.begindatum).with_for_update())).all())


async def ander_lopend(session: AsyncSession, t: Toewijzing) -> bool:
    """Another running toewijzing of the same granted product."""
    return await session.scalar(sa.select(Toewijzing.id).where(
        Toewijzing.beschikt_product_id == t.beschikt_product_id, Toewijzing.id != t.id,
        Toewijzing.status != "gestopt", Toewijzing.opvolger_id.is_(None))) is not None

