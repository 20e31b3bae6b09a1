"""Plumbing the API and integration tests share."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.unit_of_work import UnitOfWork


def over(session: AsyncSession) -> UnitOfWork:
    """A unit of work over the test's own transaction, to hand the projections a batch (they
    use its session only, so no runtime stands behind it)."""
    return UnitOfWork(session, cast(Any, None))
