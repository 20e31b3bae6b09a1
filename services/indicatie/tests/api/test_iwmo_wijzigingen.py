"""Changes in the iWmo berichtenverkeer over the API on a real PostgreSQL: a verzoek om
wijziging granted (WMO317 → WMO301 with RedenWijziging 12), the gemeente changing the omvang
after a new beschikking (old toewijzing ended, a new ToewijzingNummer follows), withdrawn
starts and stops (StatusAanlevering 3), a restart after a temporary stop, and the rules on
declared product periods and budgets. Every WMO301 is checked against the official XSD."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from fastapi import FastAPI
from indicatie.app import create_app
from indicatie.iwmo.xsd import Schemas, iwmo_dir
from indicatie.service.toegang_events import on_toegang_event
from indicatie.settings import IndicatieSettings
from lxml import etree
from wmokernel.catalogue import VerwijzingGedaan

from ..domain.test_iwmo_berichten import needs_xsd, wmo305, wmo307, wmo317, wmo323
from .test_iwmo_api import (
    AGB,
    BSN,
    CLERK,
    CLIENT,
    PROVIDER,
    TODAY,
    FakeToegang,
    codes,
    compose,
    day,
    events,
    maand_van,
    post,
)

pytestmark = needs_xsd


@pytest.fixture
async def app(make_database: MakeDatabase) -> AsyncIterator[FastAPI]:
    url = await make_database("indicatie", "indicatie")
    toegang = FakeToegang()
    application = create_app(IndicatieSettings(database_url=url), bsn_bron=toegang)
    application.state.toegang = toegang
    yield application
    await application.state.runtime.engine.dispose()

NS = {"w": "http://www.istandaarden.nl/iwmo/3_2/wmo301/schema",
      "iwmo": "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"}


async def beschik(client: httpx.AsyncClient, app: FastAPI, *, ingang: date, volume: int = 4,
                  einddatum: date | None = None, afgegeven: date | None = None) -> dict[str, Any]:
    """A verwijzing for CLIENT and a beschikking granting ambulante begeleiding (02A05) in
    Overvecht, so from AGB; every call is a new aanvraag."""
    runtime = app.state.runtime
    melding_id = uuid.uuid4()
    event = VerwijzingGedaan(verwijzing_id=uuid.uuid4(), melding_id=melding_id,
                             client_id=CLIENT, verwezen_op=day(45),
                             gemeld_op=day(50)).to_cloudevent("/wmo/toegang")
    async with runtime.unit_of_work() as uow:
        await on_toegang_event(uow, event)
    r = await client.get("/api/v1/aanvragen", headers=CLERK,
                         params={"meldingId": str(melding_id)})
    [aanvraag] = r.json()["items"]
    regel: dict[str, Any] = {"productCode": "02A05", "leveringsvorm": "zin", "volume": volume,
                             "ingangsdatum": ingang.isoformat(), "wijk": "Overvecht"}
    if einddatum is not None:
        regel["einddatum"] = einddatum.isoformat()
    r = await client.post(f"/api/v1/aanvragen/{aanvraag['id']}/beschikkingen", headers=CLERK,
                          json={"besluit": "toegekend", "motivering": "begeleiding",
                                "afgegevenOp": (afgegeven or day(35)).isoformat(),
                                "producten": [regel]})
    assert r.status_code == 201, r.text
    product: dict[str, Any] = r.json()["producten"][0]
    return product


async def toewijzing(client: httpx.AsyncClient, product: dict[str, Any],
                     **extra: Any) -> dict[str, Any]:
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": day(34).isoformat(), **extra})
    assert r.status_code == 201, r.text
    t: dict[str, Any] = r.json()
    return t


async def laatste_wmo301(client: httpx.AsyncClient) -> etree._Element:
    """The newest WMO301 in the provider's mailbox, validated against the official XSD."""
    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=PROVIDER)
    bericht = [b for b in r.json()["items"] if b["berichttype"] == "WMO301"][-1]
    r = await client.get(bericht["xml"], headers={**PROVIDER, "Accept": "application/xml"})
    root = etree.fromstring(r.content)
    Schemas(iwmo_dir()).validate("WMO301", root)
    return root


