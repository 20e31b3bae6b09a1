"""SQL behind the wachtlijst and its monthly averages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.wachtlijst import Wachtperiode
from ..domain.zichtbaarheid import Scope
from ..models import Aanmelding
from .aanmeldingen import scope_filter


async def wachtend(session: AsyncSession, scope: Scope, *,
                   vorm: str | None) -> Sequence[Aanmelding]:
    """The waiting aanmeldingen the caller may see (in no particular order)."""
    query = sa.select(Aanmelding).where(Aanmelding.status == "wachtend", scope_filter(scope))
    if vorm is not None:
        query = query.where(Aanmelding.vorm == vorm)
    return (await session.scalars(query)).all()


async def wachtend_verwezen_tot(session: AsyncSession, op: date) -> list[Aanmelding]:
    """Every waiting aanmelding referred on or before ``op`` (an allocation round's input)."""
    return list((await session.scalars(
        sa.select(Aanmelding).where(Aanmelding.status == "wachtend",
                                    Aanmelding.verwezen_op <= op))).all())


async def wachtperioden(session: AsyncSession, jaar: int) -> list[Wachtperiode]:
    """Every time on the wachtlijst that overlaps ``jaar``."""
    rows = (await session.execute(
        sa.select(Aanmelding.vorm, Aanmelding.verwezen_op, Aanmelding.wachtlijst_tot)
        .where(Aanmelding.verwezen_op < date(jaar + 1, 1, 1),
               sa.or_(Aanmelding.wachtlijst_tot.is_(None),
                      Aanmelding.wachtlijst_tot >= date(jaar, 1, 1))))).all()
    return [Wachtperiode(v, van, tot) for v, van, tot in rows]
