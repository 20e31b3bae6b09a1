"""Tenant isolation for all 16 municipalities, the protected-location rule, and 200
simultaneous placement requests for 50 free places."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from opvang.domain.reference import U16_GEMEENTEN

from ..conftest import bearer
from ..helpers import TOEGANG, UTRECHT, aanmelding, locatie, outbox, scalar


async def test_each_of_the_16_municipalities_sees_only_its_own_residents(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    loc = await locatie(client, gemeente="0344", vorm="mo-24-uursopvang", capaciteit=40)
    per_gemeente: dict[str, dict[str, str]] = {}
    for code in U16_GEMEENTEN:
        own = bearer("u16-gemeente", subject=f"clerk-{code}", gemeente=code)
        a = await aanmelding(client, own, gemeente=code)
        r = await client.post("/api/v1/plaatsingen", headers=TOEGANG,
                              json={"aanmeldingId": a["id"], "locatieId": loc["id"]})
        assert r.status_code == 201, r.text
        per_gemeente[code] = {"aanmelding": a["id"], "plaatsing": r.json()["id"]}
    codes = list(U16_GEMEENTEN)
    for i, code in enumerate(codes):
        own = bearer("u16-gemeente", subject=f"clerk-{code}", gemeente=code)
        other = codes[(i + 1) % len(codes)]
        r = await client.get("/api/v1/aanmeldingen", headers=own)
        assert [x["id"] for x in r.json()["items"]] == [per_gemeente[code]["aanmelding"]]
        r = await client.get("/api/v1/plaatsingen", headers=own)
        assert [x["id"] for x in r.json()["items"]] == [per_gemeente[code]["plaatsing"]]
        r = await client.get("/api/v1/wachtlijst", headers=own)
        assert r.json()["items"] == []
        r = await client.get(f"/api/v1/aanmeldingen/{per_gemeente[code]['aanmelding']}",
                             headers=own)
        assert r.status_code == 200
        for path in (f"/api/v1/aanmeldingen/{per_gemeente[other]['aanmelding']}",
                     f"/api/v1/plaatsingen/{per_gemeente[other]['plaatsing']}",
                     f"/api/v1/aanmeldingen/{per_gemeente[other]['aanmelding']}/voorstel",
                     f"/api/v1/gemeenten/{other}/overzicht"):
            r = await client.get(path, headers=own)
            assert r.status_code == 404, (code, path)
            assert r.headers["content-type"] == "application/problem+json"
        r = await client.get(f"/api/v1/gemeenten/{code}/overzicht", headers=own)
        assert r.status_code == 200 and r.json()["inwonersPerVorm"][0]["geplaatst"] == 1
        r = await client.post("/api/v1/aanmeldingen", headers=own, json={
            "clientId": "p-" + "0" * 32, "gemeente": other, "vorm": "mo-nachtopvang",
            "verwezenOp": "2026-01-05"})
        assert r.status_code == 403, "a municipality registers only its own residents"
    for everyone in (TOEGANG, UTRECHT):
        r = await client.get("/api/v1/aanmeldingen", headers=everyone)
        assert len(r.json()["items"]) == 16
    r = await client.get("/api/v1/aanmeldingen", headers=bearer("monitor-viewer"))
    assert r.status_code == 403
    # Every read of personal data was audit-logged (16 own lists + 16 own reads at least).
    assert await scalar(app, "SELECT count(*) FROM audit_log WHERE action = 'read'") >= 32


async def test_a_protected_clients_location_is_never_disclosed(client: httpx.AsyncClient,
                                                              app: FastAPI) -> None:
    geheim = await locatie(client, gemeente="0355", vorm="mo-crisisopvang", capaciteit=3,
                           aanbieder="vrouwenopvang-utrecht", geheimAdres=True,
                           geslacht="vrouw")
    zeist = bearer("u16-gemeente", subject="zeist-1", gemeente="0355")
    a = await aanmelding(client, zeist, gemeente="0355", vorm="mo-crisisopvang",
                         beschermd=True, crisis=True, geslacht="vrouw")
    r = await client.post("/api/v1/plaatsingen", headers=TOEGANG,
                          json={"aanmeldingId": a["id"], "gereserveerdOp": "2026-01-06"})
    assert r.status_code == 201 and r.json()["locatieId"] == geheim["id"], "toegang places"
    plaatsing_id = r.json()["id"]
    provider = bearer("aanbieder", subject="vo-1", team="vrouwenopvang-utrecht")
    r = await client.post(f"/api/v1/plaatsingen/{plaatsing_id}/opname", headers=provider,
                          json={"opgenomenOp": "2026-01-06"})
    assert r.status_code == 200 and r.json()["locatieId"] == geheim["id"], "the provider knows"
    for municipality in (zeist, UTRECHT):
        r = await client.get(f"/api/v1/plaatsingen/{plaatsing_id}", headers=municipality)
        assert r.status_code == 200
        assert r.json()["locatieId"] is None and r.json()["locatieGemeente"] is None
        r = await client.get("/api/v1/plaatsingen", headers=municipality)
        assert all(p["locatieId"] is None for p in r.json()["items"])
        r = await client.get("/api/v1/locaties", headers=municipality)
        assert geheim["id"] not in {x["id"] for x in r.json()["items"]}
        r = await client.get(f"/api/v1/locaties/{geheim['id']}", headers=municipality)
        assert r.status_code == 404
        r = await client.get("/api/v1/gemeenten/0355/overzicht", headers=municipality)
        assert r.json()["bezettingInGemeente"] == []
    r = await client.post(f"/api/v1/plaatsingen/{plaatsing_id}/uitstroom", headers=provider,
                          json={"uitgestroomdOp": "2026-03-01", "bestemming": "anders"})
    assert r.status_code == 200
    events = await outbox(app)
    assert len(events) >= 5
    for _, body in events:
        for field in ("locatieId", "locatieGemeente", "bovenregionaal", "capaciteit",
                      "bezetting"):
            assert body.get(field) is None, (field, body)
        assert geheim["id"] not in str(body)


async def test_200_simultaneous_placements_for_50_places_admit_exactly_50(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    locaties = [await locatie(client, gemeente=code, vorm="beschermd-verblijf", capaciteit=10)
                for code in ("0344", "0355", "0356", "0321", "0310")]
    rt = app.state.runtime
    from opvang.schemas import AanmeldingIn
    from opvang.service.aanmeldingen import open_aanmelding

    codes = list(U16_GEMEENTEN)
    async with rt.unit_of_work() as uow:
        for i in range(200):
            a = await open_aanmelding(uow, AanmeldingIn(
                client_id="p-" + f"{i:032x}", gemeente=codes[i % 16], vorm="mo-24-uursopvang",
                verwezen_op=date(2026, 1, 1)), team=None)
            assert a is not None
            a.vorm, a.status, a.indicatie_bw_op = "beschermd-verblijf", "wachtend", \
                date(2026, 1, 2)
    async with rt.engine.connect() as conn:
        ids = (await conn.scalars(sa.text("SELECT id FROM aanmeldingen"))).all()
    assert len(ids) == 200

    async def place(aanmelding_id: object) -> httpx.Response:
        return await client.post("/api/v1/plaatsingen", headers=TOEGANG, json={
            "aanmeldingId": str(aanmelding_id), "gereserveerdOp": "2026-01-31"})

    responses = await asyncio.gather(*(place(i) for i in ids))
    codes_seen = sorted(r.status_code for r in responses)
    assert codes_seen.count(201) == 50, codes_seen
    assert codes_seen.count(409) == 150, codes_seen
    placed = [r.json()["id"] for r in responses if r.status_code == 201]
    admitted = await asyncio.gather(*(
        client.post(f"/api/v1/plaatsingen/{p}/opname", headers=TOEGANG,
                    json={"opgenomenOp": "2026-02-01"}) for p in placed))
    assert all(r.status_code == 200 for r in admitted)
    async with rt.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT l.capaciteit, l.bezet, count(p.id) FROM locaties l "
            "LEFT JOIN plaatsingen p ON p.locatie_id = l.id GROUP BY l.id"))).all()
        statuses = dict((await conn.execute(sa.text(
            "SELECT status, count(*) FROM aanmeldingen GROUP BY status"))).all())
    assert len(rows) == len(locaties)
    assert all(cap == bezet == n == 10 for cap, bezet, n in rows), rows
    assert statuses == {"opgenomen": 50, "wachtend": 150}
