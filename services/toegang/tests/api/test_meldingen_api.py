"""The meldingen API against a real PostgreSQL: rules, problem+json, nothing half-written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from ..conftest import bearer

WORKER = bearer("buurtteam")


def melding(**overrides: Any) -> dict[str, Any]:
    body = {"bsn": "111222333", "kanaal": "buurtteam", "omschrijving": "hulp in huis",
            "gemeldOp": "2026-04-23"}
    body.update(overrides)
    return body


async def row_counts(app: FastAPI) -> dict[str, int]:
    counts = {}
    async with app.state.runtime.engine.connect() as conn:
        for table in ("clients", "meldingen", "outbox", "audit_log"):
            counts[table] = await conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))
    return counts


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


async def test_a_melding_starts_the_legal_clocks_and_stages_one_event(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    r = await client.post("/api/v1/meldingen", json=melding(), headers=WORKER)
    assert r.status_code == 201, r.text
    body = r.json()
    # Thursday 23 April 2026: five werkdagen skip the weekend and Koningsdag (Monday 27 April).
    assert body["eersteContactUiterlijk"] == "2026-05-01"
    # Six weeks: 4 June 2026, a Thursday.
    assert body["onderzoekUiterlijk"] == "2026-06-04"
    assert r.headers["location"] == f"/api/v1/meldingen/{body['id']}"
    assert await row_counts(app) == {"clients": 1, "meldingen": 1, "outbox": 1, "audit_log": 1}
    async with app.state.runtime.engine.connect() as conn:
        outbox = (await conn.execute(sa.text("SELECT event_type, body FROM outbox"))).one()
    assert outbox.event_type == "nl.utrecht.wmo.toegang.melding-ontvangen"
    assert b"111222333" not in outbox.body


@pytest.mark.parametrize("bad", [
    melding(bsn="123456789"),  # fails the elfproef
    melding(bsn="12345"),
    melding(bsn="abcdefghi"),
    melding(kanaal="telefoon"),
    melding(omschrijving=""),
    melding(omschrijving="x" * 4001),
    melding(gemeldOp="2026-02-30"),
    melding(gemeldOp=(date.today() + timedelta(days=1)).isoformat()),
    {"bsn": "111222333"},
])
async def test_bad_input_gets_problem_json_and_stores_nothing(
    client: httpx.AsyncClient, app: FastAPI, bad: dict[str, Any],
) -> None:
    r = await client.post("/api/v1/meldingen", json=bad, headers=WORKER)
    assert_problem(r, 422)
    assert await row_counts(app) == {"clients": 0, "meldingen": 0, "outbox": 0, "audit_log": 0}


async def test_malformed_json_is_a_problem_too(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/v1/meldingen", content=b"{not json",
                          headers={**WORKER, "content-type": "application/json"})
    assert_problem(r, 422)


async def test_a_resubmission_with_the_same_idempotency_key_gets_the_first_answer(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    headers = {**WORKER, "Idempotency-Key": "loket-2026-0001"}
    first = await client.post("/api/v1/meldingen", json=melding(), headers=headers)
    assert first.status_code == 201
    r = await client.post("/api/v1/meldingen", json=melding(), headers=headers)
    assert r.status_code == 201 and r.headers["idempotency-replayed"] == "true"
    assert r.json()["id"] == first.json()["id"], "the retrying system learns the id it made"
    counts = await row_counts(app)
    assert counts["meldingen"] == 1 and counts["outbox"] == 1
    other = await client.post("/api/v1/meldingen", json=melding(omschrijving="iets anders"),
                              headers=headers)
    assert "another request" in assert_problem(other, 422)["detail"]


async def test_authentication_and_roles(client: httpx.AsyncClient) -> None:
    assert_problem(await client.post("/api/v1/meldingen", json=melding()), 401)
    assert_problem(await client.post("/api/v1/meldingen", json=melding(),
                                     headers={"Authorization": "Bearer not-a-jwt"}), 401)
    for role in ("aanbieder", "monitor-viewer", "u16-gemeente"):
        r = await client.post("/api/v1/meldingen", json=melding(), headers=bearer(role))
        assert_problem(r, 403)


async def test_only_the_assigned_worker_sees_a_melding_and_every_read_is_audited(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    created = (await client.post("/api/v1/meldingen", json=melding(), headers=WORKER)).json()
    path = f"/api/v1/meldingen/{created['id']}"
    colleague = bearer("buurtteam", subject="worker-2", team="overvecht")
    other_team = bearer("buurtteam", subject="worker-3", team="zuidwest")
    assert (await client.get(path, headers=WORKER)).status_code == 200
    # Need-to-know: a colleague of the same team is not assigned, so does not see it.
    assert_problem(await client.get(path, headers=colleague), 404)
    assert_problem(await client.get(path, headers=other_team), 404)
    assert_problem(await client.get(path, headers=bearer("aanbieder", team=None)), 403)
    async with app.state.runtime.engine.connect() as conn:
        reads = (await conn.execute(sa.text(
            "SELECT actor, client_id FROM audit_log WHERE action = 'read'"))).all()
        refused = (await conn.scalars(sa.text(
            "SELECT actor FROM audit_log WHERE action = 'geweigerd' ORDER BY id"))).all()
    assert [(r.actor, r.client_id) for r in reads] == [("worker-1", created["clientId"])]
    assert refused == ["worker-2", "worker-3", "worker-1"]


async def test_a_verwijzing_stages_its_event_once(client: httpx.AsyncClient, app: FastAPI) -> None:
    created = (await client.post("/api/v1/meldingen", json=melding(), headers=WORKER)).json()
    path = f"/api/v1/meldingen/{created['id']}/verwijzingen"
    r = await client.post(path, json={"toelichting": "begeleiding", "verwezenOp": "2026-05-20"},
                          headers=WORKER)
    assert r.status_code == 201, r.text
    assert_problem(await client.post(path, json={}, headers=WORKER), 409)
    assert_problem(await client.post(path, json={"verwezenOp": "2026-04-01"}, headers=WORKER),
                   422)
    async with app.state.runtime.engine.connect() as conn:
        types = (await conn.scalars(sa.text("SELECT event_type FROM outbox ORDER BY id"))).all()
    assert types == ["nl.utrecht.wmo.toegang.melding-ontvangen",
                     "nl.utrecht.wmo.toegang.verwijzing-gedaan"]
