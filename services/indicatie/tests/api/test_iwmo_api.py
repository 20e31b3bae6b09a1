"""The iWmo mailbox over the API on a real PostgreSQL: toewijzing → WMO301 → WMO305 →
WMO323 → WMO307, the retourcodes of rule breaches, duplicates, the verzoek om toewijzing
with its WMO319, and the iWmo terms. The BSN comes from a fake toegang."""

from __future__ import annotations

import json
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
from indicatie.iwmo.bsn import BsnNietBeschikbaar, ClientIdentiteit
from indicatie.iwmo.xsd import Schemas, iwmo_dir
from indicatie.service.iwmo import termijnen, uitgaand
from indicatie.service.iwmo.context import IwmoContext
from indicatie.service.toegang_events import on_toegang_event
from indicatie.settings import IndicatieSettings
from lxml import etree
from wmokernel.bsn import Pseudonymizer
from wmokernel.calendar import add_werkdagen
from wmokernel.catalogue import VerwijzingGedaan
from wmokernel.runtime import ServiceRuntime
from wmokernel.settings import KernelSettings

from ..conftest import bearer
from ..domain.test_iwmo_berichten import needs_xsd, wmo305, wmo307, wmo315, wmo317, wmo323
from .test_levering_api import aanbieder

pytestmark = needs_xsd

CLERK = bearer("gemeente")
BSN = "123456782"
NAAM = "J. de Vries"
CLIENT = Pseudonymizer(KernelSettings().pseudonym_key.get_secret_value().encode())(BSN)
AGB = "75750102"  # the accountable provider of Overvecht for ambulante begeleiding
PROVIDER = aanbieder(AGB)
XML = {"Content-Type": "application/xml"}
TODAY = date.today()


def day(offset: int) -> date:
    return TODAY - timedelta(days=offset)


def maand_van(d: date, ingang: date) -> tuple[date, date]:
    """The ProductPeriode of the calendar month of ``d`` for a toewijzing from ``ingang``:
    from the first day (or the ingangsdatum later in that month) to the last day."""
    eerste = d.replace(day=1)
    laatste = (eerste + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return max(eerste, ingang), laatste


class FakeToegang:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.up = True

    async def identiteit(self, client_id: str, doel: str) -> ClientIdentiteit:
        if not self.up:
            raise BsnNietBeschikbaar("toegang is away")
        self.calls.append((client_id, doel))
        return ClientIdentiteit(bsn=BSN, naam=NAAM)


@pytest.fixture
async def toegang() -> FakeToegang:
    return FakeToegang()


@pytest.fixture
async def app(make_database: MakeDatabase, toegang: FakeToegang) -> AsyncIterator[FastAPI]:
    url = await make_database("indicatie", "indicatie")
    application = create_app(IndicatieSettings(database_url=url), bsn_bron=toegang)
    application.state.toegang = toegang
    yield application
    await application.state.runtime.engine.dispose()


async def compose(app: FastAPI) -> int:
    """One round of the WMO301 job, with the fake toegang the app was made with."""
    runtime = app.state.runtime
    async with runtime.unit_of_work() as uow:
        return await uitgaand.stel_toewijzingberichten_op(
            uow, IwmoContext.from_settings(runtime.settings), app.state.toegang, TODAY)


async def scan_iwmo_termijnen(runtime: ServiceRuntime, peildatum: date) -> int:
    async with runtime.unit_of_work() as uow:
        return await termijnen.scan_termijnen(uow, peildatum)


async def events(app: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    async with app.state.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.text(
            "SELECT event_type, body FROM outbox ORDER BY id"))).all()
    return [(t.rsplit(".", 1)[1], json.loads(bytes(b))) for t, b in rows]


async def granted_product(client: httpx.AsyncClient, app: FastAPI) -> dict[str, Any]:
    """A verwijzing for CLIENT 40 days ago and a beschikking for ambulante begeleiding."""
    runtime = app.state.runtime
    event = VerwijzingGedaan(verwijzing_id=uuid.uuid4(), melding_id=uuid.uuid4(),
                             client_id=CLIENT, verwezen_op=day(40),
                             gemeld_op=day(45)).to_cloudevent("/wmo/toegang")
    async with runtime.unit_of_work() as uow:
        await on_toegang_event(uow, event)
    r = await client.get("/api/v1/aanvragen", headers=CLERK)
    aanvraag_id = r.json()["items"][0]["id"]
    r = await client.post(f"/api/v1/aanvragen/{aanvraag_id}/beschikkingen", headers=CLERK, json={
        "besluit": "toegekend", "motivering": "begeleiding", "afgegevenOp": day(30).isoformat(),
        "producten": [{"productCode": "02A05", "leveringsvorm": "zin", "volume": 4,
                       "ingangsdatum": day(28).isoformat(), "wijk": "Overvecht"}]})
    assert r.status_code == 201, r.text
    product: dict[str, Any] = r.json()["producten"][0]
    return product


