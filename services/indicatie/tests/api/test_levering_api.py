"""Beschikking with products, eenvoudig maatwerk, toewijzing and delivery, bezwaar, CAK,
documents and the deadline scan, over the API on a real PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from indicatie.service import signalen
from wmokernel.auth import issue_dev_token
from wmokernel.runtime import ServiceRuntime
from wmokernel.settings import KernelSettings

from ..conftest import bearer
from .test_aanvraag_checks import deliver, melding
from .test_aanvragen import count, deliver_verwijzing

CLERK = bearer("gemeente")
CLERK_2 = bearer("gemeente", subject="clerk-2")
AB = "02A05"  # ambulante begeleiding, from 2024
OVERVECHT_AANBIEDER = "75750102"  # the accountable provider of Overvecht in the reference data


async def scan_termijnen(runtime: ServiceRuntime, peildatum: date) -> int:
    """One round of the deadline scan job for ``peildatum``."""
    async with runtime.unit_of_work() as uow:
        return await signalen.scan_termijnen(uow, peildatum)


def ab_regel(**kw: Any) -> dict[str, Any]:
    base = {"productCode": AB, "leveringsvorm": "zin", "ingangsdatum": "2026-10-12",
            "einddatum": "2027-10-11", "volume": 4, "wijk": "Overvecht"}
    base.update(kw)
    return base


def aanbieder(agb: str) -> dict[str, str]:
    """A provider's planner; the provider's AGB code is the token's team claim."""
    token = issue_dev_token(KernelSettings(), f"planner-{agb}", ["aanbieder"], team=agb)
    return {"Authorization": f"Bearer {token}"}


async def event_types(app: FastAPI) -> list[str]:
    async with app.state.runtime.engine.connect() as conn:
        rows = await conn.scalars(sa.text("SELECT event_type FROM outbox ORDER BY id"))
        return [t.rsplit(".", 1)[1] for t in rows.all()]


async def beschik(client: httpx.AsyncClient, aanvraag_id: str, body: dict[str, Any],
                  headers: dict[str, str] = CLERK) -> httpx.Response:
    return await client.post(f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen", json=body,
                             headers=headers)


