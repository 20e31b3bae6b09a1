"""Authorisation as a matrix over a client's dossier, and the audit trail of every access."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from ..conftest import bearer
from .test_casus_api import melding, post

ASSIGNED = bearer("buurtteam", subject="assigned-1")
CALLERS = {
    "worker of another team": (bearer("buurtteam", subject="other-team", team="zuidwest"), 404),
    "colleague, not assigned": (bearer("buurtteam", subject="colleague"), 404),
    "team lead of another team": (bearer("buurtteam", subject="lead-west", team="west",
                                         scopes=("dossiers:toewijzen",)), 404),
    "provider": (bearer("aanbieder", subject="aanbieder-1", team=None), 403),
    "monitor viewer": (bearer("monitor-viewer", subject="raad-1", team=None), 403),
    "gemeente back office": (bearer("gemeente", subject="clerk-1", team=None), 403),
    "a system": (bearer("systeem", subject="indicatie", team=None,
                        scopes=("bsn:lezen",)), 403),
}


@pytest.fixture
async def dossier(client: httpx.AsyncClient) -> dict[str, str]:
    m = await post(client, "/meldingen", melding(), headers=ASSIGNED)
    return {"melding": f"/api/v1/meldingen/{m['id']}",
            "client": f"/api/v1/clienten/{m['clientId']}",
            "consents": f"/api/v1/clienten/{m['clientId']}/toestemmingen",
            "clientId": m["clientId"], "id": m["id"]}


async def audit(app: FastAPI) -> list[tuple[str, str, str, str | None]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT actor, action, resource_type, client_id FROM audit_log ORDER BY id"))).all()
    return [(r.actor, r.action, r.resource_type, r.client_id) for r in rows]


@pytest.mark.parametrize("who", list(CALLERS))
async def test_nobody_but_the_assigned_worker_sees_the_dossier(
        client: httpx.AsyncClient, app: FastAPI, dossier: dict[str, str], who: str) -> None:
    headers, status = CALLERS[who]
    for resource in ("melding", "client", "consents"):
        r = await client.get(dossier[resource], headers=headers)
        assert r.status_code == status, (who, resource, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert "111222333" not in r.text and "Vries" not in r.text
    r = await client.post(f"{dossier['melding']}/eerste-contacten", json={}, headers=headers)
    assert r.status_code == status
    trail = await audit(app)
    refusals = [row for row in trail if row[1] == "geweigerd"]
    assert len(refusals) == 4, "each refused access is in the audit log"
    assert len({row[0] for row in refusals} - {"assigned-1"}) == 1
    assert not [row for row in trail if row[1] in ("read", "update")]


async def test_the_assigned_worker_sees_it_and_every_access_is_logged(
        client: httpx.AsyncClient, app: FastAPI, dossier: dict[str, str]) -> None:
    assert (await client.get(dossier["melding"], headers=ASSIGNED)).status_code == 200
    view = (await client.get(dossier["client"], headers=ASSIGNED)).json()
    assert view["bsn"] == "111222333" and view["naam"] == "R. de Vries"
    assert view["adres"]["postcode"] == "3563AB" and view["buurt"] == "Overvecht-Noord"
    assert (await client.get(dossier["consents"], headers=ASSIGNED)).status_code == 200
    cid = dossier["clientId"]
    assert await audit(app) == [
        ("assigned-1", "create", "melding", cid), ("assigned-1", "read", "melding", cid),
        ("assigned-1", "read", "client", cid), ("assigned-1", "read", "toestemming", cid)]


async def test_consent_is_given_and_withdrawn(client: httpx.AsyncClient,
                                              dossier: dict[str, str]) -> None:
    c = await post(client, dossier["consents"].removeprefix("/api/v1"),
                   {"ontvanger": "Werk en Inkomen", "doel": "schuldhulpverlening",
                    "gegevenOp": "2026-05-01"}, headers=ASSIGNED)
    assert c["geldig"] is True
    path = f"{dossier['consents'].removeprefix('/api/v1')}/{c['id']}/intrekkingen"
    await post(client, path, {"ingetrokkenOp": "2026-04-01"}, headers=ASSIGNED, status=422)
    w = await post(client, path, {"ingetrokkenOp": "2026-06-01"}, headers=ASSIGNED)
    assert (w["geldig"], w["ingetrokkenOp"]) == (False, "2026-06-01")
    await post(client, path, {}, headers=ASSIGNED, status=409)
    other = bearer("buurtteam", subject="x", team="west")
    await post(client, path, {}, headers=other, status=404)


async def test_indicatie_reads_a_bsn_only_with_the_dedicated_scope(
        client: httpx.AsyncClient, app: FastAPI, dossier: dict[str, str]) -> None:
    path = f"{dossier['client']}/bsn"
    params = {"doel": "iWmo WMO301 toewijzing"}
    indicatie = bearer("systeem", subject="indicatie", team=None, scopes=("bsn:lezen",))
    r = await client.get(path, params=params, headers=indicatie)
    assert r.status_code == 200 and r.json()["bsn"] == "111222333"
    assert r.json()["naam"] == "R. de Vries", "the name goes with it, for the WMO301 client"
    for headers in (bearer("systeem", subject="indicatie", team=None), ASSIGNED,
                    bearer("buurtteam", subject="assigned-1", scopes=("bsn:lezen",))):
        assert (await client.get(path, params=params, headers=headers)).status_code == 403
    assert (await client.get(path, headers=indicatie)).status_code == 422  # no purpose
    unknown = "/api/v1/clienten/p-" + "0" * 32 + "/bsn"
    assert (await client.get(unknown, params=params, headers=indicatie)).status_code == 404
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT actor, action, purpose FROM audit_log WHERE resource_type = 'bsn' "
            "ORDER BY id"))).all()
    assert [(r.actor, r.action, r.purpose) for r in rows] == [
        ("indicatie", "read", "iWmo WMO301 toewijzing"),
        ("indicatie", "geweigerd", "iWmo WMO301 toewijzing"),
        ("assigned-1", "geweigerd", "iWmo WMO301 toewijzing"),
        ("assigned-1", "geweigerd", "iWmo WMO301 toewijzing")]
