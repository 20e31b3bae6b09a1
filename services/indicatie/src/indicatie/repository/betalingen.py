"""Queries of the payment batches and of the approved prestaties not yet paid."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..models import Aanbieder, Toewijzing
from ..models.betalingen import Betaalbatch, BetaaldePrestatie
from ..models.iwmo import IwmoDeclaratie, IwmoPrestatie


def _open(aanbieder: str | None, tot_en_met: date | None
          ) -> sa.Select[IwmoPrestatie, str]:
    """Approved prestaties without an active link to a batch (with their declaratienummer),
    whose ProductPeriode ends on or before ``tot_en_met``."""
    betaald = sa.select(BetaaldePrestatie.prestatie_id).where(
        BetaaldePrestatie.prestatie_id == IwmoPrestatie.id, BetaaldePrestatie.actief)
    query = (sa.select(IwmoPrestatie, IwmoDeclaratie.declaratienummer)
             .join(IwmoDeclaratie, IwmoDeclaratie.id == IwmoPrestatie.declaratie_id)
             .where(~sa.exists(betaald)))
    query = where_given(query, (IwmoPrestatie.aanbieder, aanbieder))
    if tot_en_met is not None:
        query = query.where(IwmoPrestatie.einddatum <= tot_en_met)
    return query


async def aanbieders_met_open_prestaties(session: AsyncSession, aanbieder: str | None,
                                         tot_en_met: date | None) -> list[str]:
    sub = _open(aanbieder, tot_en_met).subquery()
    return list((await session.scalars(
        sa.select(sub.c.aanbieder).distinct().order_by(sub.c.aanbieder))).all())


async def open_prestaties(session: AsyncSession, aanbieder: str, tot_en_met: date | None
                          ) -> list[tuple[IwmoPrestatie, str]]:
    rows = await session.execute(_open(aanbieder, tot_en_met).order_by(
        IwmoDeclaratie.declaratienummer, IwmoPrestatie.referentie, IwmoPrestatie.id))
    return [(p, nummer) for p, nummer in rows.all()]


async def open_saldi(session: AsyncSession) -> list[tuple[Aanbieder, int, int]]:
    """Per provider with open prestaties: the provider, the net open amount, the count."""
    sub = _open(None, None).subquery()
    rows = await session.execute(
        sa.select(Aanbieder, sa.func.sum(sub.c.bedrag_cents), sa.func.count())
        .join(sub, sub.c.aanbieder == Aanbieder.code)
        .group_by(Aanbieder.code).order_by(Aanbieder.code))
    return [(a, int(s), int(n)) for a, s, n in rows.all()]


async def aanbieder(session: AsyncSession, code: str, for_update: bool = False
                    ) -> Aanbieder | None:
    """``for_update``: the lock that serialises batch runs for one provider; a second run
    waits, then sees the first run's links in its next statement."""
    return await session.get(Aanbieder, code, with_for_update=for_update,
                             populate_existing=for_update)


async def add(session: AsyncSession, batch: Betaalbatch,
              prestatie_ids: list[uuid.UUID]) -> None:
    session.add(batch)
    await session.flush()
    session.add_all([BetaaldePrestatie(batch_id=batch.id, prestatie_id=p, actief=True)
                     for p in prestatie_ids])
    await session.flush()


async def get(session: AsyncSession, batch_id: uuid.UUID,
              for_update: bool = False) -> Betaalbatch | None:
    return await session.get(Betaalbatch, batch_id, with_for_update=for_update)


async def list_(session: AsyncSession, status: str | None, aanbieder: str | None,
                page: PageRequest | None) -> tuple[list[Betaalbatch], int]:
    query = sa.select(Betaalbatch).order_by(Betaalbatch.nummer.desc(), Betaalbatch.id)
    query = where_given(query, (Betaalbatch.status, status), (Betaalbatch.aanbieder, aanbieder))
    if page is None:
        rows = list((await session.scalars(query)).all())
        return rows, len(rows)
    return await scalars_page(session, query, page)


async def prestaties(session: AsyncSession, batch_id: uuid.UUID
                     ) -> list[tuple[IwmoPrestatie, str, int]]:
    """The batch's prestaties with their declaratienummer and toewijzingnummer."""
    rows = await session.execute(
        sa.select(IwmoPrestatie, IwmoDeclaratie.declaratienummer, Toewijzing.nummer)
        .join(BetaaldePrestatie, BetaaldePrestatie.prestatie_id == IwmoPrestatie.id)
        .join(IwmoDeclaratie, IwmoDeclaratie.id == IwmoPrestatie.declaratie_id)
        .join(Toewijzing, Toewijzing.id == IwmoPrestatie.toewijzing_id)
        .where(BetaaldePrestatie.batch_id == batch_id)
        .order_by(IwmoDeclaratie.declaratienummer, IwmoPrestatie.referentie, IwmoPrestatie.id))
    return [(p, d, n) for p, d, n in rows.all()]


async def geef_vrij(session: AsyncSession, batch_id: uuid.UUID) -> None:
    """A refused batch: its prestaties are open again for a later batch."""
    await session.execute(sa.update(BetaaldePrestatie).where(
        BetaaldePrestatie.batch_id == batch_id).values(actief=False))
