from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.paging import PageRequest, scalars_page

from ..models import Kanaal


async def page(session: AsyncSession, request: PageRequest) -> tuple[list[Kanaal], int]:
    return await scalars_page(session, sa.select(Kanaal).order_by(Kanaal.naam), request)


async def get(session: AsyncSession, naam: str) -> Kanaal | None:
    return await session.get(Kanaal, naam)
