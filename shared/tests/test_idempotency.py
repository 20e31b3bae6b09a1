"""Idempotency-Key on POST, as the IETF draft describes it: a retry with the same key and the
same request gets the first answer replayed (and nothing happens twice), another request with
that key is refused, a failed first request is forgotten, and keys expire (real PostgreSQL)."""

from __future__ import annotations

import uuid

import httpx
import pytest
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from fastapi import APIRouter, Response
from wmokernel.auth import issue_dev_token
from wmokernel.dependencies import Authenticated, UnitOfWorkDep
from wmokernel.problems import Conflict
from wmokernel.runtime import ServiceRuntime, create_service_app
from wmokernel.settings import KernelSettings
from wmokernel.tables import kernel_tables
from wmokernel.wire.apimodel import CamelModel

METADATA = sa.MetaData()
KERNEL = kernel_tables(METADATA)
DINGEN = sa.Table("dingen", METADATA, sa.Column("id", sa.Uuid, primary_key=True),
                  sa.Column("naam", sa.Text, nullable=False))


class Ding(CamelModel):
    naam: str


router = APIRouter()


@router.post("/dingen", status_code=201)
async def post_ding(data: Ding, uow: UnitOfWorkDep, _: Authenticated,
                    response: Response) -> dict[str, str]:
    if data.naam == "bezet":
        raise Conflict("that name is taken")
    ding = uuid.uuid4()
    await uow.session.execute(sa.insert(DINGEN).values(id=ding, naam=data.naam))
    response.headers["Location"] = f"/api/v1/dingen/{ding}"
    return {"id": str(ding), "naam": data.naam}




@pytest.fixture
async def url(make_database: MakeDatabase) -> str:
    database = await make_database("idem", None)
    rt = ServiceRuntime(KernelSettings(database_url=database), KERNEL)
    async with rt.engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    await rt.engine.dispose()
    return database


def _client(url: str, ttl_s: int = 3600) -> tuple[ServiceRuntime, httpx.AsyncClient]:
    runtime = ServiceRuntime(KernelSettings(service_name="idem-test", database_url=url,
                                            idempotency_key_ttl_s=ttl_s), KERNEL)
    app = create_service_app(runtime, title="idem", description="idempotency test",
                             routers=[router], tags=[])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return runtime, httpx.AsyncClient(transport=transport, base_url="http://idem")


def _auth(subject: str = "system-a") -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), subject, ["systeem"])}


async def _count(runtime: ServiceRuntime) -> int:
    async with runtime.engine.connect() as conn:
        return int(await conn.scalar(sa.select(sa.func.count()).select_from(DINGEN)) or 0)


async def test_a_retry_with_the_same_key_and_body_gets_the_first_answer(url: str) -> None:
    runtime, client = _client(url)
    async with client:
        headers = {**_auth(), "Idempotency-Key": "k-1"}
        first = await client.post("/api/v1/dingen", json={"naam": "a"}, headers=headers)
        again = await client.post("/api/v1/dingen", json={"naam": "a"}, headers=headers)
    assert first.status_code == 201, first.text
    assert again.status_code == 201, again.text
    assert again.json() == first.json(), "the id the client created, replayed"
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotency-replayed"] == "true"
    assert "idempotency-replayed" not in first.headers
    assert await _count(runtime) == 1, "nothing happened twice"
    await runtime.engine.dispose()


async def test_the_same_key_with_another_body_is_refused(url: str) -> None:
    runtime, client = _client(url)
    async with client:
        headers = {**_auth(), "Idempotency-Key": "k-2"}
        await client.post("/api/v1/dingen", json={"naam": "a"}, headers=headers)
        other = await client.post("/api/v1/dingen", json={"naam": "b"}, headers=headers)
    assert other.status_code == 422
    assert other.headers["content-type"].startswith("application/problem+json")
    assert "Idempotency-Key" in other.json()["detail"]
    assert await _count(runtime) == 1
    await runtime.engine.dispose()


async def test_a_failed_first_request_is_forgotten_and_keys_are_per_caller(url: str) -> None:
    runtime, client = _client(url)
    async with client:
        headers = {**_auth(), "Idempotency-Key": "k-3"}
        failed = await client.post("/api/v1/dingen", json={"naam": "bezet"}, headers=headers)
        assert failed.status_code == 409
        retried = await client.post("/api/v1/dingen", json={"naam": "bezet"}, headers=headers)
        assert retried.status_code == 409
        assert "idempotency-replayed" not in retried.headers, "served anew, not replayed"
        mine = await client.post("/api/v1/dingen", json={"naam": "c"}, headers=headers)
        theirs = await client.post("/api/v1/dingen", json={"naam": "d"},
                                   headers={**_auth("system-b"), "Idempotency-Key": "k-3"})
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]
    await runtime.engine.dispose()


async def test_a_key_longer_than_documented_is_refused(url: str) -> None:
    runtime, client = _client(url)
    async with client:
        r = await client.post("/api/v1/dingen", json={"naam": "a"},
                              headers={**_auth(), "Idempotency-Key": "k" * 201})
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["detail"]
    assert await _count(runtime) == 0
    await runtime.engine.dispose()


async def test_an_expired_key_counts_as_new(url: str) -> None:
    runtime, client = _client(url, ttl_s=0)
    async with client:
        headers = {**_auth(), "Idempotency-Key": "k-4"}
        first = await client.post("/api/v1/dingen", json={"naam": "a"}, headers=headers)
        later = await client.post("/api/v1/dingen", json={"naam": "a"}, headers=headers)
    assert first.json()["id"] != later.json()["id"]
    assert await _count(runtime) == 2
    await runtime.engine.dispose()


def test_every_post_declares_the_key_and_its_answers() -> None:
    runtime = ServiceRuntime(KernelSettings(), KERNEL)
    app = create_service_app(runtime, title="idem", description="idempotency test",
                             routers=[router], tags=[])
    api = next(r.app for r in app.routes if getattr(r, "path", "") == "/api/v1")  # type: ignore[attr-defined]
    op = api.openapi()["paths"]["/dingen"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in op["parameters"])
    assert {"409", "422"} <= set(op["responses"])


async def test_the_answer_is_stored_before_the_client_has_it(url: str) -> None:
    """A client that retries the moment it has the answer must find it stored, not the first
    request still in progress (seen as a 409 under load when the answer was stored after)."""
    from wmokernel.idempotency import IdempotencyKeys

    runtime = ServiceRuntime(KernelSettings(database_url=url), KERNEL)

    async def created(scope: object, receive: object, send: object) -> None:
        await send({"type": "http.response.start", "status": 201,  # type: ignore[operator]
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"id": "x"}'})  # type: ignore[operator]

    seen: list[object] = []

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            t = KERNEL.idempotency_keys
            async with runtime.engine.connect() as conn:
                seen.append(await conn.scalar(sa.select(t.c.status).where(t.c.key == "k-5")))

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    token = _auth()["Authorization"].encode()
    scope = {"type": "http", "method": "POST", "path": "/api/v1/dingen", "query_string": b"",
             "headers": [(b"authorization", token), (b"idempotency-key", b"k-5")]}
    await IdempotencyKeys(created, runtime)(scope, receive, send)  # type: ignore[arg-type]
    assert seen == [201]
    await runtime.engine.dispose()
