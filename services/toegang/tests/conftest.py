from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from devstack.testing import MakeDatabase
from fastapi import FastAPI
from toegang.app import create_app
from toegang.settings import ToegangSettings
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings


@pytest.fixture
async def app(make_database: MakeDatabase) -> AsyncIterator[FastAPI]:
    url = await make_database("toegang", "toegang")
    application = create_app(ToegangSettings(database_url=url))
    yield application
    await application.state.runtime.engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://toegang") as c:
        yield c


def bearer(*roles: str, subject: str = "worker-1", team: str | None = "overvecht",
           scopes: tuple[str, ...] = (), gemeente: str | None = "0344") -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), subject, roles,
                                                         team=team, scopes=scopes,
                                                         gemeente=gemeente)}
