"""Input no service can store or compute with is refused at the edge with a 422 that names
the field: a NUL character in the path, a query parameter or the body, and a date in a year
the legal calendar does not cover; the problem's instance is a valid URI reference."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
import sqlalchemy as sa
from fastapi import APIRouter
from pydantic import Field
from wmokernel.calendar import add_werkdagen
from wmokernel.runtime import ServiceRuntime, create_service_app
from wmokernel.settings import KernelSettings
from wmokernel.tables import kernel_tables
from wmokernel.wire.apimodel import CamelModel

router = APIRouter()


class Melding(CamelModel):
    omschrijving: str
    gemeld_op: date
    labels: list[str] = Field(default_factory=list)


@router.post("/dingen/{naam}", status_code=201)
async def post_ding(naam: str, data: Melding, zoek: str | None = None) -> dict[str, str]:
    uiterlijk = add_werkdagen(data.gemeld_op, 5)
    return {"naam": naam, "uiterlijk": uiterlijk.isoformat(), "zoek": zoek or ""}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    runtime = ServiceRuntime(KernelSettings(service_name="guard-test"),
                             kernel_tables(sa.MetaData()))
    app = create_service_app(runtime, title="guard", description="input guard test",
                             routers=[router], tags=[])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://guard") as c:
        yield c
    await runtime.engine.dispose()


BODY = {"omschrijving": "hulp", "gemeldOp": "2026-12-01"}


async def test_good_input_passes_the_guard_untouched(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/v1/dingen/a", json=BODY, params={"zoek": "x"})
    assert r.status_code == 201, r.text
    assert r.json() == {"naam": "a", "uiterlijk": "2026-12-08", "zoek": "x"}


@pytest.mark.parametrize(("path", "params", "body", "field"), [
    ("/api/v1/dingen/a%00b", {}, BODY, "path"),
    ("/api/v1/dingen/a", {"zoek": "x\x00y"}, BODY, "query.zoek"),
    ("/api/v1/dingen/a", {}, {**BODY, "omschrijving": "hu\x00lp"}, "body.omschrijving"),
    ("/api/v1/dingen/a", {}, {**BODY, "labels": ["ok", "\x00"]}, "body.labels[1]"),
])
async def test_a_nul_character_is_refused_with_the_field_named(
    client: httpx.AsyncClient, path: str, params: dict[str, str], body: dict[str, object],
    field: str,
) -> None:
    r = await client.post(path, json=body, params=params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["status"] == 422 and problem["title"]
    assert problem["detail"].startswith(f"{field}: contains a NUL character")


async def test_a_date_outside_the_legal_calendar_is_refused_with_its_range(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/api/v1/dingen/a", json={**BODY, "gemeldOp": "1913-01-01"})
    assert r.status_code == 422, r.text
    assert "1913" in r.json()["detail"] and "1966-2100" in r.json()["detail"]


async def test_the_problem_instance_is_a_valid_uri_reference(client: httpx.AsyncClient) -> None:
    # Sent percent-encoded; the server decodes the control character and the space.
    r = await client.post("/api/v1/dingen/a%01b%20c", json={**BODY, "gemeldOp": "1913-01-01"})
    assert r.status_code == 422
    instance = r.json()["instance"]
    assert re.fullmatch(r"[A-Za-z0-9/:@!$&'()*+,;=\-._~%]+", instance), instance


@router.get("/dingen/{naam}")
async def get_ding(naam: str) -> dict[str, str]:
    return {"naam": naam}


async def test_a_405_names_every_method_the_path_answers(client: httpx.AsyncClient) -> None:
    r = await client.delete("/api/v1/dingen/a")
    assert r.status_code == 405
    assert r.headers["content-type"].startswith("application/problem+json")
    assert {m.strip() for m in r.headers["allow"].split(",")} == {"GET", "POST"}
