from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from devstack.testing import MakeDatabase
from fastapi import FastAPI
from opvang.app import create_app
from opvang.settings import OpvangSettings
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings


@pytest.fixture
async def app(make_database: MakeDatabase) -> AsyncIterator[FastAPI]:
    url = await make_database("opvang", "opvang")
    application = create_app(OpvangSettings(database_url=url, db_pool_size=10))
    yield application
    await application.state.runtime.engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://opvang",
                                 timeout=60) as c:
        yield c


def bearer(*roles: str, subject: str = "user-1", gemeente: str | None = None,
           team: str | None = None) -> dict[str, str]:
    token = issue_dev_token(KernelSettings(), subject, roles, gemeente=gemeente, team=team)
    return {"Authorization": "Bearer " + token}
