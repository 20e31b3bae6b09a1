from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from devstack.testing import MakeDatabase
from fastapi import FastAPI
from indicatie.app import create_app
from indicatie.settings import IndicatieSettings
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings


@pytest.fixture
async def app(make_database: MakeDatabase) -> AsyncIterator[FastAPI]:
    url = await make_database("indicatie", "indicatie")
    application = create_app(IndicatieSettings(database_url=url))
    yield application
    await application.state.runtime.engine.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://indicatie") as c:
        yield c


def bearer(*roles: str, subject: str = "clerk-1") -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), subject, roles)}