async def test_a_granted_product_is_assigned_started_changed_and_stopped(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 10, 1))
    r = await beschik(client, aanvraag_id, {
        "besluit": "toegekend", "motivering": "begeleiding bij de administratie",
        "afgegevenOp": "2026-10-08", "producten": [ab_regel()]})
    assert r.status_code == 201, r.text
    b = r.json()
    [product] = b["producten"]
    assert b["status"] == "afgegeven" and b["eigenBijdragePerMaandCents"] == 2100
    assert product["aanbieder"] == OVERVECHT_AANBIEDER and product["tariefCents"] == 7280
    assert product["omvang"] == {"volume": 4, "eenheid": "04", "frequentie": "2"}

    r = await client.get("/api/v1/cak-meldingen", headers=CLERK)
    [cak] = r.json()["items"]
    # 8 Oct 2026 + 1 month = Sunday 8 November → Monday 9 November.
    assert cak["meldenUiterlijk"] == "2026-11-09" and cak["status"] == "klaar"
    r = await client.get("/api/v1/cak-meldingen", headers={**CLERK, "Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv") and AB in r.text
    r = await client.post(f"/api/v1/cak-meldingen/{cak['id']}/verzending",
                          json={"gemeldOp": "2026-11-02"}, headers=CLERK)
    assert r.status_code == 200 and r.json()["status"] == "gemeld"

    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": "2026-10-08"})
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["aanbieder"] == OVERVECHT_AANBIEDER and t["herbeoordelingOp"] == "2027-08-16"
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": "2026-10-08"})
    assert r.status_code == 409, "one running toewijzing per granted product"

    other, own = aanbieder("75750101"), aanbieder(OVERVECHT_AANBIEDER)
    path = f"/api/v1/toewijzingen/{t['id']}"
    r = await client.post(f"{path}/start", json={"startdatum": "2026-10-13"}, headers=other)
    assert r.status_code == 404, "another provider does not see this toewijzing"
    r = await client.post(f"{path}/start", json={"startdatum": "2026-10-13"}, headers=own)
    assert r.status_code == 200, r.text
    assert r.json()["wachtdagen"] == 12  # verwijzing 1 Oct → start 13 Oct: within 14 days
    r = await client.post(f"{path}/intensiteit-wijzigingen", headers=own,
                          json={"volume": 25, "ingangsdatum": "2026-11-02", "reden": "meer"})
    assert r.status_code == 422, "above the product maximum needs a new beschikking"
    r = await client.post(f"{path}/intensiteit-wijzigingen", headers=own,
                          json={"volume": 6, "ingangsdatum": "2026-11-02", "reden": "zwaarder"})
    assert r.status_code == 200, r.text
    # iWmo: no other omvang within one toewijzing; a new one (new nummer) follows it.
    nieuw = r.json()
    assert nieuw["omvang"]["volume"] == 6 and nieuw["id"] != t["id"]
    assert (nieuw["ingangsdatum"], nieuw["einddatum"], nieuw["vorigeToewijzingId"],
            nieuw["status"]) == ("2026-11-02", "2027-10-11", t["id"], "toegewezen")
    assert nieuw["nummer"] != t["nummer"]
    oud = (await client.get(path, headers=own)).json()
    assert (oud["einddatum"], oud["redenWijziging"], oud["opvolgerId"], oud["status"]) == (
        "2026-11-01", "12", nieuw["id"], "gestart"), "ended on the provider's initiative"
    r = await client.post(f"{path}/intensiteit-wijzigingen", headers=own,
                          json={"volume": 8, "ingangsdatum": "2026-11-09", "reden": "nog meer"})
    assert r.status_code == 409, "a replaced toewijzing is changed through its successor"
    r = await client.post(f"{path}/stop", headers=own,
                          json={"stopdatum": "2026-10-01", "redenBeeindiging": "37"})
    assert r.status_code == 422, "a stop before the start"
    r = await client.post(f"{path}/stop", headers=own,
                          json={"stopdatum": "2026-11-20", "redenBeeindiging": "37"})
    assert r.status_code == 422, "a stop after the einddatum of the toewijzing"
    r = await client.post(f"{path}/stop", headers=own,
                          json={"stopdatum": "2026-11-01", "redenBeeindiging": "37"})
    assert r.status_code == 200 and r.json()["status"] == "gestopt"
    r = await client.post(f"{path}/start", json={"startdatum": "2026-11-02"}, headers=own)
    assert r.status_code == 409, "a replaced toewijzing does not restart"

    volgend = f"/api/v1/toewijzingen/{nieuw['id']}"
    r = await client.post(f"{volgend}/start", json={"startdatum": "2026-11-02"}, headers=own)
    assert r.status_code == 200 and r.json()["wachtdagen"] is None, "no new wait"
    r = await client.post(f"{volgend}/stop", headers=own,
                          json={"stopdatum": "2026-11-10", "redenBeeindiging": "20"})
    assert r.status_code == 200 and r.json()["status"] == "gestopt"
    r = await client.post(f"{volgend}/start", json={"startdatum": "2026-11-10"}, headers=own)
    assert r.status_code == 422, "a restart comes after the stop"
    r = await client.post(f"{volgend}/start", json={"startdatum": "2026-11-16"}, headers=own)
    assert r.status_code == 200 and r.json()["status"] == "gestart", "restart after a pause"
    assert r.json()["startdatum"] == "2026-11-02", "the first start stays the start"
    r = await client.post(f"{volgend}/stop", headers=own,
                          json={"stopdatum": "2026-11-20", "redenBeeindiging": "19"})
    assert r.status_code == 200 and r.json()["stopdatum"] == "2026-11-20"

    assert await event_types(app) == [
        "aanvraag-ontvangen", "beschikking-afgegeven", "cak-melding-gedaan",
        "toewijzing-gedaan", "levering-gestart", "toewijzing-gedaan", "toewijzing-gewijzigd",
        "intensiteit-gewijzigd", "levering-gestopt", "levering-gestart", "levering-gestopt",
        "levering-gestart", "levering-gestopt"]
    async with app.state.runtime.engine.connect() as conn:
        starts = (await conn.execute(sa.text(
            "SELECT body FROM outbox WHERE event_type LIKE '%levering-gestart' ORDER BY id"
        ))).scalars().all()
    assert [json.loads(bytes(b))["vervolg"] for b in starts] == [False, True, True], \
        "the successor's start and the restart are no new wait"
    async with app.state.runtime.engine.connect() as conn:
        gemeld = (await conn.execute(sa.text(
            "SELECT body FROM outbox WHERE event_type LIKE '%levering-gest%' ORDER BY id"
        ))).scalars().all()
    assert {json.loads(bytes(b))["gemeldOp"] for b in gemeld} == {date.today().isoformat()}, \
        "each start and stop carries the day the provider's call came in"


async def test_pgb_without_its_conditions_is_refused_and_nothing_written(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 10, 1))
    pgb = {"motiveringZinPastNiet": "eigen hulp", "budgetBeheerbaar": True,
           "kwaliteitGewaarborgd": False}
    for regel in (ab_regel(leveringsvorm="pgb", wijk=None),
                  ab_regel(leveringsvorm="pgb", wijk=None, pgb=pgb)):
        r = await beschik(client, aanvraag_id, {"besluit": "toegekend", "motivering": "m",
                                                "afgegevenOp": "2026-10-08",
                                                "producten": [regel]})
        assert r.status_code == 422 and "PGB" in r.json()["detail"], r.text
        assert r.headers["content-type"] == "application/problem+json"
    r = await beschik(client, aanvraag_id, {
        "besluit": "toegekend", "motivering": "m", "afgegevenOp": "2026-10-08",
        "producten": [ab_regel(leveringsvorm="pgb", wijk=None,
                               pgb={**pgb, "kwaliteitGewaarborgd": True})]})
    assert r.status_code == 201, r.text
    assert r.json()["producten"][0]["pgb"]["budgetBeheerbaar"] is True
    assert await count(app, "beschikkingen") == 1 and await count(app, "beschikte_producten") == 1


