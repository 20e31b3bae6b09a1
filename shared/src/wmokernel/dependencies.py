"""FastAPI dependencies every service's endpoints use: the runtime, the unit of work, the
caller and today's date.

All async on purpose: FastAPI runs a sync dependency in a worker thread, a costly hop per
request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from .auth import Principal, current_principal
from .paging import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, PageRequest
from .runtime import ServiceRuntime
from .unit_of_work import UnitOfWork


async def _runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


async def _unit_of_work(request: Request) -> AsyncIterator[UnitOfWork]:
    """Commits when the handler returns, rolls back when it raises."""
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.unit_of_work() as uow:
        yield uow


async def _today() -> date:
    return date.today()


async def _paging(
    request: Request,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1")] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE,
                                    description="Items per page")] = DEFAULT_PAGE_SIZE,
) -> PageRequest:
    return PageRequest(page=page, page_size=page_size, url=request.url)


Runtime = Annotated[ServiceRuntime, Depends(_runtime)]
# scope="function": the commit runs before the response is built, so a failing commit
# answers with its error instead of a success the database never saw.
UnitOfWorkDep = Annotated[UnitOfWork, Depends(_unit_of_work, scope="function")]
# Any valid token: the use case decides (and audits) what the caller may see.
Authenticated = Annotated[Principal, Depends(current_principal)]
Today = Annotated[date, Depends(_today)]
Paging = Annotated[PageRequest, Depends(_paging)]
