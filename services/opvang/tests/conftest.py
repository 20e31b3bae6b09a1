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


async def _migrated_app(make_database: MakeDatabase, monkeypatch: pytest.MonkeyPatch, *,
                        referentielocaties: bool) -> AsyncIterator[FastAPI]:
    # Every U16 reference location is illustrative, so this setting loads all or none.
    monkeypatch.setenv("WMO_REFERENTIE_ILLUSTRATIEF", str(referentielocaties).lower())
    url = await make_database("opvang", "opvang")
    application = create_app(OpvangSettings(database_url=url, db_pool_size=10))
    yield application
    await application.state.runtime.engine.dispose()


@pytest.fixture
async def app(make_database: MakeDatabase,
              monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FastAPI]:
    """Opvang with an empty register: the test creates the locations it matches against."""
    async for application in _migrated_app(make_database, monkeypatch,
                                           referentielocaties=False):
        yield application


@pytest.fixture
async def u16_app(make_database: MakeDatabase,
                  monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FastAPI]:
    """Opvang as a fresh system starts: migrated with the U16 reference locations."""
    async for application in _migrated_app(make_database, monkeypatch,
                                           referentielocaties=True):
        yield application


async def _client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://opvang",
                                 timeout=60) as c:
        yield c


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in _client(app):
        yield c


@pytest.fixture
async def u16_client(u16_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in _client(u16_app):
        yield c


def bearer(*roles: str, subject: str = "user-1", gemeente: str | None = None,
           team: str | None = None) -> dict[str, str]:
    token = issue_dev_token(KernelSettings(), subject, roles, gemeente=gemeente, team=team)
    return {"Authorization": "Bearer " + token}
