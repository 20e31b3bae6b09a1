from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from devstack.components import (
    SERVICES,
    Broker,
    ServiceProcess,
    free_port,
    service_env,
    start_broker,
)
from devstack.testing import MakeDatabase


class Stack:
    def __init__(self, broker: Broker, services: dict[str, ServiceProcess]) -> None:
        self.broker = broker
        self.services = services

    def url(self, name: str) -> str:
        return f"{self.services[name].url}/api/v1"


async def eventually(probe: Any, check: Any, wait_s: float = 30.0) -> Any:
    """Poll ``probe`` until ``check`` holds: events reach other services asynchronously."""
    deadline = asyncio.get_running_loop().time() + wait_s
    while True:
        value = await probe()
        if check(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {wait_s}s; last value: {value}")
        await asyncio.sleep(0.2)


async def start_stack(make_database: MakeDatabase, log_dir: Path, names: tuple[str, ...],
                      extra_env: dict[str, str] | None = None,
                      database_urls: dict[str, str] | None = None) -> Stack:
    """The named services as processes on a broker of their own; ``database_urls`` gives a
    service a database elsewhere (already migrated) instead of a fresh one here."""
    broker = start_broker(log_path=log_dir / "broker.log")
    own = database_urls or {}
    urls = await asyncio.gather(*(
        _given(own[n]) if n in own else make_database(n, n) for n in names))
    services = {
        name: ServiceProcess(name, free_port(),
                             service_env(name, url, broker.bootstrap, extra_env),
                             log_dir / f"{name}.log")
        for name, url in zip(names, urls, strict=True)
    }
    for svc in services.values():
        svc.start()
    for svc in services.values():
        await asyncio.to_thread(svc.wait_ready, 90.0)
    return Stack(broker, services)


async def _given(url: str) -> str:
    return url


def stop_stack(stack: Stack) -> None:
    for svc in stack.services.values():
        svc.stop()
    stack.broker.stop()


@pytest.fixture(scope="module")
async def stack(make_database: MakeDatabase,
                tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    """The four services as real processes against a real broker and PostgreSQL."""
    s = await start_stack(make_database, tmp_path_factory.mktemp("stack"), SERVICES)
    yield s
    stop_stack(s)
