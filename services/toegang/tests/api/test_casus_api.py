"""A casus through the API against a real PostgreSQL: routing, first contact, onderzoek,
outcomes, consent, reassignment, deadline signals; each with the events it stages."""

from __future__ import annotations

import asyncio
import functools
import json
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from toegang.app import deadline_watcher
from toegang.service import signalen
from toegang.settings import ToegangSettings
from wmokernel.periodic import every

from ..conftest import bearer
from .test_meldingen_api import assert_problem, row_counts

WORKER = bearer("buurtteam")
PREFIX = "nl.utrecht.wmo.toegang."


def melding(**overrides: Any) -> dict[str, Any]:
    body = {"bsn": "111222333", "kanaal": "buurtteam", "omschrijving": "vastgelopen",
            "gemeldOp": "2026-04-23", "naam": "R. de Vries",
            "adres": {"postcode": "3563 AB", "huisnummer": 12, "straat": "Tigrisdreef",
                      "woonplaats": "Utrecht"}}
    body.update(overrides)
    return body


async def events(app: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text("SELECT event_type, body FROM outbox ORDER BY id")))
        return [(r.event_type.removeprefix(PREFIX), json.loads(r.body)) for r in rows]


async def post(client: httpx.AsyncClient, path: str, body: dict[str, Any],
               headers: dict[str, str] = WORKER, status: int = 201) -> dict[str, Any]:
    r = await client.post(f"/api/v1{path}", json=body, headers=headers)
    assert r.status_code == status, r.text
    result: dict[str, Any] = r.json()
    return result


