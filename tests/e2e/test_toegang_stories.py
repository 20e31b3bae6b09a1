"""DOMAIN §8 as end-to-end tests: Anna and Ronald through toegang's public API, with toegang
and indicatie as real processes on a real broker and PostgreSQL; the downstream effects are
checked in indicatie and on the toegang topic."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from devstack.testing import MakeDatabase, read_topic
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from .conftest import Stack, eventually, start_stack, stop_stack

TODAY = date.today()
PREFIX = "nl.utrecht.wmo.toegang."


def day(offset: int) -> str:
    """A date ``offset`` days before today."""
    return (TODAY - timedelta(days=offset)).isoformat()


def auth(*roles: str, subject: str, team: str | None = None,
         scopes: tuple[str, ...] = ()) -> dict[str, str]:
    token = issue_dev_token(KernelSettings(), subject, roles, team=team, scopes=scopes)
    return {"Authorization": f"Bearer {token}"}


CLERK = auth("gemeente", subject="clerk-1")


@pytest.fixture(scope="module")
async def stories_stack(make_database: MakeDatabase,
                        tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    # The deadline watcher scans every second here (default: every five minutes).
    s = await start_stack(make_database, tmp_path_factory.mktemp("stories"),
                          ("toegang", "indicatie"),
                          extra_env={"WMO_TERMIJN_SCAN_INTERVAL_S": "1"})
    yield s
    stop_stack(s)


class Toegang:
    def __init__(self, http: httpx.AsyncClient, stack: Stack) -> None:
        self.http = http
        self.base = stack.url("toegang")

    async def post(self, path: str, body: dict[str, Any], headers: dict[str, str],
                   status: int = 201, extra: dict[str, str] | None = None) -> dict[str, Any]:
        r = await self.http.post(f"{self.base}{path}", json=body,
                                 headers={**headers, **(extra or {})})
        assert r.status_code == status, r.text
        result: dict[str, Any] = r.json()
        return result

    async def put(self, path: str, body: dict[str, Any], headers: dict[str, str]
                  ) -> dict[str, Any]:
        r = await self.http.put(f"{self.base}{path}", json=body, headers=headers)
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    async def get(self, path: str, headers: dict[str, str], status: int = 200
                  ) -> dict[str, Any]:
        r = await self.http.get(f"{self.base}{path}", headers=headers)
        assert r.status_code == status, r.text
        result: dict[str, Any] = r.json()
        return result


async def aanvragen(http: httpx.AsyncClient, stack: Stack, melding_id: str
                    ) -> list[dict[str, Any]]:
    r = await http.get(f"{stack.url('indicatie')}/aanvragen", headers=CLERK,
                       params={"meldingId": melding_id})
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def toegang_events(stack: Stack, melding_ids: set[str], min_records: int = 0
                         ) -> list[tuple[str, dict[str, Any]]]:
    records = await read_topic(stack.broker.bootstrap, "wmo.toegang.v1",
                               min_records=min_records)
    found = []
    for record in sorted(records, key=lambda r: r.timestamp):
        headers = dict(record.headers or ())
        body = json.loads(record.value or b"{}")
        if body.get("meldingId") in melding_ids:
            found.append((headers["ce_type"].decode().removeprefix(PREFIX), body))
    return found


async def test_anna(stories_stack: Stack) -> None:
    """Anna (78), rheumatism, lonely: the huisarts refers her with her consent; two visits;
    a cleaner she arranges herself; a women's group in the buurthuis; vervoer via the
    Wmo-loket; later, worse, a shower adaptation via the Wmo-loket."""
    stack = stories_stack
    huisarts = auth("systeem", subject="his-huisartsen")
    lead = auth("buurtteam", subject="lead-zuid", team="zuid", scopes=("dossiers:toewijzen",))
    worker = auth("buurtteam", subject="bt-zuid-1", team="zuid")
    loket = auth("wmo-loket", subject="loket-1", team="wmo-loket")
    async with httpx.AsyncClient(timeout=15) as http:
        api = Toegang(http, stack)
        signal = {"bsn": "123456782", "kanaal": "signaal-professional",
                  "signaalBron": "huisarts", "toestemmingInwoner": True,
                  "omschrijving": "eenzaam, reuma, redt het huishouden niet meer",
                  "gemeldOp": day(60), "naam": "Anna Jansen",
                  "adres": {"postcode": "3524 BC", "huisnummer": 8, "woonplaats": "Utrecht"}}
        key = {"Idempotency-Key": "his-2026-anna-1"}
        m = await api.post("/meldingen", signal, huisarts, extra=key)
        mid, cid = m["id"], m["clientId"]
        assert (m["team"], m["wijk"], m["buurt"]) == ("zuid", "Zuid", "Lunetten")
        assert m["medewerkers"] == [], "a system is never assigned"
        # The huisarts's system resubmits: not stored twice, and it learns the id it made.
        again = await api.post("/meldingen", signal, huisarts, extra=key)
        assert again["id"] == mid
        # It follows the status, without personal data; it cannot read the dossier.
        status = await api.get(f"/meldingen/{mid}/status", huisarts)
        assert status["status"] == "ontvangen" and "clientId" not in status
        await api.get(f"/meldingen/{mid}", huisarts, status=403)

        # The team lead of Zuid assigns a worker; before that the worker sees nothing.
        await api.get(f"/meldingen/{mid}", worker, status=404)
        await api.post(f"/meldingen/{mid}/medewerkers",
                       {"medewerker": "bt-zuid-1", "reden": "wijkverdeling Lunetten"}, lead)
        # Two visits: the first contact and the ontvangstgesprek.
        c = await api.post(f"/meldingen/{mid}/eerste-contacten",
                           {"contactOp": day(57), "vorm": "huisbezoek"}, worker)
        assert c["status"] == "eerste-contact"
        await api.post(f"/meldingen/{mid}/ontvangstgesprekken",
                       {"gesprekOp": day(54), "triage": "sociaal-generalist"}, worker)
        await api.post(f"/meldingen/{mid}/onderzoek",
                       {"gestartOp": day(54), "clientondersteuningAangebodenOp": day(57),
                        "clientondersteuningGewenst": False}, worker)
        await api.put(f"/meldingen/{mid}/onderzoek/bevindingen", {
            "behoeften": "contact met anderen; vervoer naar de stad",
            "eigenKrachtEnNetwerk": "regelt zelf een schoonmaakster",
            "mantelzorg": {"aanwezig": False},
            "algemeneVoorzieningen": "vrouwengroep in het buurthuis, vrijwillige chauffeur",
            "zrm": {"sociaal-netwerk": 2, "lichamelijke-gezondheid": 2},
            "perspectief": "c-afnemende-zelfredzaamheid", "ondersteuningsvorm": "groep"},
            worker)
        # Vervoerspas and regiotaxi: the Wmo-loket joins the casus.
        await api.post(f"/meldingen/{mid}/verwijzingen",
                       {"naar": "wmo-loket", "verwezenOp": day(50), "medewerker": "loket-1",
                        "toelichting": "vervoerspas en regiotaxi"}, worker)
        dossier = await api.get(f"/meldingen/{mid}", loket)
        assert {x["medewerker"] for x in dossier["medewerkers"]} == {"bt-zuid-1", "loket-1"}
        await api.post(f"/meldingen/{mid}/onderzoek/verslagen",
                       {"verslag": "vrouwengroep; schoonmaak zelf; vervoer via het loket",
                        "afgerondOp": day(46)}, worker)
        # The loket refers to aanvullende zorg (a vervoersvoorziening needs a beschikking).
        await api.post(f"/meldingen/{mid}/verwijzingen",
                       {"toelichting": "vervoersvoorziening (regiotaxi)", "verwezenOp": day(45)},
                       loket)
        [aanvraag] = await eventually(lambda: aanvragen(http, stack, mid),
                                      lambda items: len(items) == 1)
        assert aanvraag["clientId"] == cid and aanvraag["ontvangenOp"] == day(45)
        await api.post(f"/meldingen/{mid}/afsluitingen",
                       {"uitkomst": "verwezen-aanvullende-zorg", "afgeslotenOp": day(40)},
                       worker)

        # Worse: the wijkverpleegkundige arranges personal care (Zvw) and signals the
        # buurtteam; Anna is recognised as a returning client.
        m2 = await api.post("/meldingen", {
            "bsn": "123456782", "kanaal": "signaal-professional",
            "signaalBron": "wijkverpleegkundige", "toestemmingInwoner": True,
            "omschrijving": "kan niet meer veilig douchen", "gemeldOp": day(20)}, worker)
        assert m2["terugkerend"] is True and m2["clientId"] == cid and m2["team"] == "zuid"
        mid2 = m2["id"]
        await api.post(f"/meldingen/{mid2}/eerste-contacten", {"contactOp": day(19)}, worker)
        await api.post(f"/meldingen/{mid2}/verwijzingen",
                       {"naar": "wmo-loket", "verwezenOp": day(18), "medewerker": "loket-1",
                        "toelichting": "douchevoorziening"}, worker)
        await api.post(f"/meldingen/{mid2}/verwijzingen",
                       {"toelichting": "woningaanpassing: douche", "verwezenOp": day(15)},
                       loket)
        [aanvraag2] = await eventually(lambda: aanvragen(http, stack, mid2),
                                       lambda items: len(items) == 1)
        assert aanvraag2["clientId"] == cid and aanvraag2["id"] != aanvraag["id"]

        client = await api.get(f"/clienten/{cid}", worker)
        assert [x["id"] for x in client["meldingen"]] == [mid, mid2]
        consents = await api.get(f"/clienten/{cid}/toestemmingen", worker)
        assert [t["doel"] for t in consents["items"]] == [
            "dossier openen na signaal van huisarts",
            "dossier openen na signaal van wijkverpleegkundige"]

    found = await eventually(lambda: toegang_events(stack, {mid, mid2}),
                             lambda f: sum(k == "verwijzing-gedaan" for k, _ in f) == 2)
    kinds = [k for k, b in found if b["meldingId"] == mid and not k.startswith("termijn")]
    assert kinds == ["melding-ontvangen", "eerste-contact-gelegd", "ontvangstgesprek-gevoerd",
                     "onderzoek-gestart", "verwijzing-wmo-loket-gedaan", "onderzoek-afgerond",
                     "verwijzing-gedaan", "casus-gesloten"]
    second = [b for k, b in found if k == "melding-ontvangen" and b["meldingId"] == mid2]
    assert second[0]["terugkerend"] is True
    assert "Anna" not in json.dumps(found) and "123456782" not in json.dumps(found)


async def test_ronald(stories_stack: Stack) -> None:
    """Ronald (37): father died, debts; the buurtteam helps; relapse with alcohol, dismissal
    and debts; a tip from the corporatie; home visit; budgetbeheer, addiction advice, eetclub
    with a buddy, retraining with Werk en Inkomen."""
    stack = stories_stack
    worker = auth("buurtteam", subject="bt-nw-1", team="noordwest")
    system = auth("systeem", subject="ops")
    async with httpx.AsyncClient(timeout=15) as http:
        api = Toegang(http, stack)
        m = await api.post("/meldingen", {
            "bsn": "999990019", "kanaal": "buurtteam", "gemeldOp": day(300),
            "omschrijving": "vader overleden, schulden, zaken met corporatie en notaris",
            "naam": "Ronald Bakker", "adres": {"postcode": "3552AB", "huisnummer": 40}}, worker)
        mid, cid = m["id"], m["clientId"]
        assert (m["team"], m["buurt"], m["terugkerend"]) == ("noordwest", "Ondiep", False)
        await api.post(f"/meldingen/{mid}/eerste-contacten", {"contactOp": day(298)}, worker)
        await api.post(f"/meldingen/{mid}/ontvangstgesprekken",
                       {"gesprekOp": day(297), "triage": "sociaal-generalist"}, worker)
        await api.post(f"/meldingen/{mid}/onderzoek",
                       {"gestartOp": day(296), "clientondersteuningAangebodenOp": day(297),
                        "clientondersteuningGewenst": True}, worker)
        # The money problems go to Werk en Inkomen, on Ronald's consent for just that.
        await api.post(f"/clienten/{cid}/toestemmingen",
                       {"ontvanger": "werk-en-inkomen", "doel": "schuldhulpverlening"}, worker)
        await api.put(f"/meldingen/{mid}/onderzoek/bevindingen", {
            "behoeften": "afwikkeling nalatenschap, huurachterstand",
            "eigenKrachtEnNetwerk": "werkgever welwillend", "mantelzorg": {"aanwezig": False},
            "geldzorgen": True, "zrm": {"financien": 2, "huisvesting": 3},
            "perspectief": "a-weer-zelfstandig", "ondersteuningsvorm": "individueel",
            "redenIndividueel": "gesprekken met corporatie, notaris en werkgever"}, worker)
        await api.post(f"/meldingen/{mid}/onderzoek/verslagen",
                       {"verslag": "afspraken met corporatie en notaris",
                        "afgerondOp": day(270)}, worker)
        await api.post(f"/meldingen/{mid}/afsluitingen",
                       {"uitkomst": "opgelost-basiszorg", "afgeslotenOp": day(200)}, worker)

        # Relapse: the corporatie tips the buurtteam; Ronald consented.
        m2 = await api.post("/meldingen", {
            "bsn": "999990019", "kanaal": "signaal-professional", "signaalBron": "corporatie",
            "toestemmingInwoner": True, "gemeldOp": day(40),
            "omschrijving": "huurachterstand, ontslagen, drinkt"}, worker)
        mid2 = m2["id"]
        assert m2["terugkerend"] is True and m2["clientId"] == cid
        # The home visit came late: the first-contact deadline passed, and the deadline
        # watcher (or a scan run now) signals it.
        await api.post("/termijnscans", {}, system)
        visit = await api.post(f"/meldingen/{mid2}/eerste-contacten",
                               {"contactOp": day(30), "vorm": "huisbezoek"}, worker)
        assert visit["eersteContactOp"] == day(30)
        await api.post(f"/meldingen/{mid2}/onderzoek",
                       {"gestartOp": day(30), "clientondersteuningAangebodenOp": day(30),
                        "clientondersteuningGewenst": False}, worker)
        await api.put(f"/meldingen/{mid2}/onderzoek/bevindingen", {
            "behoeften": "budgetbeheer, verslavingsadvies, dagritme",
            "eigenKrachtEnNetwerk": "buddy via eetclub", "mantelzorg": {"aanwezig": False},
            "algemeneVoorzieningen": "eetclub met een buddy", "geldzorgen": True,
            "zrm": {"financien": 1, "middelengebruik": 2, "werk-en-opleiding": 1},
            "perspectief": "a-weer-zelfstandig", "ondersteuningsvorm": "groep"}, worker)
        await api.post(f"/meldingen/{mid2}/onderzoek/verslagen",
                       {"verslag": "budgetbeheer, verslavingsadvies, eetclub, omscholing",
                        "afgerondOp": day(10)}, worker)
        await api.post(f"/meldingen/{mid2}/afsluitingen",
                       {"uitkomst": "opgelost-basiszorg"}, worker)
        status = await api.get(f"/meldingen/{mid2}/status", worker)
        assert status["uitkomst"] == "opgelost-basiszorg"
        assert status["verwijzingen"] == ["werk-en-inkomen"]

    found = await eventually(lambda: toegang_events(stack, {mid, mid2}),
                             lambda f: sum(k == "casus-gesloten" for k, _ in f) == 2)
    signals = [b for k, b in found if k == "signaal-werk-en-inkomen-gegeven"]
    assert [(b["meldingId"], b["prioriteit"]) for b in signals] == [(mid, True), (mid2, True)]
    first_contact = [b for k, b in found if k == "eerste-contact-gelegd"]
    assert [(b["meldingId"], b["binnenNorm"]) for b in first_contact] == [
        (mid, True), (mid2, False)]
    late = [b for k, b in found if k == "termijn-verstreken" and b["soort"] == "eerste-contact"]
    assert [b["meldingId"] for b in late] == [mid2], "exactly one signal, however many scans"
    closed = [(b["meldingId"], b["uitkomst"]) for k, b in found if k == "casus-gesloten"]
    assert closed == [(mid, "opgelost-basiszorg"), (mid2, "opgelost-basiszorg")]
    assert "Ronald" not in json.dumps(found) and "999990019" not in json.dumps(found)
    # Solved in basiszorg: nothing reached indicatie.
    async with httpx.AsyncClient(timeout=15) as http:
        for melding_id in (mid, mid2):
            assert await aanvragen(http, stack, melding_id) == []


async def test_regionale_toegang_aanmelding_reaches_the_topic(stories_stack: Stack) -> None:
    """A resident who needs beschermd wonen: the Regionale toegang registers the aanmelding
    for opvang; the event carries the municipality of residence and no personal data."""
    stack = stories_stack
    worker = auth("regionale-toegang", subject="rt-1", team="regionale-toegang")
    async with httpx.AsyncClient(timeout=15) as http:
        api = Toegang(http, stack)
        m = await api.post("/meldingen", {
            "bsn": "111222333", "kanaal": "regionale-toegang", "gemeldOp": day(10),
            "omschrijving": "psychiatrische problematiek, kan niet zelfstandig wonen",
            "naam": "K. Smit", "adres": {"postcode": "3584AA", "huisnummer": 3}}, worker)
        v = await api.post(f"/meldingen/{m['id']}/verwijzingen", {
            "naar": "regionale-toegang", "opvangvorm": "beschermd-wonen",
            "verwezenOp": day(2)}, worker)
    found = await eventually(lambda: toegang_events(stack, {m["id"]}),
                             lambda f: any(k == "aanmelding-opvang-gedaan" for k, _ in f))
    [event] = [b for k, b in found if k == "aanmelding-opvang-gedaan"]
    assert event["aanmeldingId"] == v["id"] and event["clientId"] == m["clientId"]
    assert (event["gemeente"], event["vorm"], event["verwezenOp"]) == (
        "0344", "beschermd-wonen", day(2))
    assert "Smit" not in json.dumps(found) and "111222333" not in json.dumps(found)
    assert "3584" not in json.dumps(event)