async def post(client: httpx.AsyncClient, raw: bytes,
               headers: dict[str, str] = PROVIDER) -> httpx.Response:
    return await client.post("/api/v1/berichten", content=raw, headers={**headers, **XML})


def codes(r: httpx.Response) -> list[str]:
    return [x["code"] for x in r.json()["retour"]]


async def test_toewijzing_to_stop_through_the_mailbox(
    client: httpx.AsyncClient, app: FastAPI, toegang: FakeToegang,
) -> None:
    product = await granted_product(client, app)
    tarief = product["tariefCents"]
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": day(29).isoformat()})
    assert r.status_code == 201, r.text
    toewijzing_id = r.json()["id"]

    # WMO301: composed outside the request, with the BSN from toegang, audit-logged.
    assert await compose(app) == 1 and await compose(app) == 0
    assert toegang.calls == [(CLIENT, "iWmo-bericht WMO301")]
    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", params={"status": "nieuw"},
                         headers=PROVIDER)
    [bericht] = r.json()["items"]
    assert bericht["berichttype"] == "WMO301" and bericht["clientId"] == CLIENT
    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=aanbieder("75750101"))
    assert r.status_code == 403, "another provider's mailbox"
    r = await client.get(bericht["xml"], headers={**PROVIDER, "Accept": "application/xml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    root = etree.fromstring(r.content)
    Schemas(iwmo_dir()).validate("WMO301", root)
    ns = {"w": "http://www.istandaarden.nl/iwmo/3_2/wmo301/schema"}
    assert root.findtext("w:Client/w:Bsn", namespaces=ns) == BSN
    naam = root.find("w:Client/w:Naam", namespaces=ns)
    assert naam is not None and NAAM in "".join(naam.itertext()), "the registered name is sent"
    nummer = int(root.findtext("w:Client/w:ToegewezenProducten/w:ToegewezenProduct/"
                               "w:ToewijzingNummer", namespaces=ns) or 0)
    r = await client.post(f"/api/v1/berichten/{bericht['id']}/ontvangstbevestigingen",
                          headers=PROVIDER)
    assert r.status_code == 201 and r.json()["status"] == "opgehaald"
    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", params={"status": "nieuw"},
                         headers=PROVIDER)
    assert r.json()["items"] == []
    async with app.state.runtime.engine.connect() as conn:
        purposes = (await conn.execute(sa.text(
            "SELECT resource_type, purpose FROM audit_log WHERE actor = 'indicatie'"))).all()
    assert ("bsn", "iWmo-bericht") in [tuple(p) for p in purposes]

    # A stop before any start: refused with 9069, nothing changes.
    stop = wmo307(AGB, "S0", TODAY, BSN, nummer, "02", "02A05", day(28), day(20), day(1))
    r = await post(client, stop)
    assert r.status_code == 201 and codes(r) == ["9069"] and r.json()["status"] == "afgekeurd"

    # WMO305: the start, 20 days ago, reported today: processed, and late.
    start = wmo305(AGB, "S1", TODAY, BSN, nummer, "02", "02A05", day(28), day(20))
    r = await post(client, start)
    assert r.status_code == 201, r.text
    assert codes(r) == ["0200"] and r.json()["duplicaat"] is False
    r2 = await post(client, start)
    assert r2.status_code == 200 and r2.json()["duplicaat"] is True
    assert r2.json()["id"] == r.json()["id"]
    r = await post(client, wmo305(AGB, "S1", TODAY, BSN, nummer, "02", "02A05", day(28), day(19)))
    assert r.status_code == 409 and "9056" in r.json()["detail"]
    r = await post(client, wmo305(AGB, "S2", TODAY, BSN, nummer, "02", "02A05", day(28),
                                  day(19)))
    assert codes(r) == ["9326"], "a second start while delivery runs"
    r = await post(client, wmo305(AGB, "S3", TODAY, BSN, 999, "02", "02A05", day(28), day(19)))
    assert codes(r) == ["9019"], "no such toewijzing"
    r = await client.get(f"/api/v1/toewijzingen/{toewijzing_id}", headers=CLERK)
    assert r.json()["status"] == "gestart" and r.json()["startdatum"] == day(20).isoformat()

    # WMO323: 4 hours a week, declared per calendar month (from the toewijzing's start when
    # that lies later in the month).
    begin, eind = maand_van(day(20), ingang=day(28))
    toegewezen = 4 * -(-((eind - begin).days + 1) // 7)
    regel = {"bsn": BSN, "toewijzing": nummer, "categorie": "02", "code": "02A05",
             "eenheid": "04", "tarief": tarief, "begin": begin, "eind": eind}
    binnen = toegewezen - 1
    r = await post(client, wmo323(AGB, "D1", TODAY, "DEC1", begin, eind, [
        {**regel, "ref": "R1", "volume": binnen, "bedrag": binnen * tarief},
        {**regel, "ref": "R2", "volume": toegewezen + 1, "bedrag": (toegewezen + 1) * tarief},
        {**regel, "ref": "R3", "volume": 1, "bedrag": 1}]))
    assert r.status_code == 201, r.text
    assert codes(r) == ["0200", "9321", "9346"] and r.json()["status"] == "deels-afgekeurd"
    r = await post(client, wmo323(AGB, "D2", TODAY, "DEC1", begin, eind, [
        {**regel, "ref": "R4", "volume": 1, "bedrag": tarief}]))
    assert codes(r) == ["9333"], "declaratienummer not unique"
    r = await post(client, wmo323(AGB, "D3", TODAY, "DEC2", begin, eind, [
        {**regel, "ref": "R5", "volume": 2, "bedrag": 2 * tarief}]))
    assert codes(r) == ["9322"], "together above the volume assigned for the month"

    # WMO307: the stop needs the start's Begindatum.
    r = await post(client, wmo307(AGB, "S4", TODAY, BSN, nummer, "02", "02A05", day(28),
                                  day(20), day(1)))
    assert codes(r) == ["0200"]
    r = await client.get(f"/api/v1/toewijzingen/{toewijzing_id}", headers=CLERK)
    assert r.json()["status"] == "gestopt" and r.json()["stopdatum"] == day(1).isoformat()

    found = await events(app)
    types = [t for t, _ in found]
    assert types.count("bericht-ontvangen") == 8, "a duplicate or a 409 publishes nothing"
    assert types.count("levering-gestart") == 1 and types.count("levering-gestopt") == 1
    [declaratie] = [b for t, b in found if t == "declaratie-ontvangen"]
    assert (declaratie["bedragCents"], declaratie["volume"], declaratie["productCode"],
            declaratie["productcategorie"], declaratie["aanbieder"], declaratie["clientId"],
            declaratie["toewijzingId"]) == (binnen * tarief, binnen, "02A05", "02", AGB,
                                            CLIENT, toewijzing_id)
    [late] = [b for t, b in found if t == "iwmo-termijn-verstreken"]
    assert late["soort"] == "startbericht" and late["uiterlijk"] == add_werkdagen(
        day(20), 5).isoformat()
    verzonden = [b for t, b in found if t == "bericht-verzonden"]
    assert [v["berichttype"] for v in verzonden] == ["WMO301"]
    for _, body in found:
        assert BSN not in str(body)


async def test_a_verzoek_om_toewijzing_answered_and_honoured(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await granted_product(client, app)
    vot = wmo315(AGB, "V1", TODAY, BSN, "VOT-1", "02", "02A05", day(28), day(-300), 4)
    r = await post(client, vot)
    assert r.status_code == 201 and codes(r) == ["0200"], r.text
    r = await post(client, wmo315(AGB, "V2", TODAY, BSN, "VOT-1", "02", "02A05", day(28),
                                  day(-300), 4))
    assert codes(r) == ["9347", "9374"], "reference used, and a verzoek is pending"
    r = await post(client, wmo315(AGB, "V3", TODAY, BSN, "VOT-3", "02", "02Z99", day(28),
                                  day(-300), 4))
    assert codes(r) == ["S329"]

    r = await client.get("/api/v1/verzoeken", params={"status": "ontvangen"}, headers=CLERK)
    [verzoek] = r.json()["items"]
    assert verzoek["antwoordUiterlijk"] == add_werkdagen(TODAY, 5).isoformat()
    path = f"/api/v1/verzoeken/{verzoek['id']}"
    r = await client.post(f"{path}/antwoorden", headers=CLERK, json={"uitkomst": "afgewezen"})
    assert r.status_code == 422
    r = await client.post(f"{path}/antwoorden", headers=CLERK, json={"uitkomst": "in-onderzoek"})
    assert r.status_code == 201 and r.json()["status"] == "in-onderzoek", r.text
    assert r.json()["definitiefUiterlijk"]
    r = await client.post(f"{path}/antwoorden", headers=CLERK, json={"uitkomst": "in-onderzoek"})
    assert r.status_code == 409

    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=PROVIDER,
                         params={"berichttype": "WMO319"})
    [antwoord] = r.json()["items"]
    assert antwoord["berichttype"] == "WMO319"
    r = await client.get(f"/api/v1/berichten/{antwoord['id']}",
                         headers={**PROVIDER, "Accept": "application/xml"})
    Schemas(iwmo_dir()).validate("WMO319", etree.fromstring(r.content))
    assert b"<wmo319:VerzoekAntwoord>2</wmo319:VerzoekAntwoord>" in r.content

    r = await client.post(f"{path}/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": day(29).isoformat()})
    assert r.status_code == 201, r.text
    assert await compose(app) == 1
    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", params={"status": "nieuw"},
                         headers=PROVIDER)
    toewijzing = r.json()["items"][-1]
    r = await client.get(f"/api/v1/berichten/{toewijzing['id']}",
                         headers={**PROVIDER, "Accept": "application/xml"})
    assert b"<wmo301:ReferentieAanbieder>VOT-1</wmo301:ReferentieAanbieder>" in r.content

    # A new VOT for the same product overlaps the running toewijzing: 9361 is no retourcode
    # of a WMO315 (WJ001), so the verzoek is received; a toewijzing would be refused.
    r = await post(client, wmo315(AGB, "V4", TODAY, BSN, "VOT-4", "02", "02A05", day(10),
                                  day(-300), 4))
    assert codes(r) == ["0200"]
    assert r.json()["verzoekId"] and r.json()["verzoekIds"] == [r.json()["verzoekId"]]
    found = [t for t, _ in await events(app)]
    assert found.count("verzoek-om-toewijzing-ontvangen") == 2
    assert found.count("verzoek-beantwoord") == 2


