"""Async SQLAlchemy engine and session factory.

The request or event handler owns the transaction; services never commit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


def make_engine(url: str, pool_size: int = 4, max_overflow: int | None = None) -> AsyncEngine:
    """``pool_size`` connections stay open; up to ``max_overflow`` more (default: twice
    ``pool_size``) are opened for a peak and closed when handed back. Opening one costs a
    connect, the codec set-up and a fresh prepared-statement cache, so steady load must fit
    in ``pool_size``."""
    return create_async_engine(
        url, pool_size=pool_size,
        max_overflow=2 * pool_size if max_overflow is None else max_overflow,
        pool_recycle=1800,
    )


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction: committed when the block ends normally, rolled back otherwise."""
    async with factory() as session, session.begin():
        yield session


def where_given(query: SelectT, *filters: tuple[Any, object | None]) -> SelectT:
    """``query`` narrowed by ``column == value`` for each filter whose value was given (not
    None): the optional query parameters of a list endpoint."""
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    return query
