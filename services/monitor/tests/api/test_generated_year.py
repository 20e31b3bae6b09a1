"""A generated year through the real topics: the Bijlage 3 report equals the generator's own
truth; another order across keys with redelivered duplicates, and a second rebuild, give the
identical report and KPIs; the API serves exact figures to the gemeente only, suppressed ones
to everyone else, CSV on request, and the CBS export to its own role (real PostgreSQL, broker)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from devstack.components import start_broker
from devstack.testing import MakeDatabase
from monitor.app import create_app, rebuild
from monitor.domain.kpis import IWMO_KPIS, KPIS
from monitor.generator import GeneratedYear, generate_year, publish
from monitor.generator.year import SOURCES
from monitor.repository.bijlage3 import bijlage3
from monitor.repository.budget import budget_view
from monitor.repository.kpis import kpi_cells
from monitor.settings import MonitorSettings
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import DOMAIN_TOPICS
from wmokernel.db import make_engine, make_session_factory
from wmokernel.kafka import ensure_topics

from .helpers import publish_events

JAAR = 2022
SCHAAL = 0.015


async def figures(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        async with make_session_factory(engine)() as session:
            report = await bijlage3(session, JAAR)
            kpis = {k: await kpi_cells(session, KPIS[k], JAAR, "kwartaal", dim)
                    for k, dim in [("unieke-clienten", "wijk"), ("wachttijd-opname", "gemeente"),
                                   ("in-zorg-aanbieder", "aanbieder"), ("bezwaren", None),
                                   ("wachtenden-opvang", "voorziening"),
                                   ("verzoek-antwoord-binnen-termijn", "aanbieder"),
                                   ("regiebericht-binnen-termijn", "soort"),
                                   ("iwmo-termijnen-verstreken", "soort")]}
            iwmo = {}
            for kpi in IWMO_KPIS:
                for dim in [None, *kpi.dimensies]:
                    for c in await kpi_cells(session, kpi, JAAR, "jaar", dim):
                        groep = c["groep"] if dim is None else f"{dim}:{c['groep']}"
                        iwmo.setdefault(kpi.id, {})[groep] = (c["aantal"], c["teller"] or 0)
            view = await budget_view(session, JAAR, date(JAAR, 12, 31))
            budget = {k: {v["productcategorie"]: v[f"{k}Cents"] for v in view["voorzieningen"]
                          if v[f"{k}Cents"]} for k in ("gerealiseerd", "betaald")}
            aids = {k: (await kpi_cells(session, KPIS[k], JAAR, "jaar"))[0]
                    for k in ("herverstrekkingspercentage", "hulpmiddelen-terug-in-depot",
                              "hulpmiddelen-afgeschreven")}
            return {"report": report, "kpis": kpis, "iwmo": iwmo, "budget": budget,
                    "budget_view": view, "aids": aids}
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def year() -> GeneratedYear:
    return generate_year(JAAR, SCHAAL, seed=11)


@pytest.fixture(scope="module")
async def in_order(make_database: MakeDatabase, year: GeneratedYear
                   ) -> AsyncIterator[tuple[MonitorSettings, dict[str, Any]]]:
    broker = start_broker()
    try:
        settings = MonitorSettings(database_url=await make_database("year", "monitor"),
                                   kafka_bootstrap_servers=broker.bootstrap)
        await ensure_topics(settings, list(DOMAIN_TOPICS))
        assert await publish(broker.bootstrap, year.events) == len(year.events)
        assert await rebuild(settings) == len(year.events)
        yield settings, await figures(settings.database_url)
    finally:
        broker.stop()


async def test_bijlage3_totals_equal_the_generators_truth(
        year: GeneratedYear, in_order: tuple[MonitorSettings, dict[str, Any]]) -> None:
    report = in_order[1]["report"]
    got = {t["id"]: {r["omschrijving"]: r["cellen"][str(JAAR)]["waarde"] for r in t["rijen"]}
           for t in report["tabellen"]}
    assert got == year.truth
    assert got["buurtteam-clienten"]["Aantal casussen"] > 100, "a real sample"
    seed_rows = ["Individuele begeleiding", "Thuisbegeleiding", "Arbeidsmatige activering",
                 "Dagbegeleiding", "Hulp bij het huishouden", "Vervoersvoorziening",
                 "Woonvoorziening/woningaanpassing", "Rolstoelvoorziening"]
    assert list(got["aanvullende-zorg-clienten"]) == seed_rows
    assert report["tabellen"][0]["jaren"] == ["2020", "2021", "2022"]


async def test_iwmo_kpis_equal_the_generators_truth(
        year: GeneratedYear, in_order: tuple[MonitorSettings, dict[str, Any]]) -> None:
    got = in_order[1]["iwmo"]
    assert got == year.iwmo_truth
    aantal, teller = got["regiebericht-binnen-termijn"]["totaal"]
    assert aantal > 20 and 0 < teller < aantal, "a real sample, some messages late"
    assert got["verzoek-antwoord-binnen-termijn"]["totaal"][0] > 10


async def test_spend_and_aids_equal_the_generators_truth(
        year: GeneratedYear, in_order: tuple[MonitorSettings, dict[str, Any]]) -> None:
    got = in_order[1]
    assert got["budget"] == year.budget_truth
    realised, paid = year.budget_truth["gerealiseerd"], year.budget_truth["betaald"]
    assert sum(paid.values()) < sum(realised.values()), "the last batches are not yet paid"
    aids, truth = got["aids"], year.hulpmiddel_truth
    assert (aids["herverstrekkingspercentage"]["aantal"],
            aids["herverstrekkingspercentage"]["teller"]) == (truth["verstrekt"],
                                                              truth["herverstrekt"])
    assert aids["hulpmiddelen-terug-in-depot"]["aantal"] == truth["terug-in-depot"]
    assert aids["hulpmiddelen-afgeschreven"]["aantal"] == truth["afgeschreven"]
    assert 70 < aids["herverstrekkingspercentage"]["waarde"] <= 100


async def test_reordered_and_duplicated_replay_gives_identical_figures(
        make_database: MakeDatabase, year: GeneratedYear,
        in_order: tuple[MonitorSettings, dict[str, Any]]) -> None:
    events = [(p, p.to_cloudevent(SOURCES[p.topic])) for p in year.events]
    rng = random.Random(5)
    stream = events + rng.sample(events, len(events) // 10)  # redelivered duplicates
    rng.shuffle(stream)  # another order across keys (and, here, within them too)
    broker = start_broker()
    try:
        settings = MonitorSettings(database_url=await make_database("year2", "monitor"),
                                   kafka_bootstrap_servers=broker.bootstrap)
        await ensure_topics(settings, list(DOMAIN_TOPICS))
        await publish_events(broker.bootstrap, stream)
        assert await rebuild(settings) == len(stream)
        first = await figures(settings.database_url)
        assert first == in_order[1]
        await rebuild(settings)
        assert await figures(settings.database_url) == first, "a second rebuild agrees"
    finally:
        broker.stop()


async def test_api_roles_suppression_csv_and_cbs_export(
        in_order: tuple[MonitorSettings, dict[str, Any]]) -> None:
    settings = in_order[0]
    app = create_app(settings)

    def auth(*roles: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_dev_token(settings, 'u', roles)}"}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x/api/v1") as http:
        q = {"jaar": JAAR, "periode": "maand", "dimensie": "wijk"}
        exact = (await http.get("/kpis/nieuwe-casussen", params=q,
                                headers=auth("gemeente"))).json()
        public = (await http.get("/kpis/nieuwe-casussen", params=q,
                                 headers=auth("monitor-viewer"))).json()
        assert not exact["onderdrukt"] and public["onderdrukt"]
        small = [c for c in exact["cellen"] if 0 < c["aantal"] < 5]
        assert small, "a 1.5% year has small cells per wijk and month"
        assert all(c["aantal"] is None and c["waarde"] is None
                   for c in public["cellen"] if 0 < (c["aantal"] or 0) < 5 or c in small
                   or c["aantal"] is None)
        assert sum(1 for c in public["cellen"] if c["aantal"] is None) == len(small)

        r = await http.get("/kpis/nieuwe-casussen", params=q,
                           headers={**auth("gemeente"), "Accept": "text/csv"})
        assert r.headers["content-type"].startswith("text/csv")
        assert r.text.splitlines()[0] == "kpi;periode;groep;aantal;teller;waarde"

        r = await http.get("/kpis/bestaat-niet", headers=auth("gemeente"))
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        r = await http.get("/kpis/nieuwe-casussen", params={"dimensie": "aanbieder"},
                           headers=auth("gemeente"))
        assert r.status_code == 422

        export = await http.get("/exports/kpis", params={"jaar": JAAR},
                                headers={**auth("gemeente"), "Accept": "text/csv"})
        assert export.status_code == 200
        exported = {line.split(";")[0] for line in export.text.splitlines()[1:]}
        assert {k.id for k in IWMO_KPIS} <= exported
        listed = (await http.get("/kpis", headers=auth("monitor-viewer"))).json()["items"]
        assert {"verzoek-antwoord-binnen-termijn": ["aanbieder", "soort"]}.items() <= {
            k["id"]: k["dimensies"] for k in listed}.items()
        for line in export.text.splitlines()[1:]:
            aantal = line.split(";")[4]
            assert aantal == "" or int(aantal) == 0 or int(aantal) >= 5, line

        report = (await http.get("/rapportages/bijlage-3", params={"jaar": JAAR},
                                 headers=auth("monitor-viewer"))).json()
        assert report["onderdrukt"] and len(report["tabellen"]) == 8
        csv_report = await http.get("/rapportages/bijlage-3", params={"jaar": JAAR},
                                    headers={**auth("gemeente"), "Accept": "text/csv"})
        assert "Aantal unieke cliënten" in csv_report.text

        budget = (await http.get("/budgetten", params={"jaar": 2024},
                                 headers=auth("gemeente"))).json()
        assert [r["doelstelling"] for r in budget["regels"]] == ["I", "II", "III", "IV", "V"]
        assert budget["regels"][3]["begrotingK"] == 85500 and budget["taakstellingWmoK"] == 2000
        budget22 = (await http.get("/budgetten", params={"jaar": JAAR},
                                   headers=auth("gemeente"))).json()
        assert budget22["regels"] == [] and budget22["prognoseBasis"] == "gerealiseerd"
        exact = {v["productcategorie"]: v for v in budget22["voorzieningen"]}
        public = {v["productcategorie"]: v for v in (await http.get(
            "/budgetten", params={"jaar": JAAR}, headers=auth("monitor-viewer"))).json()[
            "voorzieningen"]}
        assert {c for c, v in exact.items() if v["gerealiseerdCents"]} == set(
            in_order[1]["budget"]["gerealiseerd"])
        assert all(v["onderdrukt"] == (v["gerealiseerdCents"] is None) for v in public.values())
        assert all(v["gerealiseerdCents"] == exact[c]["gerealiseerdCents"]
                   for c, v in public.items() if not v["onderdrukt"])

        assert (await http.get("/exports/cbs-monitor-sociaal-domein", params={"jaar": JAAR},
                               headers=auth("gemeente"))).status_code == 403
        cbs = (await http.get("/exports/cbs-monitor-sociaal-domein", params={"jaar": JAAR},
                              headers=auth("cbs-export"))).json()
        assert cbs["items"] and all(i["clientId"].startswith("p-") for i in cbs["items"])
        assert {"15", "16", "12"} <= {i["productcategorie"] for i in cbs["items"]}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x") as http:
        page = await http.get("/dashboard", params={"jaar": JAAR})
        assert page.status_code == 200 and 'lang="nl"' in page.text
        for chart in ("grafiek-wachttijden", "grafiek-trechter", "grafiek-opvang",
                      "grafiek-budget"):
            assert f'id="{chart}"' in page.text
        assert 'id="budget-voorzieningen"' in page.text and ">Betaald</th>" in page.text
        assert KPIS["herverstrekkingspercentage"].titel in page.text
        termijnen = page.text[page.text.index('id="termijnen"'):]
        for kpi in ("verzoek-antwoord-binnen-termijn", "regiebericht-binnen-termijn",
                    "iwmo-termijnen-verstreken", "beschikking-binnen-termijn"):
            assert KPIS[kpi].titel in termijnen
