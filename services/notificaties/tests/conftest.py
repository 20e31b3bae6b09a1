from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from devstack.testing import MakeDatabase
from fastapi import FastAPI
from notificaties.app import create_app
from notificaties.settings import NotificatiesSettings
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

MakeApp = Callable[..., Awaitable[FastAPI]]


@pytest.fixture
async def make_app(make_database: MakeDatabase) -> AsyncIterator[MakeApp]:
    """An app on a fresh database, with settings overridden by keyword; delivery rounds are
    run by the tests themselves (the job is off)."""
    apps: list[FastAPI] = []

    async def make(**overrides: Any) -> FastAPI:
        url = await make_database("notificaties", "notificaties")
        application = create_app(NotificatiesSettings(
            database_url=url, db_pool_size=10, notificaties_interval_s=0, **overrides))
        apps.append(application)
        return application

    yield make
    for application in apps:
        await application.state.runtime.engine.dispose()


@pytest.fixture
async def app(make_app: MakeApp) -> FastAPI:
    return await make_app()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://notificaties",
                                 timeout=60) as c:
        yield c


def bearer(*roles: str, subject: str = "user-1", gemeente: str | None = None) -> dict[str, str]:
    token = issue_dev_token(KernelSettings(), subject, roles, gemeente=gemeente)
    return {"Authorization": "Bearer " + token}
