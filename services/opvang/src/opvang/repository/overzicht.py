"""SQL behind the region's municipalities and the per-municipality overview (aggregates)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Aanmelding, Gemeente, Locatie, Plaatsing


async def gemeenten(session: AsyncSession) -> Sequence[Gemeente]:
    return (await session.scalars(sa.select(Gemeente).order_by(Gemeente.naam))).all()


async def gemeente(session: AsyncSession, cbs_code: str) -> Gemeente | None:
    return await session.get(Gemeente, cbs_code)


async def inwoners(session: AsyncSession,
                   cbs_code: str) -> Sequence[tuple[str, str, date, bool]]:
    """(vorm, status, verwezen_op, outflow blocked) per aanmelding of the municipality."""
    geblokkeerd = sa.exists().where(Plaatsing.aanmelding_id == Aanmelding.id,
                                    Plaatsing.status == "opgenomen",
                                    Plaatsing.uitstroom_geblokkeerd_reden.is_not(None))
    rows = (await session.execute(
        sa.select(Aanmelding.vorm, Aanmelding.status, Aanmelding.verwezen_op,
                  geblokkeerd.label("geblokkeerd"))
        .where(Aanmelding.gemeente == cbs_code))).all()
    return [(v, s, d, b) for v, s, d, b in rows]


async def bezetting(session: AsyncSession,
                    cbs_code: str) -> Sequence[tuple[str, int, int | None, int | None]]:
    """(vorm, locations, capacity, occupied) in the municipality, secret addresses left out."""
    rows = (await session.execute(
        sa.select(Locatie.vorm, sa.func.count(), sa.func.sum(Locatie.capaciteit),
                  sa.func.sum(Locatie.bezet))
        .where(Locatie.gemeente == cbs_code, Locatie.geheim_adres.is_(False))
        .group_by(Locatie.vorm).order_by(Locatie.vorm))).all()
    return [(v, n, c, b) for v, n, c, b in rows]
