"""The step to the Wlz over the API on a real PostgreSQL: the buurtteam signals, the gemeente
records the CIZ aanvraag and its outcome; on toekenning every Wmo toewijzing of the client
ends the day before the Wlz starts (no gap, no overlap) and each provider gets its WMO301."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from devstack.testing import MakeDatabase
from fastapi import FastAPI
from indicatie.app import create_app
from indicatie.settings import IndicatieSettings

from ..domain.test_iwmo_berichten import needs_xsd
from .test_herbeoordeling import buurtteam, scan, werklijst
from .test_iwmo_api import CLERK, CLIENT, FakeToegang, compose, day, events
from .test_iwmo_wijzigingen import beschik, get_t, laatste_wmo301, producten, toewijzing

pytestmark = needs_xsd

OVERGANGEN = "/api/v1/wlz-overgangen"
SIGNAAL = {"clientId": CLIENT, "reden": "permanent-toezicht",
           "toelichting": "dwaalt 's nachts, mantelzorger kan het niet meer aan"}


@pytest.fixture
async def app(make_database: MakeDatabase) -> AsyncIterator[FastAPI]:
    url = await make_database("indicatie", "indicatie")
    toegang = FakeToegang()
    application = create_app(IndicatieSettings(database_url=url), bsn_bron=toegang)
    application.state.toegang = toegang
    yield application
    await application.state.runtime.engine.dispose()


async def signaleer_en_vraag_aan(client: httpx.AsyncClient) -> dict[str, Any]:
    r = await client.post(OVERGANGEN, headers=buurtteam("overvecht"), json=SIGNAAL)
    assert r.status_code == 201, r.text
    o: dict[str, Any] = r.json()
    r = await client.post(f"{OVERGANGEN}/{o['id']}/ciz-aanvraag", headers=CLERK, json={})
    assert r.status_code == 200, r.text
    return o


async def test_toekenning_ends_the_wmo_care_the_day_before_the_wlz(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    # Two toewijzingen of ambulante begeleiding in a row: one ended before, one open-ended
    # that runs into the Wlz, whose review is on the worklist.
    eerst = await toewijzing(client, await beschik(client, app, ingang=day(28),
                                                   einddatum=day(-5)))
    lopend = await toewijzing(client, await beschik(client, app, ingang=day(-6)),
                              herbeoordelingOp=day(-20).isoformat())
    assert await compose(app) == 1
    await scan(app, day(0))
    assert {r["toewijzingId"] for r in await werklijst(client)} == {eerst["id"], lopend["id"]}

    r = await client.post(OVERGANGEN, headers=buurtteam("overvecht"),
                          json={**SIGNAAL, "clientId": "p-" + "cd" * 16})
    assert r.status_code == 422, "a client toegang never registered"
    r = await client.post(OVERGANGEN, headers=buurtteam("overvecht"),
                          json={**SIGNAAL, "team": "zuid"})
    assert r.status_code == 403, "a buurtteam signals for its own team"
    r = await client.post(OVERGANGEN, headers=buurtteam("overvecht"), json=SIGNAAL)
    assert r.status_code == 201, r.text
    o = r.json()
    assert (o["status"], o["team"], o["reden"], o["gesignaleerdOp"]) == (
        "gesignaleerd", "overvecht", "permanent-toezicht", day(0).isoformat())
    assert r.headers["Location"] == f"{OVERGANGEN}/{o['id']}"
    r = await client.post(OVERGANGEN, headers=CLERK, json=SIGNAAL)
    assert r.status_code == 409, "one running overgang per client"
    r = await client.get(f"{OVERGANGEN}/{o['id']}", headers=buurtteam("zuid"))
    assert r.status_code == 404, "another team's client"
    r = await client.get(OVERGANGEN, headers=buurtteam("zuid"))
    assert r.json()["items"] == []

    path = f"{OVERGANGEN}/{o['id']}"
    r = await client.post(f"{path}/besluit", headers=CLERK, json={
        "besluit": "toegekend", "wlzIngangsdatum": day(-30).isoformat()})
    assert r.status_code == 409, "the CIZ decides on an aanvraag"
    r = await client.post(f"{path}/ciz-aanvraag", headers=buurtteam("overvecht"), json={})
    assert r.status_code == 403, "the gemeente follows the CIZ aanvraag"
    r = await client.post(f"{path}/ciz-aanvraag", headers=CLERK,
                          json={"aangevraagdOp": day(1).isoformat()})
    assert r.status_code == 422, "not before the signal"
    r = await client.post(f"{path}/ciz-aanvraag", headers=CLERK, json={})
    assert r.status_code == 200 and r.json()["aangevraagdOp"] == day(0).isoformat()
    r = await client.post(f"{path}/besluit", headers=CLERK, json={"besluit": "toegekend"})
    assert r.status_code == 422, "toegekend names the Wlz ingangsdatum"

    # The Wlz starts in 30 days: the open-ended toewijzing ends the day before.
    r = await client.post(f"{path}/besluit", headers=CLERK, json={
        "besluit": "toegekend", "wlzIngangsdatum": day(-30).isoformat()})
    assert r.status_code == 200, r.text
    o = r.json()
    assert (o["status"], o["wlzIngangsdatum"], o["laatsteWmoDag"], o["aansluitend"]) == (
        "toegekend", day(-30).isoformat(), day(-29).isoformat(), True)
    assert o["beeindigdeToewijzingen"] == [{
        "toewijzingId": lopend["id"], "nummer": lopend["nummer"], "aanbieder": lopend["aanbieder"],
        "einddatum": day(-29).isoformat(), "redenWijziging": "06"}]
    assert (await get_t(client, lopend["id"]))["einddatum"] == day(-29).isoformat()
    assert (await get_t(client, eerst["id"]))["redenWijziging"] is None, "ended before already"
    assert {(r["status"], r["redenAfsluiting"]) for r in await werklijst(client)} == {
        ("vervallen", "wlz")}, "the client's reviews lapse: the Wlz follows the Wmo"

    assert await compose(app) == 1
    regels = producten(await laatste_wmo301(client))
    assert (regels[lopend["nummer"]]["eind"], regels[lopend["nummer"]]["reden"]) == (
        day(-29).isoformat(), "06")
    assert regels[eerst["nummer"]]["reden"] is None

    found = await events(app)
    wlz = [(t, b) for t, b in found if t.startswith("wlz-")]
    assert [t for t, _ in wlz] == ["wlz-gesignaleerd", "wlz-aangevraagd", "wlz-besloten"]
    besloten = wlz[-1][1]
    assert (besloten["besluit"], besloten["wlzIngangsdatum"], besloten["laatsteWmoDag"],
            besloten["beeindigdeToewijzingen"], besloten["aansluitend"]) == (
        "toegekend", day(-30).isoformat(), day(-29).isoformat(), 1, True)
    assert all(b["clientId"] == CLIENT and "toelichting" not in b for _, b in wlz), \
        "pseudonymous, and the buurtteam's words stay in indicatie"
    assert "herbeoordeling-vervallen" in [t for t, _ in found]


async def test_care_that_would_begin_in_the_wlz_is_withdrawn(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    later = await toewijzing(client, await beschik(client, app, ingang=day(-40)))
    o = await signaleer_en_vraag_aan(client)
    r = await client.post(f"{OVERGANGEN}/{o['id']}/besluit", headers=CLERK, json={
        "besluit": "toegekend", "wlzIngangsdatum": day(-30).isoformat()})
    assert r.status_code == 200, r.text
    t = await get_t(client, later["id"])
    assert (t["einddatum"], t["redenWijziging"]) == (day(-40).isoformat(), "13")
    assert (r.json()["laatsteWmoDag"], r.json()["aansluitend"]) == (None, False), \
        "no Wmo care handed over"


async def test_afwijzing_leaves_the_wmo_care_running(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    lopend = await toewijzing(client, await beschik(client, app, ingang=day(28)))
    o = await signaleer_en_vraag_aan(client)
    path = f"{OVERGANGEN}/{o['id']}/besluit"
    r = await client.post(path, headers=CLERK, json={
        "besluit": "afgewezen", "wlzIngangsdatum": day(-30).isoformat()})
    assert r.status_code == 422, "only a toekenning has a Wlz ingangsdatum"
    r = await client.post(path, headers=CLERK, json={"besluit": "afgewezen"})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["beeindigdeToewijzingen"]) == ("afgewezen", [])
    t = await get_t(client, lopend["id"])
    assert (t["einddatum"], t["redenWijziging"]) == (None, None)
    r = await client.post(OVERGANGEN, headers=CLERK, json=SIGNAAL)
    assert r.status_code == 201, "after an afwijzing a new signal may follow"
    r = await client.get(OVERGANGEN, headers=CLERK, params={"status": "afgewezen"})
    assert [x["id"] for x in r.json()["items"]] == [o["id"]]
