"""Queries of the beroep and of the beschikkingen around it."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.db import where_given
from wmokernel.paging import PageRequest, scalars_page

from ..models import Beroep, Beschikking


async def get(session: AsyncSession, beroep_id: uuid.UUID,
              for_update: bool = False) -> Beroep | None:
    return await session.get(Beroep, beroep_id, with_for_update=for_update)


async def list_(session: AsyncSession, bezwaar_id: uuid.UUID | None,
                aanvraag_id: uuid.UUID | None, status: str | None,
                page: PageRequest) -> tuple[list[Beroep], int]:
    query = sa.select(Beroep).order_by(Beroep.created_at.desc(), Beroep.id)
    query = where_given(query, (Beroep.bezwaar_id, bezwaar_id),
                        (Beroep.aanvraag_id, aanvraag_id), (Beroep.status, status))
    return await scalars_page(session, query, page)


async def laatste_afgegeven(session: AsyncSession, aanvraag_id: uuid.UUID) -> Beschikking | None:
    """The beschikking in force for the aanvraag: the latest issued one not yet replaced."""
    return await session.scalar(
        sa.select(Beschikking).where(Beschikking.aanvraag_id == aanvraag_id,
                                     Beschikking.status == "afgegeven")
        .order_by(Beschikking.ronde.desc()).limit(1))


async def vervangers(session: AsyncSession, beschikking_ids: list[uuid.UUID]
                     ) -> dict[uuid.UUID, uuid.UUID]:
    """Of each given beschikking, the issued one that replaced it (where there is one)."""
    if not beschikking_ids:
        return {}
    rows = await session.execute(
        sa.select(Beschikking.vervangt_beschikking_id, Beschikking.id)
        .where(Beschikking.vervangt_beschikking_id.in_(beschikking_ids),
               Beschikking.afgegeven_op.is_not(None)))
    return {vervangt: nieuw for vervangt, nieuw in rows if vervangt is not None}
