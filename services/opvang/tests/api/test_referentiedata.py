"""A fresh system places someone without an admin: the U16 reference locations are loaded by
the migration (and by `python -m opvang referentiedata`), idempotently, on real PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections import Counter
from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from alembic import command
from fastapi import FastAPI
from opvang.domain.referentielocaties import REFERENTIELOCATIES
from opvang.settings import OpvangSettings
from wmokernel.migrations import alembic_config, upgrade

from ..conftest import bearer
from ..helpers import TOEGANG, aanmelding, scalar

NIEUWEGEIN = bearer("u16-gemeente", subject="ngn-1", gemeente="0356")


async def _locatie(client: httpx.AsyncClient, locatie_id: str) -> dict[str, Any]:
    r = await client.get(f"/api/v1/locaties/{locatie_id}", headers=TOEGANG)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def _plaats(client: httpx.AsyncClient, a: dict[str, Any]) -> dict[str, Any]:
    r = await client.get("/api/v1/wachtlijst", headers=TOEGANG,
                         params={"vorm": a["vorm"], "peildatum": "2026-01-20"})
    assert r.status_code == 200, r.text
    assert a["id"] in {i["aanmeldingId"] for i in r.json()["items"]}, "on the wachtlijst"
    r = await client.get(f"/api/v1/aanmeldingen/{a['id']}/voorstel", headers=TOEGANG)
    assert r.status_code == 200, r.text
    voorstel = r.json()["items"][0]
    r = await client.post("/api/v1/plaatsingen", headers=TOEGANG,
                          json={"aanmeldingId": a["id"], "gereserveerdOp": "2026-01-21"})
    assert r.status_code == 201, r.text
    plaatsing: dict[str, Any] = r.json()
    assert plaatsing["locatieId"] == voorstel["locatieId"]
    assert plaatsing["status"] == "gereserveerd"
    return plaatsing


async def test_the_first_placement_needs_no_location_created_by_an_admin(
        u16_client: httpx.AsyncClient, u16_app: FastAPI) -> None:
    client = u16_client
    # MO: a homeless Utrecht resident, straight onto the wachtlijst.
    mo = await aanmelding(client, vorm="mo-24-uursopvang", verwezen_op=date(2026, 1, 10))
    assert mo["status"] == "wachtend"
    plaatsing = await _plaats(client, mo)
    loc = await _locatie(client, plaatsing["locatieId"])
    assert loc["referentie"].startswith("u16-mo-") and loc["illustratief"] is True
    assert loc["gemeente"] == "0344" and loc["vorm"] == "mo-24-uursopvang"
    assert loc["bezet"] == 1

    # BW: a Nieuwegein resident with the Regionale toegang's indicatie, placed in Nieuwegein.
    bw = await aanmelding(client, NIEUWEGEIN, gemeente="0356", vorm="beschermd-verblijf",
                          verwezen_op=date(2026, 1, 5))
    r = await client.post(f"/api/v1/aanmeldingen/{bw['id']}/indicatie-bw", headers=TOEGANG,
                          json={"vorm": "beschermd-verblijf", "gezetOp": "2026-01-12"})
    assert r.status_code == 200 and r.json()["status"] == "wachtend", r.text
    plaatsing = await _plaats(client, r.json())
    loc = await _locatie(client, plaatsing["locatieId"])
    assert loc["referentie"] == "u16-bw-sbwu-nieuwegein", "own municipality first"
    assert loc["bezet"] == 1

    assert await scalar(u16_app, "SELECT count(*) FROM locaties") == len(REFERENTIELOCATIES)


async def test_get_locaties_shows_the_reference_register_and_says_it_is_illustrative(
        u16_client: httpx.AsyncClient) -> None:
    r = await u16_client.get("/api/v1/locaties", headers=TOEGANG, params={"pageSize": 100})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert {i["referentie"] for i in items} == {x.referentie for x in REFERENTIELOCATIES}
    assert all(i["illustratief"] and "seed 002" in i["bron"] for i in items)
    assert all(not i["bovenregionaal"] and i["bezet"] == 0 for i in items)
    per_vorm: Counter[str] = Counter()
    for i in items:
        per_vorm["bw" if i["vorm"] == "beschermd-verblijf" else "mo"] += i["capaciteit"]
    assert per_vorm == {"bw": 795, "mo": 200}

    # A location an admin adds is not a reference location.
    r = await u16_client.post("/api/v1/locaties", headers=TOEGANG, json={
        "naam": "Nieuwe opvang", "aanbieder": "lister", "gemeente": "0344",
        "vorm": "mo-nachtopvang", "capaciteit": 5})
    assert r.status_code == 201, r.text
    assert (r.json()["referentie"], r.json()["illustratief"], r.json()["bron"]) == (
        None, False, None)


async def _cli(app: FastAPI, *args: str) -> tuple[int, str]:
    url = app.state.runtime.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "WMO_DATABASE_URL": url, "COLUMNS": "200"}
    env.pop("WMO_REFERENTIE_ILLUSTRATIEF", None)  # the CLI's own default: load them
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "opvang", "referentiedata", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode()


async def _register(app: FastAPI) -> list[tuple[Any, ...]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.execute(sa.text(
            "SELECT l.id, l.referentie, l.capaciteit, count(w.id) FROM locaties l "
            "LEFT JOIN capaciteit_wijzigingen w ON w.locatie_id = l.id "
            "GROUP BY l.id ORDER BY l.referentie"))
        return [tuple(row) for row in rows]


async def test_the_cli_loads_into_an_empty_register_and_a_second_run_changes_nothing(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    code, out = await _cli(app, "--controleer")
    assert code == 1 and f"{len(REFERENTIELOCATIES)} ontbreekt" in out, out
    assert await _register(app) == [], "checking writes nothing"

    code, out = await _cli(app)
    assert code == 0 and f"{len(REFERENTIELOCATIES)} toegevoegd" in out, out
    eerste = await _register(app)
    assert len(eerste) == len(REFERENTIELOCATIES)
    assert all(n == 1 for *_, n in eerste), "the capacity is the history's first entry"
    assert await scalar(app, "SELECT count(*) FROM capaciteit_wijzigingen "
                             "WHERE door = 'referentiedata' AND reden LIKE '%seed 00%'") == len(
        REFERENTIELOCATIES)

    code, out = await _cli(app)
    assert code == 0 and f"{len(REFERENTIELOCATIES)} aanwezig" in out, out
    assert await _register(app) == eerste


async def test_an_admins_capacity_change_survives_the_migration_and_the_cli(
        u16_client: httpx.AsyncClient, u16_app: FastAPI) -> None:
    voor = await _register(u16_app)
    assert len(voor) == len(REFERENTIELOCATIES)
    zeist = next(r for r in REFERENTIELOCATIES if r.referentie == "u16-bw-ldh-zeist")
    r = await u16_client.post(f"/api/v1/locaties/{zeist.id}/capaciteitswijzigingen",
                              headers=TOEGANG, json={
                                  "capaciteit": 70, "ingangsdatum": "2026-03-01",
                                  "reden": "nieuwe vleugel"})
    assert r.status_code == 201 and r.json()["capaciteit"] == 70, r.text

    url = u16_app.state.runtime.engine.url.render_as_string(hide_password=False)
    await asyncio.to_thread(upgrade, "opvang", url)  # a second migrate: at head, a no-op
    code, out = await _cli(u16_app)
    assert code == 0, out
    assert f"{len(REFERENTIELOCATIES) - 1} aanwezig" in out
    assert "1 capaciteit gewijzigd door beheer (behouden)" in out
    code, out = await _cli(u16_app, "--controleer")
    assert code == 0, out

    na = await _register(u16_app)
    assert [(i, k) for i, k, *_ in na] == [(i, k) for i, k, *_ in voor], "no duplicates"
    assert (await _locatie(u16_client, str(zeist.id)))["capaciteit"] == 70
    assert await scalar(u16_app, "SELECT array_agg(capaciteit ORDER BY id) FROM "
                                 "capaciteit_wijzigingen WHERE locatie_id = :id",
                        id=zeist.id) == [55, 70]
    assert OpvangSettings().referentie_illustratief is True


async def test_a_downgrade_and_upgrade_round_trip_keeps_used_locations_and_adds_no_duplicate(
        u16_client: httpx.AsyncClient, u16_app: FastAPI) -> None:
    a = await aanmelding(u16_client, vorm="mo-nachtopvang", verwezen_op=date(2026, 1, 10))
    gebruikt = (await _plaats(u16_client, a))["locatieId"]
    url = u16_app.state.runtime.engine.url.render_as_string(hide_password=False)
    await asyncio.to_thread(command.downgrade, alembic_config("opvang", url), "0003")
    assert await scalar(u16_app, "SELECT count(*) FROM locaties") == 1, "the used one stays"
    await asyncio.to_thread(upgrade, "opvang", url)
    assert await scalar(u16_app, "SELECT count(*) FROM locaties") == len(REFERENTIELOCATIES)
    assert await scalar(u16_app, "SELECT bezet FROM locaties WHERE id = :id",
                        id=uuid.UUID(gebruikt)) == 1