async def test_bad_input_leaves_nothing_behind(client: httpx.AsyncClient, app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 10, 1))
    logged = await count(app, "audit_log")  # the aanvraag opened from the verwijzing
    bodies: list[dict[str, Any]] = [
        # a product outside its validity dates: individuele begeleiding ended in 2023
        {"besluit": "toegekend", "motivering": "m", "afgegevenOp": "2026-10-08",
         "producten": [ab_regel(), ab_regel(productCode="02A01", wijk=None,
                                            aanbieder="75750101")]},
        # an algemene voorziening needs no beschikking
        {"besluit": "toegekend", "motivering": "m", "producten": [
            ab_regel(productCode="06A01", wijk=None, aanbieder="75750101")]},
        {"besluit": "afgewezen", "motivering": "m", "producten": [ab_regel()]},
        {"besluit": "toegekend", "motivering": "m", "producten": [ab_regel(volume=0)]},
        {"besluit": "toegekend", "motivering": "m", "producten": [ab_regel(onbekend=1)]},
    ]
    for body in bodies:
        r = await beschik(client, aanvraag_id, body)
        assert r.status_code == 422 and r.json()["detail"], r.text
    assert "not valid on 2026-10-12" in (await beschik(client, aanvraag_id, bodies[0])).text
    for table in ("beschikkingen", "beschikte_producten", "cak_meldingen"):
        assert await count(app, table) == 0, table
    assert await count(app, "audit_log") == logged
    assert await event_types(app) == ["aanvraag-ontvangen"]
    r = await client.get(f"/api/v1/aanvragen/{aanvraag_id}", headers=CLERK)
    assert r.json()["status"] == "ontvangen"


