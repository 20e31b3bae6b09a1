from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.paging import PageRequest, scalars_page

from ..models import Abonnement


def _owned(eigenaar: str, gemeente: str | None) -> sa.ColumnElement[bool]:
    return sa.and_(Abonnement.eigenaar == eigenaar,
                   Abonnement.eigenaar_gemeente.is_not_distinct_from(gemeente))


async def add(session: AsyncSession, abonnement: Abonnement) -> None:
    session.add(abonnement)
    await session.flush()
    await session.refresh(abonnement)


async def get_owned(session: AsyncSession, abonnement_id: uuid.UUID, eigenaar: str,
                    gemeente: str | None, *, for_update: bool = False) -> Abonnement | None:
    query = sa.select(Abonnement).where(Abonnement.id == abonnement_id,
                                        _owned(eigenaar, gemeente))
    if for_update:
        query = query.with_for_update()
    return (await session.scalars(query)).one_or_none()


async def page_owned(session: AsyncSession, eigenaar: str, gemeente: str | None,
                     request: PageRequest) -> tuple[list[Abonnement], int]:
    query = (sa.select(Abonnement).where(_owned(eigenaar, gemeente))
             .order_by(Abonnement.aangemaakt_op.desc(), Abonnement.id))
    return await scalars_page(session, query, request)


async def alle(session: AsyncSession) -> list[Abonnement]:
    """Every subscription (kanalen, filters and tenant checked by the caller): a consumer batch
    reads them once, not once per event."""
    return list((await session.scalars(sa.select(Abonnement).order_by(Abonnement.id))).all())


async def delete(session: AsyncSession, abonnement: Abonnement) -> None:
    await session.delete(abonnement)
    await session.flush()