def producten(root: etree._Element) -> dict[int, dict[str, str | None]]:
    """Per ToewijzingNummer the fields of its ToegewezenProduct."""
    out = {}
    for tp in root.iterfind("w:Client/w:ToegewezenProducten/w:ToegewezenProduct", NS):
        out[int(tp.findtext("w:ToewijzingNummer", namespaces=NS) or 0)] = {
            "ingang": tp.findtext("w:Ingangsdatum", namespaces=NS),
            "eind": tp.findtext("w:Einddatum", namespaces=NS),
            "reden": tp.findtext("w:RedenWijziging", namespaces=NS),
            "referentie": tp.findtext("w:ReferentieAanbieder", namespaces=NS),
            "volume": tp.findtext("w:Omvang/iwmo:Volume", namespaces=NS),
            "budget": tp.findtext("w:Budget", namespaces=NS)}
    return out


async def get_t(client: httpx.AsyncClient, t_id: str) -> dict[str, Any]:
    r = await client.get(f"/api/v1/toewijzingen/{t_id}", headers=CLERK)
    t: dict[str, Any] = r.json()
    return t


async def test_a_verzoek_om_wijziging_with_another_omvang_is_granted_with_a_new_toewijzing(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await beschik(client, app, ingang=day(28))
    t = await toewijzing(client, product)
    assert await compose(app) == 1
    nummer = t["nummer"]

    # From next week 6 hours instead of 4 (within the product maximum of 20).
    vow = wmo317(AGB, "W1", TODAY, BSN, "VOW-1", [], [], [(nummer, day(-7), None, 6)])
    r = await post(client, vow)
    assert codes(r) == ["0200"], r.text
    r = await post(client, wmo317(AGB, "W0", TODAY, BSN, "VOW-0", [], [],
                                  [(nummer, day(-7), None, None)]))
    assert codes(r) == ["9374", "9411"], "one is pending; a change without its omvang"
    [verzoek] = (await client.get("/api/v1/verzoeken", headers=CLERK)).json()["items"]
    path = f"/api/v1/verzoeken/{verzoek['id']}"
    r = await client.post(f"{path}/toewijzingen", headers=CLERK,
                          json={"beschiktProductId": product["id"]})
    assert r.status_code == 422, "a VOW is granted as a whole, not with one toewijzing"

    r = await client.post(f"{path}/wijzigingen", headers=CLERK, json={})
    assert r.status_code == 201, r.text
    [nieuw] = r.json()["items"]
    assert nieuw["omvang"]["volume"] == 6 and nieuw["vorigeToewijzingId"] == t["id"]
    assert (nieuw["ingangsdatum"], nieuw["nummer"] != nummer) == (day(-7).isoformat(), True)
    oud = await get_t(client, t["id"])
    assert (oud["einddatum"], oud["redenWijziging"], oud["opvolgerId"]) == (
        day(-6).isoformat(), "12", nieuw["id"])
    r = await client.post(f"{path}/wijzigingen", headers=CLERK, json={})
    assert r.status_code == 409, "answered already"

    # The WMO301: the full set, the old toewijzing ended with RedenWijziging 12.
    assert await compose(app) == 1
    snapshot = producten(await laatste_wmo301(client))
    assert snapshot == {
        nummer: {"ingang": day(28).isoformat(), "eind": day(-6).isoformat(), "reden": "12",
                 "referentie": "VOW-1", "volume": "4", "budget": None},
        nieuw["nummer"]: {"ingang": day(-7).isoformat(), "eind": None, "reden": None,
                          "referentie": "VOW-1", "volume": "6", "budget": None}}
    found = await events(app)
    [beantwoord] = [b for k, b in found if k == "verzoek-beantwoord"]
    assert (beantwoord["uitkomst"], beantwoord["soort"], beantwoord["binnenTermijn"]) == (
        "toegewezen", "vow", True)
    [gewijzigd] = [b for k, b in found if k == "toewijzing-gewijzigd"]
    assert (gewijzigd["toewijzingId"], gewijzigd["redenWijziging"], gewijzigd["opvolgerId"]) == (
        t["id"], "12", nieuw["id"])
    gedaan = [b for k, b in found if k == "toewijzing-gedaan"]
    assert [g["vorigeToewijzingId"] for g in gedaan] == [None, t["id"]]


async def test_a_verzoek_om_wijziging_ends_one_and_asks_a_new_product_of_a_new_beschikking(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await beschik(client, app, ingang=day(28))
    t = await toewijzing(client, product)
    assert await compose(app) == 1
    nummer = t["nummer"]
    later = await beschik(client, app, ingang=day(-30), volume=8)

    # The current one until day(-29) (same omvang: only its einddatum changes), and from
    # day(-30) a new toewijzing of 8 hours.
    vow = wmo317(AGB, "W1", TODAY, BSN, "VOW-1", [], [("02A05", day(-30), 8)],
                 [(nummer, day(28), day(-29), 4)])
    r = await post(client, vow)
    assert codes(r) == ["0200"], r.text
    [verzoek] = (await client.get("/api/v1/verzoeken", headers=CLERK)).json()["items"]
    path = f"/api/v1/verzoeken/{verzoek['id']}/wijzigingen"
    r = await client.post(path, headers=CLERK, json={})
    assert r.status_code == 422 and "02A05" in r.json()["detail"], "the new product's beschikking"
    r = await client.post(path, headers=CLERK, json={"beschiktProductIds": [later["id"]]})
    assert r.status_code == 201, r.text
    nieuw, zelfde = r.json()["items"]
    assert zelfde["id"] == t["id"] and zelfde["einddatum"] == day(-29).isoformat()
    assert (nieuw["beschiktProductId"], nieuw["omvang"]["volume"]) == (later["id"], 8)
    assert await compose(app) == 1
    snapshot = producten(await laatste_wmo301(client))
    assert snapshot[nummer] == {"ingang": day(28).isoformat(), "eind": day(-29).isoformat(),
                                "reden": "12", "referentie": "VOW-1", "volume": "4",
                                "budget": None}, "same nummer: only the einddatum changed"
    assert snapshot[nieuw["nummer"]]["ingang"] == day(-30).isoformat()
    assert snapshot[nieuw["nummer"]]["referentie"] == "VOW-1"
    assert len(snapshot) == 2


async def test_the_gemeente_changes_the_omvang_after_a_new_beschikking(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await beschik(client, app, ingang=day(28))
    t = await toewijzing(client, product)
    assert await compose(app) == 1
    r = await post(client, wmo305(AGB, "S1", TODAY, BSN, t["nummer"], "02", "02A05", day(28),
                                  day(20)))
    assert codes(r) == ["0200"]

    herzien = await beschik(client, app, ingang=day(5), volume=10)
    wijziging = f"/api/v1/toewijzingen/{t['id']}/wijzigingen"
    r = await client.post(wijziging, headers=PROVIDER, json={"ingangsdatum": day(5).isoformat()})
    assert r.status_code == 403, "the gemeente changes a toewijzing"
    r = await client.post(wijziging, headers=CLERK, json={
        "ingangsdatum": day(20).isoformat(), "beschiktProductId": herzien["id"]})
    assert r.status_code == 422, "not before the granted product of the new beschikking"
    r = await client.post(wijziging, headers=CLERK, json={
        "ingangsdatum": day(5).isoformat(), "beschiktProductId": herzien["id"]})
    assert r.status_code == 201, r.text
    nieuw = r.json()
    assert (nieuw["omvang"]["volume"], nieuw["ingangsdatum"], nieuw["status"]) == (
        10, day(5).isoformat(), "toegewezen")
    assert await compose(app) == 1
    snapshot = producten(await laatste_wmo301(client))
    assert snapshot[t["nummer"]]["eind"] == day(6).isoformat()
    assert snapshot[t["nummer"]]["reden"] == "05"
    assert snapshot[nieuw["nummer"]]["volume"] == "10"
    assert snapshot[nieuw["nummer"]]["reden"] is None

    # The provider stops the old one (reden 36: on the gemeente's initiative) and starts
    # the new one; that start is no new wait.
    r = await post(client, wmo307(AGB, "S2", TODAY, BSN, t["nummer"], "02", "02A05", day(28),
                                  day(20), day(4), reden="36"))
    assert codes(r) == ["0001"], "a stop after the toewijzing's einddatum"
    r = await post(client, wmo307(AGB, "S3", TODAY, BSN, t["nummer"], "02", "02A05", day(28),
                                  day(20), day(6), reden="36"))
    assert codes(r) == ["0200"]
    r = await post(client, wmo305(AGB, "S4", TODAY, BSN, t["nummer"], "02", "02A05", day(28),
                                  day(4)))
    assert codes(r) == ["9019"], "the replaced toewijzing does not restart"
    r = await post(client, wmo305(AGB, "S5", TODAY, BSN, nieuw["nummer"], "02", "02A05",
                                  day(5), day(5)))
    assert codes(r) == ["0200"]
    starts = [b for k, b in await events(app) if k == "levering-gestart"]
    assert [(s["toewijzingId"], s["vervolg"]) for s in starts] == [
        (t["id"], False), (nieuw["id"], True)]

    r = await client.post(f"/api/v1/toewijzingen/{nieuw['id']}/wijzigingen", headers=CLERK,
                          json={"ingangsdatum": day(5).isoformat(), "volume": 8})
    assert r.status_code == 422, "a started toewijzing is not withdrawn"


async def test_a_change_from_the_first_day_withdraws_a_toewijzing_never_started(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    """RedenWijziging 13 with einddatum = ingangsdatum; a declaratie on it gets 9384."""
    product = await beschik(client, app, ingang=day(40), volume=3)
    t = await toewijzing(client, product)
    assert await compose(app) == 1
    r = await client.post(f"/api/v1/toewijzingen/{t['id']}/wijzigingen", headers=CLERK,
                          json={"ingangsdatum": day(40).isoformat(), "volume": 2})
    assert r.status_code == 201, r.text
    nieuw = r.json()
    assert await compose(app) == 1
    snapshot = producten(await laatste_wmo301(client))
    assert snapshot == {
        t["nummer"]: {"ingang": day(40).isoformat(), "eind": day(40).isoformat(),
                      "reden": "13", "referentie": None, "volume": "3", "budget": None},
        nieuw["nummer"]: {"ingang": day(40).isoformat(), "eind": None, "reden": None,
                          "referentie": None, "volume": "2", "budget": None}}
    begin, eind = maand_van(TODAY, ingang=day(40))
    r = await post(client, wmo323(AGB, "D1", TODAY, "DEC1", begin, eind, [{
        "bsn": BSN, "ref": "R1", "toewijzing": t["nummer"], "categorie": "02",
        "code": "02A05", "volume": 1, "eenheid": "04", "tarief": product["tariefCents"],
        "bedrag": product["tariefCents"]}]))
    assert codes(r) == ["9384", "9307", "9308"], "withdrawn: it lasted no day at all"
    r = await post(client, wmo305(AGB, "S1", TODAY, BSN, t["nummer"], "02", "02A05", day(40),
                                  day(30)))
    assert codes(r) == ["9019"], "the withdrawn toewijzing is not started"
    # The next snapshot no longer carries the withdrawn one.
    r = await client.post(f"/api/v1/toewijzingen/{nieuw['id']}/wijzigingen", headers=CLERK,
                          json={"ingangsdatum": day(10).isoformat(), "volume": 3})
    assert r.status_code == 201, r.text
    assert await compose(app) == 1
    assert t["nummer"] not in producten(await laatste_wmo301(client))


async def test_starts_and_stops_are_withdrawn_and_care_restarts_after_a_pause(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await beschik(client, app, ingang=day(28))
    t = await toewijzing(client, product)
    nr = t["nummer"]

    def start(ident: str, begin: date, status: str = "1") -> bytes:
        return wmo305(AGB, ident, TODAY, BSN, nr, "02", "02A05", day(28), begin, status=status)

    def stop(ident: str, begin: date, eind: date, reden: str, status: str = "1") -> bytes:
        return wmo307(AGB, ident, TODAY, BSN, nr, "02", "02A05", day(28), begin, eind,
                      reden=reden, status=status)

    async def stand() -> tuple[str, str | None, str | None]:
        x = await get_t(client, t["id"])
        return x["status"], x["startdatum"], x["stopdatum"]

    assert codes(await post(client, start("A1", day(20)))) == ["0200"]
    assert codes(await post(client, start("A2", day(19), "3"))) == ["9063"], "no such start"
    weg = start("A3", day(20), "3")
    assert codes(await post(client, weg)) == ["0200"]
    assert await stand() == ("toegewezen", None, None)
    again = await post(client, weg)
    assert again.status_code == 200 and again.json()["duplicaat"] is True
    assert codes(await post(client, start("A4", day(18)))) == ["0200"]
    assert codes(await post(client, stop("A5", day(18), day(10), "20"))) == ["0200"]
    assert await stand() == ("gestopt", day(18).isoformat(), day(10).isoformat())
    assert codes(await post(client, stop("A6", day(18), day(9), "20"))) == ["9413"]
    assert codes(await post(client, start("A7", day(18), "3"))) == ["9071"], \
        "a stopped start is not withdrawn"

    # Restart after the pause: the same toewijzing, a new Begindatum.
    assert codes(await post(client, start("A8", day(10)))) == ["9326"]
    assert codes(await post(client, start("A9", day(5)))) == ["0200"]
    assert await stand() == ("gestart", day(18).isoformat(), None)
    assert codes(await post(client, stop("B1", day(18), day(10), "20", "3"))) == ["0001"], \
        "the restart is withdrawn before the stop before it"
    assert codes(await post(client, start("B2", day(5), "3"))) == ["0200"]
    assert await stand() == ("gestopt", day(18).isoformat(), day(10).isoformat())
    # A definitive stop after the temporary one, then withdrawn: the pause applies again.
    assert codes(await post(client, stop("B3", day(18), day(8), "19", "2"))) == ["0200"]
    assert (await get_t(client, t["id"]))["redenBeeindiging"] == "19"
    assert codes(await post(client, stop("B4", day(18), day(8), "21"))) == ["9415"]
    assert codes(await post(client, stop("B5", day(18), day(8), "19", "3"))) == ["0200"]
    x = await get_t(client, t["id"])
    assert (x["status"], x["stopdatum"], x["redenBeeindiging"]) == (
        "gestopt", day(10).isoformat(), "20")
    assert codes(await post(client, stop("B6", day(18), day(10), "20", "3"))) == ["0200"]
    assert await stand() == ("gestart", day(18).isoformat(), None)
    assert codes(await post(client, stop("B7", day(18), day(10), "20", "3"))) == ["9063"]

    found = await events(app)
    withdrawn = [(b["soort"], b["begindatum"], b["einddatum"]) for k, b in found
                 if k == "leveringsmelding-verwijderd"]
    assert withdrawn == [("start", day(20).isoformat(), None),
                         ("start", day(5).isoformat(), None),
                         ("stop", day(18).isoformat(), day(8).isoformat()),
                         ("stop", day(18).isoformat(), day(10).isoformat())]
    starts = [(b["startdatum"], b["vervolg"]) for k, b in found if k == "levering-gestart"]
    assert starts == [(day(20).isoformat(), False), (day(18).isoformat(), False),
                      (day(5).isoformat(), True)]
    ontvangen = [k for k, _ in found if k == "bericht-ontvangen"]
    assert len(ontvangen) == 16, "the duplicate withdrawal counted once"
    async with app.state.runtime.engine.connect() as conn:
        perioden = (await conn.execute(sa.text(
            "SELECT begindatum, verwijderd FROM leveringsperioden ORDER BY begindatum"))).all()
    assert [tuple(p) for p in perioden] == [(day(20), True), (day(18), False), (day(5), True)]


async def test_declared_periods_follow_the_calendar_month_and_a_budget_is_not_exceeded(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await beschik(client, app, ingang=day(40), afgegeven=day(42))
    t = await toewijzing(client, product, budgetCents=50000)
    assert t["budgetCents"] == 50000
    assert await compose(app) == 1
    snapshot = producten(await laatste_wmo301(client))
    assert snapshot[t["nummer"]]["budget"] == "50000"
    assert snapshot[t["nummer"]]["volume"] is None, "a budget instead of an omvang"
    assert codes(await post(client, wmo305(AGB, "S1", TODAY, BSN, t["nummer"], "02", "02A05",
                                           day(40), day(38)))) == ["0200"]

    begin, eind = maand_van(TODAY, ingang=day(40))
    assert begin.day == 1
    euro = {"bsn": BSN, "toewijzing": t["nummer"], "categorie": "02", "code": "02A05",
            "eenheid": "83", "tarief": 100}
    r = await post(client, wmo323(AGB, "D1", TODAY, "DEC1", begin, eind, [
        {**euro, "ref": "R1", "volume": 300, "bedrag": 30000},
        {**euro, "ref": "R2", "volume": 100, "bedrag": 10000, "begin": begin + timedelta(days=1)},
        {**euro, "ref": "R3", "volume": 100, "bedrag": 10000, "eind": eind - timedelta(days=1)},
        {**euro, "ref": "R4", "volume": 250, "bedrag": 25000}]))
    assert codes(r) == ["0200", "9387", "9388", "9369"], r.text
    r = await post(client, wmo323(AGB, "D2", TODAY, "DEC2", begin, eind, [
        {**euro, "ref": "R5", "volume": 200, "bedrag": 20000}]))
    assert codes(r) == ["0200", "8001"], "300 + 200 euro: exactly the budget"
    [d1, d2] = [b for k, b in await events(app) if k == "declaratie-ontvangen"]
    assert (d1["bedragCents"], d2["bedragCents"]) == (30000, 20000)
