"""The runtime's units of work: at most db_pool_size at once, the rest queue."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from wmokernel.runtime import ServiceRuntime
from wmokernel.settings import KernelSettings
from wmokernel.tables import kernel_tables


@pytest.fixture
async def runtime(make_database: MakeDatabase) -> AsyncIterator[ServiceRuntime]:
    url = await make_database("runtime", None)
    rt = ServiceRuntime(KernelSettings(service_name="rt-test", database_url=url, db_pool_size=2),
                        kernel_tables(sa.MetaData()))
    yield rt
    await rt.engine.dispose()


async def test_units_of_work_beyond_the_pool_size_queue_instead_of_opening_connections(
    runtime: ServiceRuntime,
) -> None:
    running = 0
    most = 0
    backends: set[int] = set()

    async def unit_of_work() -> None:
        nonlocal running, most
        async with runtime.unit_of_work() as uow:
            running += 1
            most = max(most, running)
            backends.add(await uow.session.scalar(sa.select(sa.func.pg_backend_pid())))
            await asyncio.sleep(0.05)
            running -= 1

    await asyncio.gather(*(unit_of_work() for _ in range(8)))
    assert most == 2, "no more than db_pool_size at once"
    assert len(backends) == 2, "the same two connections served all eight"