async def test_unanswered_verzoeken_signal_their_terms(client: httpx.AsyncClient,
                                                       app: FastAPI) -> None:
    r = await post(client, wmo315(AGB, "V1", TODAY, BSN, "VOT-1", "02", "02A05", day(28),
                                  day(-300), 4))
    assert codes(r) == ["0200"]
    rt = app.state.runtime
    assert await scan_iwmo_termijnen(rt, TODAY) == 0
    uiterlijk = add_werkdagen(TODAY, 5)
    assert await scan_iwmo_termijnen(rt, add_werkdagen(TODAY, 4)) == 1
    assert await scan_iwmo_termijnen(rt, add_werkdagen(TODAY, 4)) == 0
    assert await scan_iwmo_termijnen(rt, uiterlijk + timedelta(days=1)) == 1
    signals = [(t, b["soort"], b["uiterlijk"]) for t, b in await events(app)
               if t.startswith("iwmo-termijn")]
    assert signals == [("iwmo-termijn-nadert", "verzoek-antwoord", uiterlijk.isoformat()),
                       ("iwmo-termijn-verstreken", "verzoek-antwoord", uiterlijk.isoformat())]


async def test_bad_deliveries(client: httpx.AsyncClient, app: FastAPI,
                              toegang: FakeToegang) -> None:
    r = await post(client, b"<wmo305:Bericht><unclosed>")
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    assert "not well-formed" in r.json()["detail"]
    r = await post(client, wmo305(AGB, "X1", TODAY, BSN, 1, "02", "02A05", TODAY, TODAY,
                                  status="7"))
    assert r.status_code == 422 and "StatusAanlevering" in r.json()["detail"]
    r = await post(client, wmo305("75750101", "X2", TODAY, BSN, 1, "02", "02A05", TODAY, TODAY))
    assert r.status_code == 403, "the Afzender must be the caller's AGB code"
    r = await client.post("/api/v1/berichten", content=b"{}",
                          headers={**PROVIDER, "Content-Type": "application/json"})
    assert r.status_code == 415
    r = await post(client, wmo305(AGB, "X3", TODAY, BSN, 1, "02", "02A05", TODAY, TODAY),
                   headers=CLERK)
    assert r.status_code == 403
    r = await post(client, wmo305(AGB, "X4", TODAY + timedelta(days=1), BSN, 1, "02", "02A05",
                                  TODAY, TODAY, ontvanger="0363"))
    assert codes(r) == ["S300", "8848"] and r.json()["status"] == "afgekeurd"

    # Toegang away: the WMO301 waits (no message, no BSN), and comes when toegang is back.
    product = await granted_product(client, app)
    toegang.up = False
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": day(29).isoformat()})
    assert r.status_code == 201
    assert await compose(app) == 0
    toegang.up = True
    async with app.state.runtime.unit_of_work() as uow:
        await uow.session.execute(sa.text("UPDATE iwmo_opdrachten SET volgende_poging = now()"))
    assert await compose(app) == 1