async def test_eenvoudig_maatwerk_needs_two_different_people(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 10, 1))
    afwijkend = {"besluit": "toegekend", "motivering": "vertrouwde begeleider",
                 "afgegevenOp": "2026-10-08", "producten": [ab_regel(aanbieder="75750101")]}
    r = await beschik(client, aanvraag_id, afwijkend)
    assert r.status_code == 422 and "eenvoudig maatwerk" in r.json()["detail"]
    r = await beschik(client, aanvraag_id, {
        **afwijkend, "eenvoudigMaatwerk": {"reden": "de cliënt kent deze begeleider al"}})
    assert r.status_code == 201, r.text
    b = r.json()
    assert b["status"] == "ter-goedkeuring" and b["afgegevenOp"] is None and b["afwijkingen"]
    r = await beschik(client, aanvraag_id, {"besluit": "afgewezen", "motivering": "m"},
                      headers=CLERK_2)
    assert r.status_code == 409, "the aanvraag awaits the approval"

    path = f"/api/v1/beschikkingen/{b['id']}"
    r = await client.post(f"{path}/goedkeuring", json={}, headers=CLERK)
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    r = await client.post(f"{path}/goedkeuring", json={}, headers=bearer("wmo-loket"))
    assert r.status_code == 403
    r = await client.post(f"{path}/goedkeuring", json={"beoordeeldOp": "2026-10-09"},
                          headers=CLERK_2)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "afgegeven" and r.json()["goedgekeurdDoor"] == "clerk-2"
    assert r.json()["afgegevenOp"] == "2026-10-09"
    r = await client.post(f"{path}/goedkeuring", json={}, headers=CLERK_2)
    assert r.status_code == 409
    assert await event_types(app) == ["aanvraag-ontvangen", "beschikking-ter-goedkeuring",
                                      "beschikking-afgegeven"]


async def test_refused_maatwerk_reopens_the_aanvraag(client: httpx.AsyncClient,
                                                     app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 10, 1))
    r = await beschik(client, aanvraag_id, {
        "besluit": "toegekend", "motivering": "m", "afgegevenOp": "2026-10-08",
        "producten": [ab_regel(volume=30)], "eenvoudigMaatwerk": {"reden": "veel nodig"}})
    assert r.status_code == 201
    r = await client.post(f"/api/v1/beschikkingen/{r.json()['id']}/afkeuring", json={},
                          headers=CLERK_2)
    assert r.status_code == 200 and r.json()["status"] == "afgekeurd"
    r = await beschik(client, aanvraag_id, {"besluit": "toegekend", "motivering": "m",
                                            "afgegevenOp": "2026-10-12",
                                            "producten": [ab_regel()]})
    assert r.status_code == 201, r.text


