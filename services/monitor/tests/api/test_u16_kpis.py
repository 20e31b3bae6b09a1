"""A U16 municipality reads its own residents' opvang and beschermd wonen KPIs in the API
(real PostgreSQL): scoped to the municipality in its token whatever it asks, small numbers
hidden, Utrecht's own KPIs refused; and a KPI without ``jaar`` is about the current year.

This year: Zeist (0355) has 7 residents taken in on 10 January after 30 days, 6 of whom left
on 15 February; Houten (0321) 5 taken in after 120 days; Bunnik (0312) 2 after 30 days.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from devstack.testing import MakeDatabase
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import EventPayload
from wmokernel.events import opvang as opv
from wmokernel.events import toegang as tg
from wmokernel.settings import KernelSettings

from .helpers import projected_app

JAAR = date.today().year
ZEIST, HOUTEN, BUNNIK = "0355", "0321", "0312"
OPGENOMEN, UIT = date(JAAR, 1, 10), date(JAAR, 2, 15)


def bearer(role: str, gemeente: str | None) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(
        KernelSettings(), f"{role}-{gemeente}", (role,), gemeente=gemeente)}


def opname(i: int, gemeente: str, wacht: int, uit: date | None) -> list[EventPayload]:
    common: dict[str, Any] = dict(
        aanmelding_id=uuid.uuid4(), client_id=f"p-{i:032x}", gemeente=gemeente,
        plaatsing_id=uuid.uuid4(), vorm=opv.OpvangVormDetail.BESCHERMD_VERBLIJF,
        locatie_id=uuid.uuid4(), locatie_gemeente="0344", bovenregionaal=False, capaciteit=20)
    out: list[EventPayload] = [opv.ClientOpgenomen(
        **common, verwezen_op=OPGENOMEN - timedelta(days=wacht), opgenomen_op=OPGENOMEN,
        wachtdagen=wacht, norm_dagen=91, binnen_norm=wacht <= 91)]
    if uit is not None:
        out.append(opv.ClientUitgestroomd(
            **common, opgenomen_op=OPGENOMEN, uitgestroomd_op=uit,
            verblijfsdagen=(uit - OPGENOMEN).days,
            bestemming=opv.UitstroomBestemming.ZELFSTANDIG_WONEN))
    return out


def scenario() -> list[EventPayload]:
    events: list[EventPayload] = []
    for i in range(7):
        events += opname(i, ZEIST, 30, UIT if i < 6 else None)
    for i in range(7, 12):
        events += opname(i, HOUTEN, 120, None)
    for i in range(12, 14):
        events += opname(i, BUNNIK, 30, None)
    for i in range(6):  # Utrecht's buurtteam: not kept per municipality
        op = date(JAAR, 1, 5 + i)
        events.append(tg.MeldingOntvangen(
            melding_id=uuid.uuid4(), client_id=f"p-{20 + i:032x}", kanaal=tg.Kanaal.BUURTTEAM,
            gemeld_op=op, wijk="overvecht", eerste_contact_uiterlijk=op + timedelta(days=7),
            onderzoek_uiterlijk=op + timedelta(weeks=6)))
    return events


@pytest.fixture
async def http(make_database: MakeDatabase) -> Any:
    app = await projected_app(make_database, "u16_kpis", scenario())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x") as client:
        yield client


async def cells(http: httpx.AsyncClient, kpi: str, who: dict[str, str],
                **params: Any) -> list[tuple[str, str, int | None, float | None]]:
    r = await http.get(f"/api/v1/kpis/{kpi}", params=params, headers=who)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["jaar"] == params.get("jaar", JAAR)
    return [(c["periode"], c["groep"], c["aantal"], c["waarde"]) for c in body["cellen"]]


async def test_zeist_reads_its_own_residents_figures_whatever_it_asks(
        http: httpx.AsyncClient) -> None:
    zeist = bearer("u16-gemeente", ZEIST)
    assert await cells(http, "wachttijd-opname", zeist) == [(str(JAAR), "totaal", 7, 30.0)]
    # per municipality it gets its own group only, never Houten's or Bunnik's
    assert await cells(http, "wachttijd-opname", zeist, dimensie="gemeente") == [
        (str(JAAR), ZEIST, 7, 30.0)]
    assert await cells(http, "uitstroom-opvang", zeist) == [(str(JAAR), "totaal", 6, 6.0)]
    kwartalen = await cells(http, "bezetting-opvang", zeist, periode="kwartaal")
    # 1 of Zeist's residents stays after February: a small number, hidden
    assert [(k, n) for k, _, n, _ in kwartalen] == [
        (f"{JAAR}-Q1", None), (f"{JAAR}-Q2", None), (f"{JAAR}-Q3", None), (f"{JAAR}-Q4", None)]
    r = await http.get("/api/v1/kpis/wachttijd-opname", headers=zeist)
    assert r.json()["onderdrukt"] is True


async def test_small_numbers_are_hidden_for_a_small_municipality(
        http: httpx.AsyncClient) -> None:
    assert await cells(http, "wachttijd-opname", bearer("u16-gemeente", BUNNIK)) == [
        (str(JAAR), "totaal", None, None)]
    assert await cells(http, "wachttijd-opname", bearer("u16-gemeente", HOUTEN)) == [
        (str(JAAR), "totaal", 5, 120.0)]


async def test_a_u16_municipality_gets_no_utrecht_kpi_and_lists_only_its_own(
        http: httpx.AsyncClient) -> None:
    zeist = bearer("u16-gemeente", ZEIST)
    for path in ("/api/v1/kpis/nieuwe-casussen", "/api/v1/kpis/doorlooptijden"):
        r = await http.get(path, headers=zeist)
        assert r.status_code == 403, r.text
        assert r.headers["content-type"] == "application/problem+json"
    r = await http.get("/api/v1/kpis", headers=zeist)
    assert r.status_code == 200
    assert {k["id"] for k in r.json()["items"]} == {
        "wachttijd-opname", "wachtenden-opvang", "bezetting-opvang", "uitstroom-opvang"}
    r = await http.get("/api/v1/kpis/wachttijd-opname", headers=bearer("u16-gemeente", None))
    assert r.status_code == 403


async def test_without_jaar_a_kpi_is_this_years_for_everyone(http: httpx.AsyncClient) -> None:
    gemeente = bearer("gemeente", "0344")
    assert await cells(http, "nieuwe-casussen", gemeente) == [(str(JAAR), "totaal", 6, 6.0)]
    assert await cells(http, "wachttijd-opname", gemeente) == [
        (str(JAAR), "totaal", 14, 62.1)]  # 870 days / 14
    assert await cells(http, "wachttijd-opname", gemeente, jaar=JAAR - 1) == []
    viewer = bearer("monitor-viewer", None)
    assert await cells(http, "wachttijd-opname", viewer, dimensie="gemeente") == [
        (str(JAAR), BUNNIK, None, None), (str(JAAR), HOUTEN, 5, 120.0),
        (str(JAAR), ZEIST, 7, 30.0)]


async def test_the_openapi_document_says_the_default_year_and_the_403(
        http: httpx.AsyncClient) -> None:
    doc = (await http.get("/api/v1/openapi.json")).json()
    op = doc["paths"]["/kpis/{kpiId}"]["get"]
    jaar = next(p for p in op["parameters"] if p["name"] == "jaar")
    assert "default: the current year" in jaar["description"]
    assert jaar.get("required") is not True
    assert "403" in op["responses"]