async def test_a_verzoek_om_wijziging_must_name_every_current_toewijzing(
    client: httpx.AsyncClient, app: FastAPI,
) -> None:
    product = await granted_product(client, app)
    r = await client.post("/api/v1/toewijzingen", headers=CLERK, json={
        "beschiktProductId": product["id"], "toegewezenOp": day(29).isoformat()})
    t = r.json()
    async with app.state.runtime.engine.connect() as conn:
        nummer = await conn.scalar(sa.text("SELECT nummer FROM toewijzingen WHERE id = :i"),
                                   {"i": t["id"]})
    extra = [("07A01", day(-7), 2)]
    r = await post(client, wmo317(AGB, "W1", TODAY, BSN, "VOW-1", [], extra))
    assert codes(r) == ["9349"], "the running ambulante begeleiding is not named"
    r = await post(client, wmo317(AGB, "W2", TODAY, BSN, "VOW-2", [nummer, 4], extra))
    assert codes(r) == ["9350"]
    r = await post(client, wmo317(AGB, "W3", TODAY, BSN, "VOW-3", [nummer],
                                  [("02A05", day(-7), 6)]))
    assert codes(r) == ["9361"], "a second, overlapping ambulante begeleiding"
    r = await post(client, wmo317(AGB, "W4", TODAY, BSN, "VOW-4", [nummer], extra))
    assert codes(r) == ["0200"], r.text
    r = await post(client, wmo317(AGB, "W5", TODAY, BSN, "VOW-5", [nummer], extra))
    assert codes(r) == ["9374"], "a verzoek is pending"

    [verzoek] = (await client.get("/api/v1/verzoeken", headers=CLERK)).json()["items"]
    assert verzoek["soort"] == "vow" and verzoek["inhoud"]["ongewijzigd"] == [nummer]
    r = await client.post(f"/api/v1/verzoeken/{verzoek['id']}/toewijzingen", headers=CLERK,
                          json={"beschiktProductId": product["id"]})
    assert r.status_code == 422
    r = await client.post(f"/api/v1/verzoeken/{verzoek['id']}/antwoorden", headers=CLERK,
                          json={"uitkomst": "afgewezen", "redenAfwijzing": "4"})
    assert r.status_code == 201 and r.json()["status"] == "afgewezen"
    r = await client.get(f"/api/v1/aanbieders/{AGB}/berichten", headers=PROVIDER)
    antwoord = next(b for b in r.json()["items"] if b["berichttype"] == "WMO319")
    r = await client.get(antwoord["xml"], headers={**PROVIDER, "Accept": "application/xml"})
    Schemas(iwmo_dir()).validate("WMO319", etree.fromstring(r.content))
    assert b"<wmo319:RedenAfwijzingVerzoek>4</wmo319:RedenAfwijzingVerzoek>" in r.content
    [beantwoord] = [b for t_, b in await events(app) if t_ == "verzoek-beantwoord"]
    assert beantwoord["uitkomst"] == "afgewezen" and beantwoord["binnenTermijn"] is True
