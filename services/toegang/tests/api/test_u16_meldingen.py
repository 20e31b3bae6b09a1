"""A U16 municipality registers its own resident for opvang or beschermd wonen (real
PostgreSQL): the municipality comes from the token, the melding goes to the Regionale
toegang and on to opvang by event, and only that municipality reads its resident."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from ..conftest import bearer
from .test_authorisation import audit
from .test_casus_api import melding as utrecht_melding
from .test_casus_api import post
from .test_meldingen_api import assert_problem, row_counts

ZEIST = bearer("u16-gemeente", subject="zeist-1", team=None, gemeente="0355")
HOUTEN = bearer("u16-gemeente", subject="houten-1", team=None, gemeente="0321")
NOTHING = {"clients": 0, "meldingen": 0, "outbox": 0, "audit_log": 0}


def zeist_melding(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bsn": "111222333", "kanaal": "regionale-toegang", "omschrijving": "dakloos",
        "gemeldOp": "2026-04-23", "naam": "J. Jansen", "opvangvorm": "beschermd-wonen",
        "adres": {"postcode": "3701 AB", "huisnummer": 4, "straat": "Slotlaan",
                  "woonplaats": "Zeist"}}
    body.update(overrides)
    return body


async def outbox(app: FastAPI) -> list[tuple[str, bytes]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT event_type, body FROM outbox ORDER BY id"))).all()
    return [(r.event_type, bytes(r.body)) for r in rows]


async def test_zeist_registers_its_resident_and_opvang_gets_the_aanmelding(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    m = await post(client, "/meldingen", zeist_melding(), headers=ZEIST)
    assert m["gemeente"] == "0355"
    assert m["team"] == "regionale-toegang"
    assert m["wijk"] is None and m["buurt"] is None
    assert m["status"] == "verwezen"
    assert [(v["naar"], v["opvangvorm"]) for v in m["verwijzingen"]] == [
        ("regionale-toegang", "beschermd-wonen")]

    events = await outbox(app)
    assert [t for t, _ in events] == ["nl.utrecht.wmo.toegang.melding-ontvangen",
                                      "nl.utrecht.wmo.toegang.aanmelding-opvang-gedaan"]
    for _, body in events:
        assert b"111222333" not in body and b"Jansen" not in body
        payload = json.loads(body)
        assert payload["gemeente"] == "0355"
        assert payload["clientId"] == m["clientId"]
    assert json.loads(events[1][1])["vorm"] == "beschermd-wonen"

    # the client registry holds the municipality and the postcode outside Utrecht
    r = await client.get(f"/api/v1/clienten/{m['clientId']}", headers=ZEIST)
    assert r.status_code == 200, r.text
    registry = r.json()
    assert registry["gemeente"] == "0355" and registry["wijk"] is None
    assert registry["adres"]["postcode"] == "3701AB"
    r = await client.get(f"/api/v1/meldingen/{m['id']}", headers=ZEIST)
    assert r.status_code == 200 and r.json()["id"] == m["id"]
    r = await client.get(f"/api/v1/meldingen/{m['id']}/status", headers=ZEIST)
    assert r.status_code == 200 and r.json()["verwijzingen"] == ["regionale-toegang"]
    r = await client.get("/api/v1/meldingen", headers=ZEIST)
    assert [x["id"] for x in r.json()["items"]] == [m["id"]]
    reads = [row for row in await audit(app) if row[0] == "zeist-1" and row[1] == "read"]
    assert ("zeist-1", "read", "client", m["clientId"]) in reads
    assert ("zeist-1", "read", "melding", m["clientId"]) in reads


async def test_houten_does_not_see_zeists_resident(client: httpx.AsyncClient,
                                                   app: FastAPI) -> None:
    m = await post(client, "/meldingen", zeist_melding(), headers=ZEIST)
    for path in (f"/meldingen/{m['id']}", f"/meldingen/{m['id']}/status",
                 f"/clienten/{m['clientId']}", f"/clienten/{m['clientId']}/toestemmingen"):
        r = await client.get(f"/api/v1{path}", headers=HOUTEN)
        assert_problem(r, 404)
        assert "111222333" not in r.text and "Jansen" not in r.text
    r = await client.get("/api/v1/meldingen", headers=HOUTEN)
    assert r.status_code == 200 and r.json()["items"] == []
    refusals = [row for row in await audit(app) if row[1] == "geweigerd"]
    assert len(refusals) == 4 and {row[0] for row in refusals} == {"houten-1"}


async def test_a_u16_municipality_reads_but_does_not_work_the_casus(
        client: httpx.AsyncClient) -> None:
    m = await post(client, "/meldingen", zeist_melding(), headers=ZEIST)
    r = await client.post(f"/api/v1/meldingen/{m['id']}/eerste-contacten", json={},
                          headers=ZEIST)
    assert_problem(r, 403)


async def test_a_u16_municipality_does_not_see_utrechts_residents(
        client: httpx.AsyncClient) -> None:
    worker = bearer("buurtteam", subject="assigned-1")
    m = await post(client, "/meldingen", utrecht_melding(), headers=worker)
    for path in (f"/meldingen/{m['id']}", f"/clienten/{m['clientId']}"):
        assert_problem(await client.get(f"/api/v1{path}", headers=ZEIST), 404)


@pytest.mark.parametrize("body,status,rule", [
    (zeist_melding(gemeente="0321"), 403, "only its own residents"),
    (zeist_melding(adres={"postcode": "3563 AB", "huisnummer": 1}), 422, "lies in Utrecht"),
    (zeist_melding(adres={"postcode": "0701 AB", "huisnummer": 1}), 422, "Dutch postcode"),
    (zeist_melding(adres=None), 422, "address"),
    (zeist_melding(opvangvorm=None), 422, "opvangvorm"),
    (zeist_melding(kanaal="buurtteam"), 422, "regionale-toegang"),
])
async def test_a_u16_melding_outside_the_rules_is_refused_and_stores_nothing(
        client: httpx.AsyncClient, app: FastAPI, body: dict[str, Any], status: int,
        rule: str) -> None:
    problem = assert_problem(await client.post("/api/v1/meldingen", json=body,
                                               headers=ZEIST), status)
    assert rule in problem["detail"]
    counts = await row_counts(app)
    assert {k: v for k, v in counts.items() if k != "audit_log"} == {
        "clients": 0, "meldingen": 0, "outbox": 0}


async def test_a_token_without_a_u16_municipality_registers_nobody(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    for gemeente in ("0344", "0599", None):
        headers = bearer("u16-gemeente", subject="x", team=None, gemeente=gemeente)
        assert_problem(await client.post("/api/v1/meldingen", json=zeist_melding(),
                                         headers=headers), 403)
    assert (await row_counts(app))["meldingen"] == 0


async def test_utrechts_teams_cannot_register_another_municipalitys_resident(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    worker = bearer("buurtteam", subject="assigned-1")
    problem = assert_problem(await client.post(
        "/api/v1/meldingen", json=utrecht_melding(gemeente="0355"), headers=worker), 422)
    assert "0355" in problem["detail"]
    assert await row_counts(app) == NOTHING
