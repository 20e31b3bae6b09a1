"""Herbeoordeling over the API on a real PostgreSQL: the periodic scan, driven with given
dates, puts a running toewijzing on the worklist with its signal; the gemeente continues it
(a herindicatie aanvraag) or ends it (a WMO301 with RedenWijziging 05); without a decision
the scan ends it once its einddatum has passed and the provider gets the WMO301 ending it.
Every WMO301 is checked against the official XSD."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from devstack.testing import MakeDatabase
from fastapi import FastAPI
from indicatie.app import create_app
from indicatie.service.herbeoordelingen import scan_herbeoordelingen
from indicatie.settings import IndicatieSettings
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from ..domain.test_iwmo_berichten import needs_xsd
from .test_iwmo_api import AGB, CLERK, CLIENT, PROVIDER, FakeToegang, compose, day, events
from .test_iwmo_wijzigingen import beschik, get_t, laatste_wmo301, producten, toewijzing
from .test_levering_api import aanbieder

pytestmark = needs_xsd

WERKLIJST = "/api/v1/herbeoordelingen"


def buurtteam(team: str) -> dict[str, str]:
    """A worker of the buurtteam of ``team`` (a wijk code)."""
    token = issue_dev_token(KernelSettings(), f"worker-{team}", ["buurtteam"], team=team)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def app(make_database: MakeDatabase) -> AsyncIterator[FastAPI]:
    url = await make_database("indicatie", "indicatie")
    toegang = FakeToegang()
    application = create_app(IndicatieSettings(database_url=url), bsn_bron=toegang)
    application.state.toegang = toegang
    yield application
    await application.state.runtime.engine.dispose()


async def scan(app: FastAPI, peildatum: date) -> int:
    """One round of the herbeoordeling job for ``peildatum``."""
    async with app.state.runtime.unit_of_work() as uow:
        return await scan_herbeoordelingen(uow, peildatum)


async def werklijst(client: httpx.AsyncClient, headers: dict[str, str] = CLERK,
                    **params: str) -> list[dict[str, Any]]:
    r = await client.get(WERKLIJST, headers=headers, params=params)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def types(app: FastAPI) -> list[str]:
    return [t for t, _ in await events(app)]


async def test_a_review_reaching_its_date_is_signalled_and_expiry_stops_the_care(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    """The issue's acceptance: on the worklist with a signal, and without a continuation the
    provider gets the WMO301 that ends the toewijzing."""
    product = await beschik(client, app, ingang=day(28), einddatum=day(-40))
    t = await toewijzing(client, product, herbeoordelingOp=day(-20).isoformat())
    assert t["herbeoordelingOp"] == day(-20).isoformat()
    assert await compose(app) == 1

    # 8 weeks (56 days) before the herbeoordeling date the window opens: not the day before.
    assert await scan(app, day(-20 + 57)) == 0
    assert await werklijst(client) == []
    assert await scan(app, day(-20 + 56)) == 1
    [item] = await werklijst(client)
    assert (item["toewijzingId"], item["status"], item["herbeoordelingOp"], item["einddatum"],
            item["uiterlijk"], item["gesignaleerdOp"], item["wijk"], item["clientId"]) == (
        t["id"], "open", day(-20).isoformat(), day(-40).isoformat(), day(-20).isoformat(),
        day(-20 + 56).isoformat(), "overvecht", CLIENT)
    assert (await types(app))[-1] == "herbeoordeling-nadert"
    assert await scan(app, day(-20 + 56)) == 0, "the signal is given once"

    # the buurtteam of the wijk follows it; another team does not see it
    assert [i["id"] for i in await werklijst(client, buurtteam("overvecht"))] == [item["id"]]
    assert await werklijst(client, buurtteam("zuid")) == []
    r = await client.get(f"{WERKLIJST}/{item['id']}", headers=buurtteam("zuid"))
    assert r.status_code == 404
    r = await client.get(WERKLIJST, headers=buurtteam("overvecht"), params={"team": "zuid"})
    assert r.status_code == 403
    r = await client.get(WERKLIJST, headers=PROVIDER)
    assert r.status_code == 403, "a provider has no worklist here"
    assert await werklijst(client, uiterlijkVoor=day(-20).isoformat()) == []
    assert len(await werklijst(client, uiterlijkVoor=day(-21).isoformat(), status="open")) == 1
    assert await werklijst(client, status="verlopen") == []

    # The einddatum, 20 days after the herbeoordeling date, gets its own signal when its
    # window opens, 56 days before it.
    assert await scan(app, day(-40 + 57)) == 0
    assert await scan(app, day(-40 + 56)) == 1
    assert (await types(app))[-1] == "einddatum-nadert"
    assert await scan(app, day(-20)) == 0

    # The einddatum is a day of care; the day after, without a decision, the care is ended.
    assert await scan(app, day(-40)) == 0
    assert await scan(app, day(-41)) == 1
    r = await client.get(f"{WERKLIJST}/{item['id']}", headers=CLERK)
    verlopen = r.json()
    assert (verlopen["status"], verlopen["afgeslotenOp"], verlopen["besluit"]) == (
        "verlopen", day(-41).isoformat(), None)
    ended = await get_t(client, t["id"])
    assert (ended["einddatum"], ended["redenWijziging"]) == (day(-40).isoformat(), "05")
    assert (await types(app))[-2:] == ["toewijzing-gewijzigd", "herbeoordeling-verlopen"]

    # the stop reaches the provider: a WMO301 ending the toewijzing on its einddatum
    assert await compose(app) == 1
    assert producten(await laatste_wmo301(client))[t["nummer"]]["eind"] == day(-40).isoformat()
    assert producten(await laatste_wmo301(client))[t["nummer"]]["reden"] == "05"

    assert await scan(app, day(-42)) == 0, "ended once"
    r = await client.post(f"{WERKLIJST}/{item['id']}/besluit", headers=CLERK,
                          json={"besluit": "voortzetten", "motivering": "te laat"})
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"


async def test_continuing_files_a_herindicatie_aanvraag_and_the_care_runs_on(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await beschik(client, app, ingang=day(28), einddatum=day(-40))
    t = await toewijzing(client, product, herbeoordelingOp=day(-20).isoformat())
    await scan(app, day(0))
    [item] = await werklijst(client)
    path = f"{WERKLIJST}/{item['id']}/besluit"
    body = {"besluit": "voortzetten", "motivering": "begeleiding blijft nodig"}
    r = await client.post(path, headers=buurtteam("overvecht"), json=body)
    assert r.status_code == 403, "only the gemeente decides"
    r = await client.post(path, headers=CLERK, json={**body, "einddatum": day(-30).isoformat()})
    assert r.status_code == 422, "an einddatum belongs to beeindigen"
    r = await client.post(path, headers=CLERK, json=body)
    assert r.status_code == 200, r.text
    besloten = r.json()
    assert (besloten["status"], besloten["besluit"], besloten["beslotenOp"],
            besloten["tijdig"]) == ("voortgezet", "voortzetten", day(0).isoformat(), True)
    r = await client.get(f"/api/v1/aanvragen/{besloten['herindicatieAanvraagId']}",
                         headers=CLERK)
    aanvraag = r.json()
    assert (aanvraag["grond"], aanvraag["clientId"], aanvraag["status"],
            aanvraag["ontvangenOp"], aanvraag["wijk"]) == (
        "herindicatie", CLIENT, "ontvangen", day(0).isoformat(), "overvecht")
    r = await client.post(path, headers=CLERK, json=body)
    assert r.status_code == 409, "decided once"
    assert (await types(app))[-2:] == ["aanvraag-ontvangen", "herbeoordeling-besloten"]
    [(_, besluit)] = [(n, b) for n, b in await events(app) if n == "herbeoordeling-besloten"]
    assert besluit["herindicatieAanvraagId"] == besloten["herindicatieAanvraagId"]

    # a continued review is not ended by the scan: the toewijzing keeps its own einddatum
    assert await scan(app, day(-41)) == 0
    assert (await get_t(client, t["id"]))["redenWijziging"] is None


async def test_ending_open_ended_care_needs_its_last_day(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await beschik(client, app, ingang=day(28))
    t = await toewijzing(client, product, herbeoordelingOp=day(-10).isoformat())
    assert t["einddatum"] is None
    assert await compose(app) == 1
    await scan(app, day(0))
    [item] = await werklijst(client)
    assert item["einddatum"] is None and item["uiterlijk"] == day(-10).isoformat()
    path = f"{WERKLIJST}/{item['id']}/besluit"
    body: dict[str, Any] = {"besluit": "beeindigen", "motivering": "doelen bereikt"}
    r = await client.post(path, headers=CLERK, json=body)
    assert r.status_code == 422 and "einddatum" in r.json()["detail"]
    r = await client.post(path, headers=CLERK, json={**body, "einddatum": day(1).isoformat()})
    assert r.status_code == 422, "care already given is not ended retroactively"
    r = await client.post(path, headers=CLERK, json={**body, "einddatum": day(-14).isoformat()})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["einddatum"]) == ("beeindigd", day(-14).isoformat())
    ended = await get_t(client, t["id"])
    assert (ended["einddatum"], ended["redenWijziging"]) == (day(-14).isoformat(), "05")
    assert await compose(app) == 1
    regel = producten(await laatste_wmo301(client))[t["nummer"]]
    assert (regel["eind"], regel["reden"]) == (day(-14).isoformat(), "05")


async def test_a_review_lapses_when_the_provider_stops_for_good(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await beschik(client, app, ingang=day(28), einddatum=day(-40))
    t = await toewijzing(client, product, herbeoordelingOp=day(-20).isoformat())
    await scan(app, day(0))
    own = aanbieder(AGB)
    path = f"/api/v1/toewijzingen/{t['id']}"
    assert (await client.post(f"{path}/start", headers=own,
                              json={"startdatum": day(20).isoformat()})).status_code == 200
    r = await client.post(f"{path}/stop", headers=own,
                          json={"stopdatum": day(2).isoformat(), "redenBeeindiging": "19"})
    assert r.status_code == 200, r.text
    assert await scan(app, day(0)) == 1
    [item] = await werklijst(client)
    assert (item["status"], item["redenAfsluiting"]) == ("vervallen", "levering-gestopt")
    assert (await types(app))[-1] == "herbeoordeling-vervallen"
    assert await scan(app, day(-41)) == 0
    assert (await get_t(client, t["id"]))["redenWijziging"] is None, "no WMO301 to send"
