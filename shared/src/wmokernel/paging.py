"""Paging of list answers as the NL GOV API Design Rules describe it: ``page`` and
``pageSize`` in the query, a total, and HAL ``_links`` to the first, previous, next and
last page in the body.

Pages are counted from 1. A page past the last is an empty page with the same links, so a
client that pages while items are deleted ends cleanly instead of getting an error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

from pydantic import Field
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import URL

from .wire.apimodel import CamelModel

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
# Bounds the OFFSET a request can ask PostgreSQL to skip (500 × 100 000 rows).
MAX_PAGE = 100_000


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    url: URL | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def slice(self, items: Sequence[Any]) -> list[Any]:
        """This page of a list already in memory."""
        return list(items[self.offset:self.offset + self.page_size])


class Link(CamelModel):
    href: str


class PageLinks(CamelModel):
    self_: Link = Field(alias="self")
    first: Link
    prev: Link | None = None
    next: Link | None = None
    last: Link


def last_page(total: int, page_size: int) -> int:
    return max(1, math.ceil(total / page_size))


def page_links(request: PageRequest, total: int) -> PageLinks:
    """Links keep every other query parameter of the request, so a filtered list pages
    through the same filter."""
    url = request.url or URL("/")

    def to(page: int) -> Link:
        return Link(href=str(url.include_query_params(page=page, pageSize=request.page_size)))

    last = last_page(total, request.page_size)
    return PageLinks(
        self_=to(request.page), first=to(1), last=to(last),
        prev=to(min(request.page - 1, last)) if request.page > 1 else None,
        next=to(request.page + 1) if request.page < last else None,
    )


class Page(CamelModel):
    """Base of every list answer; the subclass adds ``items``."""

    total: int = Field(ge=0, description="Items over all pages")
    page: int = Field(ge=1)
    page_size: int = Field(ge=1)
    links: PageLinks = Field(alias="_links")

    @classmethod
    def of(cls, items: Sequence[Any], total: int, request: PageRequest, **extra: Any) -> Self:
        """``extra``: the subclass's fields beside the items."""
        fields: dict[str, Any] = {"items": list(items), **extra}  # declared by the subclass
        return cls(**fields, total=total, page=request.page, page_size=request.page_size,
                   links=page_links(request, total))

    @classmethod
    def from_all(cls, items: Sequence[Any], request: PageRequest, **extra: Any) -> Self:
        """A page of a list that is computed whole (a ranking, a small reference list)."""
        return cls.of(request.slice(items), len(items), request, **extra)


async def _count(session: AsyncSession, query: Select[*tuple[Any, ...]]) -> int:
    total = await session.scalar(select(func.count()).select_from(
        query.order_by(None).subquery()))
    return int(total or 0)


async def scalars_page(session: AsyncSession, query: Select[*tuple[Any, ...]],
                       request: PageRequest) -> tuple[list[Any], int]:
    """One page of ``query``'s first column and the total over all pages. ``query`` must
    order by a unique key last, or rows could repeat or go missing between pages."""
    rows = await session.scalars(query.limit(request.page_size).offset(request.offset))
    return list(rows.all()), await _count(session, query)


async def rows_page(session: AsyncSession, query: Select[*tuple[Any, ...]],
                    request: PageRequest) -> tuple[list[Any], int]:
    """As ``scalars_page``, for a query of several entities per row."""
    rows = await session.execute(query.limit(request.page_size).offset(request.offset))
    return [tuple(r) for r in rows.all()], await _count(session, query)
