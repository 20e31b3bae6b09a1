"""The request's unit of work: state, audit and outbox commit together when the handler
returns, and nothing of them is left when it raises; a refused access stays audit-logged."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from fastapi import APIRouter
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import Kanaal, MeldingOntvangen
from wmokernel.dependencies import Authenticated, UnitOfWorkDep
from wmokernel.problems import Conflict, Forbidden
from wmokernel.runtime import ServiceRuntime, create_service_app
from wmokernel.settings import KernelSettings
from wmokernel.tables import kernel_tables

METADATA = sa.MetaData()
KERNEL = kernel_tables(METADATA)
DINGEN = sa.Table("dingen", METADATA, sa.Column("id", sa.Uuid, primary_key=True))


def _event(melding_id: uuid.UUID) -> MeldingOntvangen:
    return MeldingOntvangen(
        melding_id=melding_id, client_id=f"p-{melding_id.hex}", kanaal=Kanaal.BUURTTEAM,
        gemeld_op=date(2026, 11, 2), eerste_contact_uiterlijk=date(2026, 11, 9),
        onderzoek_uiterlijk=date(2026, 12, 14))


async def _write_all(uow: UnitOfWorkDep, principal: Authenticated) -> uuid.UUID:
    ding = uuid.uuid4()
    await uow.session.execute(sa.insert(DINGEN).values(id=ding))
    await uow.audit(principal, action="create", resource_type="ding", resource_id=str(ding),
                    client_id=f"p-{ding.hex}", purpose="test")
    await uow.publish(_event(ding))
    return ding


router = APIRouter()


@router.post("/dingen", status_code=201)
async def post_ding(uow: UnitOfWorkDep, principal: Authenticated) -> dict[str, str]:
    return {"id": str(await _write_all(uow, principal))}


@router.post("/dingen-dan-conflict", status_code=201)
async def post_then_raise(uow: UnitOfWorkDep, principal: Authenticated) -> dict[str, str]:
    await _write_all(uow, principal)
    raise Conflict("a rule broke after the writes")


@router.post("/dingen-dan-fout", status_code=201)
async def post_then_crash(uow: UnitOfWorkDep, principal: Authenticated) -> dict[str, str]:
    await _write_all(uow, principal)
    raise RuntimeError("a bug after the writes")


@router.post("/geweigerd", status_code=201)
async def refuse(uow: UnitOfWorkDep, principal: Authenticated) -> dict[str, str]:
    await _write_all(uow, principal)
    uow.audit_refusal(principal, "ding", "geheim", None, "inzage")
    raise Forbidden("not for you")


@router.post("/dubbel", status_code=201)
async def duplicate_at_commit(uow: UnitOfWorkDep, principal: Authenticated) -> dict[str, str]:
    """Two rows with one key, found only by a deferred constraint at commit."""
    ding = await _write_all(uow, principal)
    await uow.session.execute(
        sa.text("CREATE TEMP TABLE IF NOT EXISTS late (id int PRIMARY KEY "
                "DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP"))
    await uow.session.execute(sa.text("INSERT INTO late VALUES (1), (1)"))
    return {"id": str(ding)}


@pytest.fixture
async def runtime(make_database: MakeDatabase) -> AsyncIterator[ServiceRuntime]:
    url = await make_database("uow", None)
    rt = ServiceRuntime(KernelSettings(service_name="uow-test", database_url=url), KERNEL)
    async with rt.engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    yield rt
    await rt.engine.dispose()


@pytest.fixture
async def client(runtime: ServiceRuntime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_service_app(runtime, title="uow", description="unit of work test",
                             routers=[router], tags=[])
    token = issue_dev_token(KernelSettings(), "worker-1", ("buurtteam",), team="overvecht")
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://uow",
                                 headers={"Authorization": f"Bearer {token}"}) as c:
        yield c


async def _counts(rt: ServiceRuntime) -> dict[str, int]:
    async with rt.engine.connect() as conn:
        return {t.name: await conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0
                for t in (DINGEN, KERNEL.audit_log, KERNEL.outbox)}


async def test_a_handler_that_returns_commits_state_audit_and_event_together(
    client: httpx.AsyncClient, runtime: ServiceRuntime,
) -> None:
    response = await client.post("/api/v1/dingen")
    assert response.status_code == 201
    assert await _counts(runtime) == {"dingen": 1, "audit_log": 1, "outbox": 1}


@pytest.mark.parametrize("path, status", [("/api/v1/dingen-dan-conflict", 409),
                                          ("/api/v1/dingen-dan-fout", 500)])
async def test_a_handler_that_raises_after_writing_leaves_nothing_behind(
    client: httpx.AsyncClient, runtime: ServiceRuntime, path: str, status: int,
) -> None:
    response = await client.post(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await _counts(runtime) == {"dingen": 0, "audit_log": 0, "outbox": 0}


async def test_a_refusal_stays_audited_while_the_rest_rolls_back(
    client: httpx.AsyncClient, runtime: ServiceRuntime,
) -> None:
    response = await client.post("/api/v1/geweigerd")
    assert response.status_code == 403
    assert await _counts(runtime) == {"dingen": 0, "audit_log": 1, "outbox": 0}
    async with runtime.engine.connect() as conn:
        action, resource = (await conn.execute(sa.select(
            KERNEL.audit_log.c.action, KERNEL.audit_log.c.resource_id))).one()
    assert (action, resource) == ("geweigerd", "geheim")


async def test_a_commit_that_fails_answers_with_an_error_not_with_success(
    client: httpx.AsyncClient, runtime: ServiceRuntime,
) -> None:
    response = await client.post("/api/v1/dubbel")
    assert response.status_code >= 400, "the client must not hear 201 for a rolled-back write"
    assert await _counts(runtime) == {"dingen": 0, "audit_log": 0, "outbox": 0}
