"""The dwangsom figures' SQL: the ingebrekestellingen not yet set on a day with the decision
that ended each (if known by then), the dwangsommen set in a period, and the open aanvragen
past their decision term without an ingebrekestelling."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import AanvraagFeit, BeschikkingFeit, BezwaarBesluitFeit
from ..models.dwangsom import (
    BeslistermijnVerlengingFeit,
    DwangsomVaststellingFeit,
    IngebrekestellingFeit,
)

IG, V = IngebrekestellingFeit, DwangsomVaststellingFeit


async def niet_vastgesteld(session: AsyncSession, op: date) -> list[tuple[date, date | None]]:
    """(received on, decided on) of every ingebrekestelling received by ``op`` whose
    dwangsom was not set by then; the decision is the first beschikking on the aanvraag, or
    the beslissing op bezwaar, given by ``op``."""
    b, z = BeschikkingFeit, BezwaarBesluitFeit
    beschikt = (sa.select(sa.func.min(b.afgegeven_op))
                .where(b.aanvraag_id == IG.aanvraag_id, b.afgegeven_op <= op).scalar_subquery())
    besloten = (sa.select(sa.func.min(z.besloten_op))
                .where(z.bezwaar_id == IG.bezwaar_id, z.besloten_op <= op).scalar_subquery())
    vastgesteld = sa.exists().where(V.ingebrekestelling_id == IG.ingebrekestelling_id,
                                    V.vastgesteld_op <= op)
    rows = await session.execute(
        sa.select(IG.ontvangen_op, sa.case((IG.bezwaar_id.is_(None), beschikt), else_=besloten))
        .where(IG.ontvangen_op <= op, ~vastgesteld))
    return [(ontvangen, beslist) for ontvangen, beslist in rows]


async def vastgesteld(session: AsyncSession, van: date, tot: date) -> tuple[int, int]:
    """How many dwangsommen were set from ``van`` up to and including ``tot``, and their sum
    in cents."""
    n, cents = (await session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(V.bedrag_cents), 0))
        .where(V.vastgesteld_op.between(van, tot)))).one()
    return int(n), int(cents)


async def termijn_verstreken_zonder_ingebrekestelling(session: AsyncSession, op: date) -> int:
    """Aanvragen received by ``op`` without a beschikking by then, whose decision term (as
    suspensions moved it) ended before ``op``, and on which no ingebrekestelling came."""
    a, b, t = AanvraagFeit, BeschikkingFeit, BeslistermijnVerlengingFeit
    verlengd = (sa.select(sa.func.max(t.beslissen_uiterlijk))
                .where(t.aanvraag_id == a.aanvraag_id).scalar_subquery())
    return int(await session.scalar(
        sa.select(sa.func.count()).select_from(a).where(
            a.ontvangen_op <= op,
            sa.func.greatest(a.beslissen_uiterlijk, verlengd) < op,
            ~sa.exists().where(b.aanvraag_id == a.aanvraag_id, b.afgegeven_op <= op),
            ~sa.exists().where(IG.aanvraag_id == a.aanvraag_id, IG.bezwaar_id.is_(None),
                               IG.ontvangen_op <= op))) or 0)