async def test_a_gegrond_bezwaar_leads_to_a_new_beschikking(client: httpx.AsyncClient,
                                                            app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 10, 1))
    r = await beschik(client, aanvraag_id, {"besluit": "afgewezen", "motivering": "netwerk",
                                            "afgegevenOp": "2026-10-08"})
    old = r.json()
    # 8 Oct 2026 + 6 weeks = Thursday 19 November
    assert old["bezwaarUiterlijk"] == "2026-11-19"
    r = await client.post("/api/v1/bezwaren", headers=CLERK, json={
        "beschikkingId": old["id"], "ingediendOp": "2026-10-20", "adviescommissie": True})
    assert r.status_code == 201, r.text
    bezwaar = r.json()
    # 12 weeks from the day after 19 November 2026: Thursday 11 February 2027
    assert bezwaar["binnenTermijn"] and bezwaar["beslissenUiterlijk"] == "2027-02-11"
    r = await client.post("/api/v1/bezwaren", headers=CLERK, json={
        "beschikkingId": old["id"], "ingediendOp": "2026-10-21"})
    assert r.status_code == 409, "one open bezwaar per beschikking"
    r = await beschik(client, aanvraag_id, {"besluit": "toegekend", "motivering": "m"})
    assert r.status_code == 409, "no new beschikking before the bezwaar is decided"
    r = await client.post(f"/api/v1/bezwaren/{bezwaar['id']}/beslissing", headers=CLERK,
                          json={"uitkomst": "gegrond", "beslotenOp": "2026-11-10",
                                "motivering": "het netwerk is overbelast"})
    assert r.status_code == 200 and r.json()["status"] == "beslist"
    r = await beschik(client, aanvraag_id, {"besluit": "toegekend", "motivering": "herzien",
                                            "afgegevenOp": "2026-11-12",
                                            "producten": [ab_regel(ingangsdatum="2026-11-16")]})
    assert r.status_code == 201, r.text
    assert r.json()["vervangtBeschikkingId"] == old["id"]
    r = await client.get(f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen", headers=CLERK)
    assert [b["status"] for b in r.json()["items"]] == ["herzien", "afgegeven"]
    types = await event_types(app)
    assert types[-3:] == ["bezwaar-ingediend", "bezwaar-beslist", "beschikking-afgegeven"]


async def test_the_beschikking_document_in_html_and_pdf(client: httpx.AsyncClient,
                                                        app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 10, 1))
    r = await beschik(client, aanvraag_id, {"besluit": "toegekend", "motivering": "past goed",
                                            "afgegevenOp": "2026-10-08",
                                            "producten": [ab_regel()]})
    path = f"/api/v1/beschikkingen/{r.json()['id']}/document"
    r = await client.get(path, headers={**CLERK, "Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Ambulante begeleiding" in r.text and "19 november 2026" in r.text
    r = await client.get(path, headers={**CLERK, "Accept": "application/pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF-1.4")
    r = await client.get(path, headers={**CLERK, "Accept": "application/xml"})
    assert r.status_code == 406 and r.headers["content-type"] == "application/problem+json"
    r = await client.get(path, headers=bearer("buurtteam"))
    assert r.status_code == 403


async def test_the_deadline_scan_signals_once_per_deadline(client: httpx.AsyncClient,
                                                          app: FastAPI) -> None:
    await deliver_verwijzing(app, date(2026, 5, 1))  # beslissen uiterlijk Friday 15 May
    rt = app.state.runtime
    assert await scan_termijnen(rt, date(2026, 5, 11)) == 0
    assert await scan_termijnen(rt, date(2026, 5, 12)) == 1
    assert await scan_termijnen(rt, date(2026, 5, 13)) == 0, "idempotent per signal"
    assert await scan_termijnen(rt, date(2026, 5, 16)) == 1
    assert await scan_termijnen(rt, date(2026, 5, 17)) == 0
    assert await event_types(app) == ["aanvraag-ontvangen", "termijn-nadert",
                                      "termijn-verstreken"]


async def test_deadline_signals_for_bezwaar_and_cak(client: httpx.AsyncClient,
                                                    app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 9, 1))
    r = await beschik(client, aanvraag_id, {"besluit": "toegekend", "motivering": "m",
                                            "afgegevenOp": "2026-09-08",
                                            "producten": [ab_regel(ingangsdatum="2026-09-14")]})
    r = await client.post("/api/v1/bezwaren", headers=CLERK, json={
        "beschikkingId": r.json()["id"], "ingediendOp": "2026-09-20"})
    assert r.json()["beslissenUiterlijk"] == "2026-12-01"  # 20 Oct + 6 weeks
    rt = app.state.runtime
    # CAK: 8 September + 1 month = Thursday 8 October
    assert await scan_termijnen(rt, date(2026, 10, 9)) == 1
    assert await scan_termijnen(rt, date(2026, 12, 2)) == 1
    async with rt.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT soort, signaal FROM termijnsignalen ORDER BY id"))).all()
    assert [tuple(r) for r in rows] == [("cak-melding", "verstreken"),
                                        ("bezwaar-beslistermijn", "verstreken")]


async def test_an_aanvraag_filed_directly(client: httpx.AsyncClient, app: FastAPI) -> None:
    client_id = "p-" + "cd" * 16
    await deliver(app, melding(client_id, date(2026, 9, 1)))
    base = {"clientId": client_id, "ontvangenOp": "2026-10-14"}
    r = await client.post("/api/v1/aanvragen", headers=bearer("buurtteam"),
                          json={**base, "grond": "na-onderzoek"})
    assert r.status_code == 403
    r = await client.post("/api/v1/aanvragen", headers=CLERK, json={
        **base, "grond": "onderzoek-termijn-verstreken", "gemeldOp": "2026-09-02"})
    assert r.status_code == 422 and "6-week" in r.json()["detail"]  # term ends 14 Oct
    r = await client.post("/api/v1/aanvragen", headers=CLERK, json={
        **base, "grond": "onderzoek-termijn-verstreken", "gemeldOp": "2026-09-01"})
    assert r.status_code == 201, r.text
    assert r.json()["beslissenUiterlijk"] == "2026-10-28"
    r = await client.post("/api/v1/aanvragen", headers=CLERK, json={**base, "grond": "spoed"})
    assert r.status_code == 422
    r = await client.post("/api/v1/aanvragen", headers=bearer("wmo-loket"), json={
        **base, "grond": "spoed",
        "tijdelijkeVoorziening": {"productCode": "01A01", "van": "2026-10-14"}})
    assert r.status_code == 201 and r.json()["spoed"] is True
    assert await count(app, "aanvragen") == 2


async def test_suspending_the_decision_term(client: httpx.AsyncClient, app: FastAPI) -> None:
    aanvraag_id = await deliver_verwijzing(app, date(2026, 5, 1))
    path = f"/api/v1/aanvragen/{aanvraag_id}/opschortingen"
    body = {"van": "2026-05-04", "totEnMet": "2026-05-13", "reden": "medisch advies opvragen"}
    r = await client.post(path, json=body, headers=CLERK)
    assert r.status_code == 201, r.text
    # 15 May + 10 days = Monday 25 May, Tweede Pinksterdag → Tuesday 26 May
    assert r.json()["beslissenUiterlijk"] == "2026-05-26"
    r = await client.post(path, json={**body, "van": "2026-05-13"}, headers=CLERK)
    assert r.status_code == 409, "overlapping suspension"
    assert await event_types(app) == ["aanvraag-ontvangen", "beslistermijn-opgeschort"]


async def test_the_catalogue_is_versioned_by_date(client: httpx.AsyncClient) -> None:
    async def catalogus(peildatum: str) -> dict[str, Any]:
        r = await client.get("/api/v1/producten", params={"peildatum": peildatum},
                             headers=bearer("aanbieder"))
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body
    c2023, c2024, c2025 = [await catalogus(d) for d in ("2023-06-01", "2024-06-01",
                                                         "2025-06-01")]
    codes = {p["code"] for p in c2024["items"]}
    assert "02A05" in codes and "02A01" not in codes
    assert "02A01" in {p["code"] for p in c2023["items"]}
    by_code = {p["code"]: p for p in c2024["items"]}
    assert by_code["02A05"]["tariefCents"] == 6800
    assert by_code["02A05"]["wijkVerantwoordelijken"]["overvecht"] == OVERVECHT_AANBIEDER
    assert by_code["07A01"]["standaardVolume"] == 4
    assert {p["code"]: p for p in c2025["items"]}["07A01"]["standaardVolume"] == 2
    assert (c2024["abonnementstariefCents"], c2025["abonnementstariefCents"]) == (2060, 2100)
