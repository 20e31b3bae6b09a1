"""The iWmo 3.2 round trip across real processes: a verwijzing in toegang, a beschikking, a
verzoek om toewijzing (WMO315) from the provider, the toewijzing (WMO301, with the BSN that
indicatie fetched from toegang) collected from the provider's mailbox, the start (WMO305),
a declaratie (WMO323) and the stop (WMO307). Every step is on wmo.indicatie.v1 without a
BSN, and the monitor shows the wait (and the spend, from ``declaratie-ontvangen``)."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from devstack.components import ServiceProcess, free_port, service_env, start_broker
from devstack.testing import MakeDatabase, read_topic
from indicatie.iwmo.xsd import Schemas, iwmo_dir
from lxml import etree
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from .conftest import Stack, eventually, stop_stack

AGB = "75750102"  # the accountable provider of Overvecht for ambulante begeleiding
BSN = "123456782"
IWMO = iwmo_dir()
HAVE_XSD = (IWMO / "xsd" / "basisschema.xsd").is_file()
NS_BASIS = 'xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"'


def auth(*roles: str, subject: str, team: str | None = None) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), subject, roles,
                                                         team=team)}


def day(offset: int) -> date:
    return date.today() - timedelta(days=offset)


async def start_iwmo_stack(make_database: MakeDatabase, log_dir: Path,
                           indicatie_env: dict[str, str] | None = None) -> Stack:
    """toegang first, so indicatie can be told where to fetch BSNs (WMO_TOEGANG_URL)."""
    broker = start_broker(log_path=log_dir / "broker.log")
    names = ("toegang", "indicatie", "monitor")
    urls = await asyncio.gather(*(make_database(n, n) for n in names))
    ports = {n: free_port() for n in names}
    extra = {"indicatie": {"WMO_TOEGANG_URL": f"http://127.0.0.1:{ports['toegang']}",
                           "WMO_IWMO_INTERVAL_S": "0.3", **(indicatie_env or {})}}
    services = {
        n: ServiceProcess(n, ports[n], service_env(n, url, broker.bootstrap, extra.get(n)),
                          log_dir / f"{n}.log")
        for n, url in zip(names, urls, strict=True)}
    for svc in services.values():
        svc.start()
    for svc in services.values():
        await asyncio.to_thread(svc.wait_ready, 90.0)
    return Stack(broker, services)


def _header(p: str, code: str, ident: str) -> str:
    return (f'<{p}:Bericht {NS_BASIS} xmlns:{p}="http://www.istandaarden.nl/iwmo/3_2/{p}/schema">'
            f"<{p}:Header><{p}:BerichtCode>{code}</{p}:BerichtCode><{p}:BerichtVersie>3"
            f"</{p}:BerichtVersie><{p}:BerichtSubversie>2</{p}:BerichtSubversie><{p}:Afzender>"
            f"{AGB}</{p}:Afzender><{p}:Ontvanger>0344</{p}:Ontvanger><{p}:BerichtIdentificatie>"
            f"<iwmo:Identificatie>{ident}</iwmo:Identificatie><iwmo:Dagtekening>{date.today()}"
            f"</iwmo:Dagtekening></{p}:BerichtIdentificatie><{p}:XsdVersie>"
            "<iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie><iwmo:BerichtXsdVersie>"
            f"1.0.0</iwmo:BerichtXsdVersie></{p}:XsdVersie></{p}:Header>")


def _client(p: str) -> str:
    return (f"<{p}:Client><{p}:Bsn>{BSN}</{p}:Bsn><{p}:Geboortedatum><iwmo:Datum>1960-01-01"
            f"</iwmo:Datum></{p}:Geboortedatum><{p}:Geslacht>0</{p}:Geslacht><{p}:Naam>"
            f"<iwmo:Geslachtsnaam><iwmo:Achternaam>Jansen</iwmo:Achternaam>"
            f"</iwmo:Geslachtsnaam></{p}:Naam>")


def _product(p: str, nummer: int | None = None) -> str:
    nr = f"<{p}:ToewijzingNummer>{nummer}</{p}:ToewijzingNummer>" if nummer else ""
    return (f"{nr}<{p}:Product><iwmo:Categorie>02</iwmo:Categorie><iwmo:Code>02A05"
            f"</iwmo:Code></{p}:Product>")


def vot() -> bytes:
    p = "wmo315"
    return (_header(p, "444", "VOT1") + _client(p) + f"<{p}:AangevraagdeProducten>"
            f"<{p}:AangevraagdProduct><{p}:ReferentieAanbieder>VOT-1</{p}:ReferentieAanbieder>"
            + _product(p) + f"<{p}:ToewijzingIngangsdatum>{day(12)}</{p}:ToewijzingIngangsdatum>"
            f"<{p}:Omvang><iwmo:Volume>4</iwmo:Volume><iwmo:Eenheid>04</iwmo:Eenheid>"
            f"<iwmo:Frequentie>2</iwmo:Frequentie></{p}:Omvang><{p}:Verwijzer><iwmo:Type>01"
            f"</iwmo:Type><iwmo:Naam>Buurtteam</iwmo:Naam></{p}:Verwijzer>"
            f"</{p}:AangevraagdProduct></{p}:AangevraagdeProducten></{p}:Client>"
            f"</{p}:Bericht>").encode()


def start(nummer: int) -> bytes:
    p = "wmo305"
    return (_header(p, "418", "START1") + _client(p) + f"<{p}:StartProducten><{p}:StartProduct>"
            + _product(p, nummer) + f"<{p}:Begindatum>{day(10)}</{p}:Begindatum>"
            f"<{p}:StatusAanlevering>1</{p}:StatusAanlevering></{p}:StartProduct>"
            f"</{p}:StartProducten></{p}:Client></{p}:Bericht>").encode()


def stop(nummer: int) -> bytes:
    p = "wmo307"
    return (_header(p, "420", "STOP1") + _client(p) + f"<{p}:StopProducten><{p}:StopProduct>"
            + _product(p, nummer) + f"<{p}:Begindatum>{day(10)}</{p}:Begindatum>"
            f"<{p}:RedenBeeindiging>19</{p}:RedenBeeindiging><{p}:Einddatum>{day(1)}"
            f"</{p}:Einddatum><{p}:StatusAanlevering>1</{p}:StatusAanlevering>"
            f"</{p}:StopProduct></{p}:StopProducten></{p}:Client></{p}:Bericht>").encode()


def maandperiode(d: date, ingang: date) -> tuple[date, date]:
    """A ProductPeriode covers its calendar month (iWmo 9387/9388), from the toewijzing's
    ingangsdatum when that lies later in the month."""
    eerste = d.replace(day=1)
    laatste = (eerste + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return max(eerste, ingang), laatste


def declaratie(nummer: int, volume: int, tarief: int) -> bytes:
    p = "wmo323"
    bedrag = volume * tarief
    begin, eind = maandperiode(day(10), ingang=day(12))
    periode = (f"<iwmo:Begindatum>{begin}</iwmo:Begindatum><iwmo:Einddatum>{eind}"
               "</iwmo:Einddatum>")
    return (_header(p, "484", "DECL1") + f"<{p}:Declaratie><{p}:DeclaratieNummer>DEC1"
            f"</{p}:DeclaratieNummer><{p}:DeclaratiePeriode>{periode}</{p}:DeclaratiePeriode>"
            f"<{p}:DeclaratieDagtekening>{date.today()}</{p}:DeclaratieDagtekening>"
            f"<{p}:TotaalIngediendBedrag><iwmo:TotaalBedrag>{bedrag}</iwmo:TotaalBedrag>"
            f"<iwmo:DebetCredit>D</iwmo:DebetCredit></{p}:TotaalIngediendBedrag><{p}:Clienten>"
            f"<{p}:Client><{p}:Bsn>{BSN}</{p}:Bsn><{p}:Prestaties><{p}:Prestatie>"
            f"<{p}:ProductReferentie><iwmo:ReferentieNummer>RN1</iwmo:ReferentieNummer>"
            f"</{p}:ProductReferentie><{p}:ToewijzingNummer>{nummer}</{p}:ToewijzingNummer>"
            f"<{p}:ProductCategorie>02</{p}:ProductCategorie><{p}:ProductCode>02A05"
            f"</{p}:ProductCode><{p}:ProductPeriode>{periode}</{p}:ProductPeriode>"
            f"<{p}:GeleverdVolume>{volume}</{p}:GeleverdVolume><{p}:Eenheid>04</{p}:Eenheid>"
            f"<{p}:ProductTarief>{tarief}</{p}:ProductTarief><{p}:IngediendBedrag><iwmo:Bedrag>"
            f"{bedrag}</iwmo:Bedrag><iwmo:DebetCredit>D</iwmo:DebetCredit></{p}:IngediendBedrag>"
            f"</{p}:Prestatie></{p}:Prestaties></{p}:Client></{p}:Clienten></{p}:Declaratie>"
            f"</{p}:Bericht>").encode()


async def test_vot_to_stop_through_the_mailbox_and_the_monitor_sees_wait_and_spend(
    make_database: MakeDatabase, tmp_path: Path,
) -> None:
    stack = await start_iwmo_stack(make_database, tmp_path)
    try:
        await run_roundtrip(stack)
    finally:
        stop_stack(stack)


async def run_roundtrip(stack: Stack) -> None:
    worker = auth("buurtteam", subject="worker-1", team="overvecht")
    clerk = auth("gemeente", subject="clerk-1")
    provider = {**auth("aanbieder", subject="planner-1", team=AGB)}
    xml = {**provider, "Content-Type": "application/xml"}
    toegang, indicatie = stack.url("toegang"), stack.url("indicatie")
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.post(f"{toegang}/meldingen", headers=worker, json={
            "bsn": BSN, "kanaal": "buurtteam", "omschrijving": "redt het niet alleen",
            "gemeldOp": day(30).isoformat(), "wijk": "Overvecht"})
        assert r.status_code == 201, r.text
        melding_id = r.json()["id"]
        r = await http.post(f"{toegang}/meldingen/{melding_id}/verwijzingen", headers=worker,
                            json={"toelichting": "ambulante begeleiding",
                                  "verwezenOp": day(20).isoformat()})
        assert r.status_code == 201, r.text

        async def aanvragen() -> list[dict[str, Any]]:
            resp = await http.get(f"{indicatie}/aanvragen", headers=clerk,
                                  params={"meldingId": melding_id})
            items: list[dict[str, Any]] = resp.json()["items"]
            return items

        [aanvraag] = await eventually(aanvragen, lambda items: len(items) == 1)
        r = await http.post(f"{indicatie}/aanvragen/{aanvraag['id']}/beschikkingen",
                            headers=clerk, json={
                                "besluit": "toegekend", "motivering": "begeleiding past",
                                "afgegevenOp": day(14).isoformat(), "producten": [{
                                    "productCode": "02A05", "ingangsdatum": day(12).isoformat(),
                                    "volume": 4, "wijk": "overvecht"}]})
        assert r.status_code == 201, r.text
        [product] = r.json()["producten"]

        # WMO315 from the provider; the gemeente honours it with a toewijzing.
        r = await http.post(f"{indicatie}/berichten", content=vot(), headers=xml)
        assert r.status_code == 201 and [x["code"] for x in r.json()["retour"]] == ["0200"], \
            r.text
        r = await http.get(f"{indicatie}/verzoeken", headers=clerk)
        [verzoek] = r.json()["items"]
        r = await http.post(f"{indicatie}/verzoeken/{verzoek['id']}/toewijzingen",
                            headers=clerk, json={"beschiktProductId": product["id"],
                                                 "toegewezenOp": day(13).isoformat()})
        assert r.status_code == 201, r.text

        # WMO301: in the mailbox once indicatie fetched the BSN from toegang.
        async def mailbox() -> list[dict[str, Any]]:
            resp = await http.get(f"{indicatie}/aanbieders/{AGB}/berichten",
                                  params={"status": "nieuw", "berichttype": "WMO301"},
                                  headers=provider)
            items: list[dict[str, Any]] = resp.json()["items"]
            return items

        [bericht] = await eventually(mailbox, lambda items: len(items) == 1)
        assert bericht["berichttype"] == "WMO301"
        r = await http.get(f"{indicatie}/berichten/{bericht['id']}",
                           headers={**provider, "Accept": "application/xml"})
        root = etree.fromstring(r.content)
        if HAVE_XSD:
            Schemas(IWMO).validate("WMO301", root)
        ns = {"w": "http://www.istandaarden.nl/iwmo/3_2/wmo301/schema"}
        assert root.findtext("w:Client/w:Bsn", namespaces=ns) == BSN
        tp = "w:Client/w:ToegewezenProducten/w:ToegewezenProduct/"
        assert root.findtext(tp + "w:ReferentieAanbieder", namespaces=ns) == "VOT-1"
        nummer = int(root.findtext(tp + "w:ToewijzingNummer", namespaces=ns) or 0)
        r = await http.post(f"{indicatie}/berichten/{bericht['id']}/ontvangstbevestigingen",
                            headers=provider)
        assert r.status_code == 201 and await mailbox() == []

        # WMO305, WMO323 (4 hours in the month at the contracted tariff), WMO307.
        for raw in (start(nummer), declaratie(nummer, 4, product["tariefCents"]), stop(nummer)):
            r = await http.post(f"{indicatie}/berichten", content=raw, headers=xml)
            assert r.status_code == 201, r.text
            assert {x["code"] for x in r.json()["retour"]} <= {"0200", "8001"}, r.text
        r = await http.post(f"{indicatie}/berichten", content=stop(nummer), headers=xml)
        assert r.status_code == 200 and r.json()["duplicaat"] is True
        # Each message was answered with its retourbericht in the mailbox, once.
        resp = await http.get(f"{indicatie}/aanbieders/{AGB}/berichten", headers=provider)
        assert sorted(b["berichttype"] for b in resp.json()["items"]
                      if b["berichttype"] != "WMO301") == ["WMO306", "WMO308", "WMO316",
                                                           "WMO325"]

        expected = ("verzoek-om-toewijzing-ontvangen", "verzoek-beantwoord",
                    "toewijzing-gedaan", "bericht-verzonden", "levering-gestart",
                    "declaratie-ontvangen", "levering-gestopt")

        async def published() -> dict[str, list[dict[str, Any]]]:
            # The outbox relay publishes after the request commits: read until the stop's
            # event is there, not until some number of records is.
            by_type: dict[str, list[dict[str, Any]]] = {}
            for record in await read_topic(stack.broker.bootstrap, "wmo.indicatie.v1"):
                headers = dict(record.headers or ())
                by_type.setdefault(headers["ce_type"].decode().rsplit(".", 1)[1], []).append(
                    json.loads(record.value or b"{}"))
            return by_type

        found = await eventually(published, lambda by_type: all(k in by_type for k in expected))
        for kind in expected:
            assert len(found.get(kind, [])) == 1, (kind, sorted(found))
        assert len(found["bericht-ontvangen"]) == 4, "the duplicate stop counted once"
        assert found["verzoek-beantwoord"][0]["uitkomst"] == "toegewezen"
        assert found["verzoek-beantwoord"][0]["binnenTermijn"] is True
        gestart = found["levering-gestart"][0]
        assert (gestart["wachtdagen"], gestart["binnenNorm"]) == (10, True)
        [spend] = found["declaratie-ontvangen"]
        assert spend["bedragCents"] == 4 * product["tariefCents"]
        assert (spend["productCode"], spend["productcategorie"], spend["aanbieder"],
                spend["volume"]) == ("02A05", "02", AGB, 4)
        for payloads in found.values():
            for payload in payloads:
                assert BSN not in json.dumps(payload)

        async def kpis() -> dict[str, Any]:
            resp = await http.get(f"{stack.url('monitor')}/kpis/doorlooptijden",
                                  headers=clerk)
            result: dict[str, Any] = resp.json()
            return result

        figures = await eventually(kpis, lambda k: k.get("beschikkingen") == 1)
        assert figures["aanvragen"] == 1
        await check_monitor_spend(http, stack, clerk, 4 * product["tariefCents"])


async def check_monitor_spend(http: httpx.AsyncClient, stack: Stack, clerk: dict[str, str],
                              cents: int) -> None:
    """The monitor's budget view counts the declaratie as realised spend."""
    url = f"{stack.url('monitor')}/budgetten"

    async def budget() -> dict[str, Any]:
        resp = await http.get(url, headers=clerk, params={"jaar": date.today().year})
        result: dict[str, Any] = resp.json()
        return result

    view = await eventually(budget, lambda b: b.get("prognoseBasis") == "gerealiseerd")
    # Ambulante begeleiding (category 02) counts under doelstelling IV, in € 1,000.
    iv = [r for r in view.get("regels", []) if r.get("doelstelling") == "IV"]
    assert iv, view
    assert iv[0]["gerealiseerdK"] == round(cents / 100_000, 1), view
