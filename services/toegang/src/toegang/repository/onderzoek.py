"""SQL of the onderzoek of a casus and the changes of its term."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Onderzoek, TermijnWijziging


async def get_onderzoek(session: AsyncSession, melding_id: uuid.UUID) -> Onderzoek | None:
    return await session.get(Onderzoek, melding_id)


async def add_onderzoek(session: AsyncSession, onderzoek: Onderzoek) -> None:
    session.add(onderzoek)
    await session.flush()


def add_termijnwijziging(session: AsyncSession, wijziging: TermijnWijziging) -> None:
    session.add(wijziging)
