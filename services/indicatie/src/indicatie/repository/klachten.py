"""Queries of the klacht."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..domain.klachten import AFGEHANDELD, IN_BEHANDELING
from ..models import Aanbieder
from ..models.klachten import Klacht


async def get(session: AsyncSession, klacht_id: uuid.UUID,
              for_update: bool = False) -> Klacht | None:
    return await session.get(Klacht, klacht_id, with_for_update=for_update)


async def aanbieder_naam(session: AsyncSession, code: str) -> str | None:
    aanbieder = await session.get(Aanbieder, code)
    return None if aanbieder is None else aanbieder.naam


def _overschreden(peildatum: date) -> sa.ColumnElement[bool]:
    """Open past its last day on ``peildatum``, or handled late (domain.termijn_overschreden)."""
    return sa.or_(
        sa.and_(Klacht.status == IN_BEHANDELING, Klacht.beslissen_uiterlijk < peildatum),
        sa.and_(Klacht.status == AFGEHANDELD, Klacht.tijdig.is_(False)))


async def list_(session: AsyncSession, *, status: str | None, betreft: str | None,
                organisatie: str | None, overschreden: bool | None, peildatum: date,
                page: PageRequest) -> tuple[list[Klacht], int]:
    query = sa.select(Klacht).order_by(Klacht.ontvangen_op.desc(), Klacht.id)
    query = where_given(query, (Klacht.status, status), (Klacht.betreft, betreft),
                        (Klacht.organisatie_code, organisatie))
    if overschreden is not None:
        query = query.where(_overschreden(peildatum) if overschreden
                            else sa.not_(_overschreden(peildatum)))
    return await scalars_page(session, query, page)
