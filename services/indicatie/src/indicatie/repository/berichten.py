"""Queries of the iWmo mailbox (messages in and out)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..models.iwmo import BERICHT_IDENTIFICATIE, IwmoBericht, IwmoVerzoek


async def inkomend(session: AsyncSession, afzender: str, identificatie: str) -> IwmoBericht | None:
    """The incoming message with this sender and BerichtIdentificatie."""
    return await session.scalar(sa.select(IwmoBericht).where(
        IwmoBericht.richting == "in", IwmoBericht.afzender == afzender,
        IwmoBericht.identificatie == identificatie))


async def uitgaand_met_identificatie(session: AsyncSession, afzender: str, identificatie: str,
                                     for_update: bool = False) -> IwmoBericht | None:
    """Our outgoing message with this BerichtIdentificatie."""
    query = sa.select(IwmoBericht).where(
        IwmoBericht.richting == "uit", IwmoBericht.afzender == afzender,
        IwmoBericht.identificatie == identificatie)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def verzoeken_van(session: AsyncSession, bericht_id: uuid.UUID) -> list[uuid.UUID]:
    """The verzoeken a message (WMO315/317) made, in the order they were made."""
    return list((await session.scalars(
        sa.select(IwmoVerzoek.id).where(IwmoVerzoek.bericht_id == bericht_id)
        .order_by(IwmoVerzoek.created_at, IwmoVerzoek.referentie_aanbieder))).all())


async def get(session: AsyncSession, bericht_id: uuid.UUID,
              for_update: bool = False) -> IwmoBericht | None:
    return await session.get(IwmoBericht, bericht_id, with_for_update=for_update)


async def uitgaand(session: AsyncSession, aanbieder: str, status: str | None,
                   page: PageRequest,
                   berichttype: str | None = None) -> tuple[list[IwmoBericht], int]:
    query = (sa.select(IwmoBericht).where(IwmoBericht.richting == "uit",
                                          IwmoBericht.aanbieder == aanbieder)
             .order_by(IwmoBericht.created_at, IwmoBericht.id))
    query = where_given(query, (IwmoBericht.status, status),
                        (IwmoBericht.berichttype, berichttype))
    return await scalars_page(session, query, page)


async def volgende_identificatie(session: AsyncSession) -> int:
    nummer = await session.scalar(sa.select(BERICHT_IDENTIFICATIE.next_value()))
    assert nummer is not None
    return int(nummer)
