"""The klachten of a year as they stood on a peildatum: each with its term in force and its
handling, from the three klacht facts."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.klachten import Klacht
from ..models.klachten import KlachtAfhandelingFeit, KlachtFeit, KlachtVerdagingFeit


async def klachten(session: AsyncSession, jaar: int, peildatum: date) -> list[Klacht]:
    """The klachten received in ``jaar`` up to ``peildatum``; a postponement counts from the
    day its notice was sent."""
    k, v, a = KlachtFeit, KlachtVerdagingFeit, KlachtAfhandelingFeit
    uiterlijk = sa.case((v.mededeling_op <= peildatum, v.beslissen_uiterlijk),
                        else_=k.beslissen_uiterlijk)
    rows = await session.execute(
        sa.select(k.betreft, k.organisatie_code, uiterlijk, a.afgehandeld_op, a.uitkomst,
                  a.binnen_termijn)
        .outerjoin(v, v.klacht_id == k.klacht_id)
        .outerjoin(a, a.klacht_id == k.klacht_id)
        .where(k.ontvangen_op.between(date(jaar, 1, 1), min(date(jaar, 12, 31), peildatum))))
    return [Klacht(*row) for row in rows.all()]
