"""Queries of the iWmo declaraties and their approved prestaties."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models.iwmo import IwmoDeclaratie, IwmoPrestatie


async def nummer_bekend(session: AsyncSession, aanbieder: str, declaratienummer: str) -> bool:
    return await session.scalar(sa.select(IwmoDeclaratie.id).where(
        IwmoDeclaratie.aanbieder == aanbieder,
        IwmoDeclaratie.declaratienummer == declaratienummer)) is not None


async def prestaties_van(session: AsyncSession, toewijzing_id: uuid.UUID) -> list[IwmoPrestatie]:
    return list((await session.scalars(sa.select(IwmoPrestatie).where(
        IwmoPrestatie.toewijzing_id == toewijzing_id))).all())


async def met_referentie(session: AsyncSession, aanbieder: str,
                         referentie: str) -> list[IwmoPrestatie]:
    return list((await session.scalars(sa.select(IwmoPrestatie).where(
        IwmoPrestatie.aanbieder == aanbieder, IwmoPrestatie.referentie == referentie))).all())


async def prestaties_van_toewijzingen(session: AsyncSession, toewijzing_ids: list[uuid.UUID]
                                      ) -> dict[uuid.UUID, list[IwmoPrestatie]]:
    out: dict[uuid.UUID, list[IwmoPrestatie]] = {i: [] for i in toewijzing_ids}
    for p in await session.scalars(sa.select(IwmoPrestatie).where(
            IwmoPrestatie.toewijzing_id.in_(toewijzing_ids))):
        out[p.toewijzing_id].append(p)
    return out


async def met_referenties(session: AsyncSession, aanbieder: str, referenties: set[str]
                          ) -> dict[str, list[IwmoPrestatie]]:
    out: dict[str, list[IwmoPrestatie]] = {r: [] for r in referenties}
    for p in await session.scalars(sa.select(IwmoPrestatie).where(
            IwmoPrestatie.aanbieder == aanbieder, IwmoPrestatie.referentie.in_(referenties))):
        out[p.referentie].append(p)
    return out