async def test_the_address_routes_to_the_buurtteam_of_the_home_buurt(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    # Registered by a worker of Overvecht, but the resident lives in Lombok (West).
    m = await post(client, "/meldingen", melding(adres={"postcode": "3531CD", "huisnummer": 1}))
    assert (m["team"], m["wijk"], m["buurt"]) == ("west", "West", "Lombok")
    assert m["persoonlijkPlanUiterlijk"] == "2026-04-30"
    assert [x["medewerker"] for x in m["medewerkers"]] == ["worker-1"]
    loket = await post(client, "/meldingen", melding(bsn="123456782", kanaal="wmo-loket"))
    assert loket["team"] == "wmo-loket" and loket["wijk"] == "Overvecht"
    [(kind, event), _] = await events(app)
    assert kind == "melding-ontvangen" and event["team"] == "west"
    assert "Lombok" not in json.dumps(event) and "3531" not in json.dumps(event)


@pytest.mark.parametrize(("body", "detail"), [
    (melding(adres={"postcode": "1012AB", "huisnummer": 1}), "not a known Utrecht address"),
    (melding(adres={"postcode": "35XX AB", "huisnummer": 1}), "postcode"),
    (melding(adres={"postcode": "3563AB", "huisnummer": 0}), "huisnummer"),
    (melding(adres=None, wijk="Amsterdam-Noord"), "buurtteam areas"),
    (melding(naam="x" * 201), "naam"),
    (melding(kanaal="signaal-professional", signaalBron="huisarts"), "consent"),
    (melding(kanaal="signaal-professional", toestemmingInwoner=True), "signaalBron"),
])
async def test_bad_addresses_and_signals_without_consent_store_nothing(
        client: httpx.AsyncClient, app: FastAPI, body: dict[str, Any], detail: str) -> None:
    r = await client.post("/api/v1/meldingen", json=body, headers=WORKER)
    assert detail in assert_problem(r, 422)["detail"]
    assert await row_counts(app) == {"clients": 0, "meldingen": 0, "outbox": 0, "audit_log": 0}


async def test_a_system_without_address_or_team_cannot_route(client: httpx.AsyncClient) -> None:
    system = bearer("systeem", subject="mijn-utrecht", team=None)
    r = await client.post("/api/v1/meldingen", json=melding(adres=None, kanaal="online"),
                          headers=system)
    assert "address" in assert_problem(r, 422)["detail"]


async def test_a_casus_from_signal_to_closing(client: httpx.AsyncClient, app: FastAPI) -> None:
    m = await post(client, "/meldingen", melding(
        kanaal="signaal-professional", signaalBron="corporatie", toestemmingInwoner=True))
    mid, cid = m["id"], m["clientId"]
    assert m["terugkerend"] is False and m["team"] == "overvecht"
    consents = (await client.get(f"/api/v1/clienten/{cid}/toestemmingen", headers=WORKER)).json()
    assert [c["doel"] for c in consents["items"]] == ["dossier openen na signaal van corporatie"]

    # The onderzoek cannot start before the first contact.
    start = {"gestartOp": "2026-04-30", "clientondersteuningAangebodenOp": "2026-04-29",
             "clientondersteuningGewenst": True}
    assert_problem(await client.post(f"/api/v1/meldingen/{mid}/onderzoek", json=start,
                                      headers=WORKER), 409)
    c = await post(client, f"/meldingen/{mid}/eerste-contacten",
                   {"contactOp": "2026-04-28", "vorm": "huisbezoek"})
    assert c["status"] == "eerste-contact"
    await post(client, f"/meldingen/{mid}/eerste-contacten", {}, status=409)
    await post(client, f"/meldingen/{mid}/ontvangstgesprekken",
               {"gesprekOp": "2026-04-29", "triage": "sociaal-generalist"})
    # Cliëntondersteuning must be offered before the onderzoek starts.
    await post(client, f"/meldingen/{mid}/onderzoek",
               {**start, "clientondersteuningAangebodenOp": "2026-05-01"}, status=422)
    o = await post(client, f"/meldingen/{mid}/onderzoek", start)
    assert o["clientondersteuningGewenst"] is True

    findings = {"behoeften": "schulden, werk kwijt", "eigenKrachtEnNetwerk": "zus helpt",
                "mantelzorg": {"aanwezig": True, "urenPerWeek": 10, "maanden": 6},
                "geldzorgen": True, "zrm": {"financien": 1, "werk-en-opleiding": 2},
                "perspectief": "a-weer-zelfstandig", "ondersteuningsvorm": "individueel"}
    r = await client.put(f"/api/v1/meldingen/{mid}/onderzoek/bevindingen", json=findings,
                         headers=WORKER)
    assert "reason" in assert_problem(r, 422)["detail"]
    await post(client, f"/meldingen/{mid}/onderzoek/verslagen", {"verslag": "x"}, status=422)
    findings["redenIndividueel"] = "budgetbeheer vraagt een vaste begeleider"
    # Geldzorgen signal Werk en Inkomen: only on the resident's consent for that.
    r = await client.put(f"/api/v1/meldingen/{mid}/onderzoek/bevindingen", json=findings,
                         headers=WORKER)
    assert "werk-en-inkomen" in assert_problem(r, 403)["detail"]
    await post(client, f"/clienten/{cid}/toestemmingen",
               {"ontvanger": "werk-en-inkomen", "doel": "schuldhulpverlening"})
    r = await client.put(f"/api/v1/meldingen/{mid}/onderzoek/bevindingen", json=findings,
                         headers=WORKER)
    assert r.status_code == 200, r.text
    assert r.json()["bevindingen"]["mantelzorg"]["isMantelzorger"] is True
    # Recording the findings again does not signal Werk en Inkomen twice.
    r = await client.put(f"/api/v1/meldingen/{mid}/onderzoek/bevindingen", json=findings,
                         headers=WORKER)
    assert r.status_code == 200

    ext = await post(client, f"/meldingen/{mid}/onderzoek/verlengingen",
                     {"weken": 2, "reden": "wacht op schuldhulp"})
    assert ext["onderzoekUiterlijk"] == "2026-06-18"
    sus = await post(client, f"/meldingen/{mid}/onderzoek/opschortingen",
                     {"van": "2026-05-04", "totEnMet": "2026-05-08", "reden": "opname"})
    assert sus["onderzoekUiterlijk"] == "2026-06-23"
    await post(client, f"/meldingen/{mid}/onderzoek/opschortingen",
               {"van": "2026-05-08", "totEnMet": "2026-05-04", "reden": "x"}, status=422)
    done = await post(client, f"/meldingen/{mid}/onderzoek/verslagen",
                      {"verslag": "samen met Ronald opgesteld", "afgerondOp": "2026-06-01"})
    assert done["afgerondOp"] == "2026-06-01"
    # Solved in basiszorg; a 'verwezen' outcome without that verwijzing is refused.
    await post(client, f"/meldingen/{mid}/afsluitingen",
               {"uitkomst": "verwezen-aanvullende-zorg"}, status=422)
    closed = await post(client, f"/meldingen/{mid}/afsluitingen",
                        {"uitkomst": "opgelost-basiszorg", "afgeslotenOp": "2026-06-02"})
    assert closed["status"] == "gesloten"
    await post(client, f"/meldingen/{mid}/verwijzingen", {}, status=409)

    found = await events(app)
    assert [k for k, _ in found] == [
        "melding-ontvangen", "eerste-contact-gelegd", "ontvangstgesprek-gevoerd",
        "onderzoek-gestart", "signaal-werk-en-inkomen-gegeven", "onderzoek-termijn-gewijzigd",
        "onderzoek-termijn-gewijzigd", "onderzoek-afgerond", "casus-gesloten"]
    by_kind = dict(found)
    assert by_kind["eerste-contact-gelegd"]["werkdagen"] == 2
    assert by_kind["eerste-contact-gelegd"]["binnenNorm"] is True
    assert by_kind["signaal-werk-en-inkomen-gegeven"]["prioriteit"] is True
    assert by_kind["onderzoek-afgerond"]["binnenTermijn"] is True
    assert by_kind["casus-gesloten"]["uitkomst"] == "opgelost-basiszorg"
    blob = json.dumps(found)
    assert "111222333" not in blob and "Vries" not in blob and "Tigrisdreef" not in blob

    # A new melding for the same resident: recognised as a returning client.
    again = await post(client, "/meldingen", melding(gemeldOp="2026-09-01"))
    assert again["terugkerend"] is True and again["clientId"] == cid
    client_view = (await client.get(f"/api/v1/clienten/{cid}", headers=WORKER)).json()
    assert client_view["bsn"] == "111222333" and client_view["wijk"] == "Overvecht"
    assert [x["id"] for x in client_view["meldingen"]] == [mid, again["id"]]


async def test_regionale_toegang_registers_for_opvang_without_personal_data(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    worker = bearer("regionale-toegang", subject="rt-1", team="regionale-toegang")
    m = await post(client, "/meldingen", melding(kanaal="regionale-toegang"), headers=worker)
    assert m["team"] == "regionale-toegang"
    path = f"/meldingen/{m['id']}/verwijzingen"
    await post(client, path, {"naar": "regionale-toegang"}, headers=worker, status=422)
    v = await post(client, path, {"naar": "regionale-toegang", "opvangvorm": "beschermd-wonen",
                                  "urgent": True, "verwezenOp": "2026-05-01"}, headers=worker)
    assert v["naar"] == "regionale-toegang"
    kind, event = (await events(app))[-1]
    assert kind == "aanmelding-opvang-gedaan"
    assert event == {"meldingId": m["id"], "clientId": m["clientId"], "aanmeldingId": v["id"],
                     "gemeente": "0344", "vorm": "beschermd-wonen", "urgent": True,
                     "verwezenOp": "2026-05-01", "gemeldOp": "2026-04-23",
                     "kanaal": "regionale-toegang"}
    status = (await client.get(f"/api/v1/meldingen/{m['id']}/status", headers=worker)).json()
    assert status["status"] == "verwezen" and status["verwijzingen"] == ["regionale-toegang"]


async def test_reassignment_at_the_residents_request(client: httpx.AsyncClient) -> None:
    m = await post(client, "/meldingen", melding())
    path = f"/api/v1/meldingen/{m['id']}"
    other = bearer("buurtteam", subject="worker-2")
    assert_problem(await client.get(path, headers=other), 404)
    await post(client, f"/meldingen/{m['id']}/medewerkers",
               {"medewerker": "worker-2", "reden": "x", "opVerzoekVanInwoner": True,
                "vervangt": "worker-1"}, status=422)  # a reason of substance is needed
    row = await post(client, f"/meldingen/{m['id']}/medewerkers",
                     {"medewerker": "worker-2", "reden": "klik niet met vaste medewerker",
                      "opVerzoekInwoner": True, "vervangt": "worker-1"})
    assert row["opVerzoekInwoner"] is True and row["team"] == "overvecht"
    seen = (await client.get(path, headers=other)).json()
    assert [(x["medewerker"], x["tot"] is None) for x in seen["medewerkers"]] == [
        ("worker-1", False), ("worker-2", True)]
    assert_problem(await client.get(path, headers=WORKER), 404)
    # The team lead sees the team's casussen and can assign.
    lead = bearer("buurtteam", subject="lead-1", scopes=("dossiers:toewijzen",))
    await post(client, f"/meldingen/{m['id']}/medewerkers",
               {"medewerker": "worker-1", "reden": "terug na gesprek met inwoner"}, headers=lead)
    assert (await client.get(path, headers=WORKER)).status_code == 200
    mine = (await client.get("/api/v1/meldingen", headers=other)).json()["items"]
    assert [x["id"] for x in mine] == [m["id"]]


async def test_anonymous_information_contacts_have_no_dossier(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    r = await post(client, "/informatie-contacten",
                   {"kanaal": "buurtteam", "onderwerp": "waar is de voedselbank?",
                    "wijk": "Overvecht"})
    assert r["wijk"] == "Overvecht" and "clientId" not in r
    assert await row_counts(app) == {"clients": 0, "meldingen": 0, "outbox": 0, "audit_log": 0}


async def test_deadline_signals_are_published_once(client: httpx.AsyncClient,
                                                   app: FastAPI) -> None:
    rt = app.state.runtime
    m = await post(client, "/meldingen", melding())  # 23 April 2026: first contact by 1 May

    async def scan(on: date) -> list[tuple[str, str, str]]:
        async with rt.unit_of_work() as uow:
            await signalen.scan(uow, on, 2)
        return [(k, e["soort"], e["uiterlijk"]) for k, e in await events(app)
                if k.startswith("termijn")]

    assert await scan(date(2026, 4, 27)) == []
    near_plan = ("termijn-nadert", "persoonlijk-plan", "2026-04-30")
    near_contact = ("termijn-nadert", "eerste-contact", "2026-05-01")
    assert await scan(date(2026, 4, 28)) == [near_plan]
    assert await scan(date(2026, 4, 29)) == [near_plan, near_contact]
    assert await scan(date(2026, 4, 30)) == [near_plan, near_contact]  # nothing twice
    await post(client, f"/meldingen/{m['id']}/eerste-contacten", {"contactOp": "2026-04-30"})
    passed = await scan(date(2026, 5, 4))
    assert passed == [near_plan, near_contact,
                      ("termijn-verstreken", "persoonlijk-plan", "2026-04-30")]
    # A scan that finds a deadline already passed gives 'verstreken' only.
    assert await scan(date(2026, 6, 5)) == [
        *passed, ("termijn-verstreken", "onderzoek", "2026-06-04")]
    # Through the API: systems only, never in the future.
    system = bearer("systeem", subject="ops", team=None)
    r = await client.post("/api/v1/termijnscans", json={"peildatum": "2099-01-01"},
                          headers=system)
    assert_problem(r, 422)
    assert_problem(await client.post("/api/v1/termijnscans", json={}, headers=WORKER), 403)
    r = await client.post("/api/v1/termijnscans", json={}, headers=system)
    assert r.status_code == 201 and r.json()["signalen"] == 0


async def test_a_step_with_an_impossible_date_changes_nothing(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    m = await post(client, "/meldingen", melding())
    before = await events(app)
    for body in ({"contactOp": "2026-04-22"}, {"contactOp": "2999-01-01"},
                 {"contactOp": "2026-13-01"}, {"vorm": "x" * 41}):
        r = await client.post(f"/api/v1/meldingen/{m['id']}/eerste-contacten", json=body,
                              headers=WORKER)
        assert_problem(r, 422)
    assert (await client.get(f"/api/v1/meldingen/{m['id']}", headers=WORKER)).json()[
        "status"] == "ontvangen"
    assert await events(app) == before


async def test_the_background_watcher_signals_passed_deadlines(
        client: httpx.AsyncClient, app: FastAPI) -> None:
    gemeld = date.today() - timedelta(days=60)
    await post(client, "/meldingen", melding(gemeldOp=gemeld.isoformat()))
    rt = app.state.runtime
    job = deadline_watcher(ToegangSettings(termijn_scan_interval_s=0.05,
                                           termijn_nadert_werkdagen=2))
    async with every(job.interval_s, functools.partial(rt.run_job, job), job.name):
        for _ in range(100):
            found = [e["soort"] for k, e in await events(app) if k == "termijn-verstreken"]
            if len(found) == 3:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)  # a few more rounds: still nothing twice
    found = [e["soort"] for k, e in await events(app) if k == "termijn-verstreken"]
    assert sorted(found) == ["eerste-contact", "onderzoek", "persoonlijk-plan"]
