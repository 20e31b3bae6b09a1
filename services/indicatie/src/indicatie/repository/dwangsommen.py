"""Queries of the ingebrekestelling and the decision that ends its dwangsom."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Beschikking
from ..models.dwangsommen import Ingebrekestelling


async def get(session: AsyncSession, ingebrekestelling_id: uuid.UUID,
              for_update: bool = False) -> Ingebrekestelling | None:
    return await session.get(Ingebrekestelling, ingebrekestelling_id,
                             with_for_update=for_update)


async def van_aanvraag(session: AsyncSession, aanvraag_id: uuid.UUID,
                       for_update: bool = False) -> Ingebrekestelling | None:
    """The one about the decision on the aanvraag itself (not on a bezwaar)."""
    query = sa.select(Ingebrekestelling).where(Ingebrekestelling.aanvraag_id == aanvraag_id,
                                               Ingebrekestelling.bezwaar_id.is_(None))
    return await session.scalar(query.with_for_update() if for_update else query)


async def van_bezwaar(session: AsyncSession, bezwaar_id: uuid.UUID,
                      for_update: bool = False) -> Ingebrekestelling | None:
    query = sa.select(Ingebrekestelling).where(Ingebrekestelling.bezwaar_id == bezwaar_id)
    return await session.scalar(query.with_for_update() if for_update else query)


async def list_(session: AsyncSession, aanvraag_id: uuid.UUID | None, op: date,
                open_only: bool) -> list[Ingebrekestelling]:
    """Those received by ``op``, oldest first; ``open_only``: whose dwangsom was not yet set
    on ``op``."""
    query = (sa.select(Ingebrekestelling).where(Ingebrekestelling.ontvangen_op <= op)
             .order_by(Ingebrekestelling.ontvangen_op, Ingebrekestelling.id))
    if aanvraag_id is not None:
        query = query.where(Ingebrekestelling.aanvraag_id == aanvraag_id)
    if open_only:
        column = Ingebrekestelling.vastgesteld_op
        query = query.where(sa.or_(column.is_(None), column > op))
    return list((await session.scalars(query)).all())


async def eerste_beschikking_op(session: AsyncSession, aanvraag_id: uuid.UUID) -> date | None:
    """The day the first beschikking on the aanvraag was given (one awaiting a second
    approver is not given yet)."""
    return await session.scalar(sa.select(sa.func.min(Beschikking.afgegeven_op))
                                .where(Beschikking.aanvraag_id == aanvraag_id))
