"""The read model of toegang's meldingen (see ``models.ToegangMelding``)."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Aanvraag, ToegangMelding


async def bijwerken(session: AsyncSession, melding_id: uuid.UUID, client_id: str, *,
                    gemeld_op: date | None = None, wijk: str | None = None,
                    onderzoek_afgerond_op: date | None = None) -> None:
    """Records what one event says of the melding; a value already known is kept when the
    event does not carry it, so the events may arrive in any order and more than once."""
    values = {"gemeld_op": gemeld_op, "wijk": wijk, "onderzoek_afgerond_op": onderzoek_afgerond_op}
    insert = pg_insert(ToegangMelding).values(melding_id=melding_id, client_id=client_id,
                                              **values)
    table = ToegangMelding.__table__.c
    await session.execute(insert.on_conflict_do_update(
        index_elements=[table.melding_id],
        set_={name: sa.func.coalesce(insert.excluded[name], table[name]) for name in values}))


async def get(session: AsyncSession, melding_id: uuid.UUID) -> ToegangMelding | None:
    return await session.get(ToegangMelding, melding_id)


async def van_client(session: AsyncSession, client_id: str) -> list[ToegangMelding]:
    """The client's meldingen, the latest first."""
    rows = await session.scalars(
        sa.select(ToegangMelding).where(ToegangMelding.client_id == client_id)
        .order_by(ToegangMelding.gemeld_op.desc().nulls_last(), ToegangMelding.created_at.desc()))
    return list(rows.all())


async def client_bekend(session: AsyncSession, client_id: str) -> bool:
    """A melding of the client came from toegang, or the client already has an aanvraag."""
    known = sa.union_all(
        sa.select(sa.literal(1)).where(ToegangMelding.client_id == client_id),
        sa.select(sa.literal(1)).where(Aanvraag.client_id == client_id)).limit(1)
    return await session.scalar(known) is not None
