"""Herbeoordeling across real processes: a toewijzing whose herbeoordeling date is 10 days
away is put on the buurtteam's worklist by indicatie's own periodic job, with its signal on
wmo.indicatie.v1; the gemeente ends the care, and the provider finds the WMO301 ending the
toewijzing (RedenWijziging 05, with the BSN indicatie fetched from toegang) in its mailbox;
the monitor counts the review as decided on time. (Expiry without a decision needs the
einddatum to pass: the API test drives the job with given dates for that.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from devstack.testing import MakeDatabase, read_topic
from indicatie.iwmo.xsd import Schemas
from lxml import etree

from .conftest import eventually, stop_stack
from .test_iwmo_roundtrip import AGB, BSN, HAVE_XSD, IWMO, auth, day, start_iwmo_stack

NS = {"w": "http://www.istandaarden.nl/iwmo/3_2/wmo301/schema"}


async def test_a_review_on_the_worklist_ends_the_care_at_the_provider(
    make_database: MakeDatabase, tmp_path: Path,
) -> None:
    stack = await start_iwmo_stack(make_database, tmp_path, {
        "WMO_HERBEOORDELING_SCAN_INTERVAL_S": "0.5"})
    worker = auth("buurtteam", subject="worker-1", team="overvecht")
    clerk = auth("gemeente", subject="clerk-1")
    provider = auth("aanbieder", subject="planner-1", team=AGB)
    toegang, indicatie, monitor = (stack.url(n) for n in ("toegang", "indicatie", "monitor"))
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            r = await http.post(f"{toegang}/meldingen", headers=worker, json={
                "bsn": BSN, "kanaal": "buurtteam", "omschrijving": "redt het niet alleen",
                "gemeldOp": day(30).isoformat(), "wijk": "Overvecht"})
            assert r.status_code == 201, r.text
            melding_id = r.json()["id"]
            r = await http.post(f"{toegang}/meldingen/{melding_id}/verwijzingen",
                                headers=worker, json={"toelichting": "ambulante begeleiding",
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
                                        "productCode": "02A05", "volume": 4,
                                        "ingangsdatum": day(12).isoformat(),
                                        "einddatum": day(-30).isoformat(),
                                        "wijk": "overvecht"}]})
            assert r.status_code == 201, r.text
            [product] = r.json()["producten"]
            r = await http.post(f"{indicatie}/toewijzingen", headers=clerk, json={
                "beschiktProductId": product["id"], "toegewezenOp": day(13).isoformat(),
                "herbeoordelingOp": day(-10).isoformat()})
            assert r.status_code == 201, r.text
            toewijzing = r.json()

            async def worklist() -> list[dict[str, Any]]:
                resp = await http.get(f"{indicatie}/herbeoordelingen", headers=worker)
                assert resp.status_code == 200, resp.text
                items: list[dict[str, Any]] = resp.json()["items"]
                return items

            [item] = await eventually(worklist, lambda items: len(items) == 1)
            assert (item["toewijzingId"], item["status"], item["herbeoordelingOp"]) == (
                toewijzing["id"], "open", day(-10).isoformat())

            async def mailbox() -> list[dict[str, Any]]:
                resp = await http.get(f"{indicatie}/aanbieders/{AGB}/berichten",
                                      params={"berichttype": "WMO301"}, headers=provider)
                items: list[dict[str, Any]] = resp.json()["items"]
                return items

            await eventually(mailbox, lambda items: len(items) == 1)
            r = await http.post(f"{indicatie}/herbeoordelingen/{item['id']}/besluit",
                                headers=clerk, json={
                                    "besluit": "beeindigen", "motivering": "doelen bereikt",
                                    "einddatum": day(-20).isoformat()})
            assert r.status_code == 200, r.text
            assert (r.json()["status"], r.json()["tijdig"]) == ("beeindigd", True)

            berichten = await eventually(mailbox, lambda items: len(items) == 2)
            nieuwste = max(berichten, key=lambda b: int(b["identificatie"]))
            r = await http.get(f"{indicatie}/berichten/{nieuwste['id']}",
                               headers={**provider, "Accept": "application/xml"})
            root = etree.fromstring(r.content)
            if HAVE_XSD:
                Schemas(IWMO).validate("WMO301", root)
            tp = "w:Client/w:ToegewezenProducten/w:ToegewezenProduct/"
            assert root.findtext("w:Client/w:Bsn", namespaces=NS) == BSN
            assert (int(root.findtext(tp + "w:ToewijzingNummer", namespaces=NS) or 0),
                    root.findtext(tp + "w:Einddatum", namespaces=NS),
                    root.findtext(tp + "w:RedenWijziging", namespaces=NS)) == (
                toewijzing["nummer"], day(-20).isoformat(), "05")

            async def published() -> dict[str, list[dict[str, Any]]]:
                by_type: dict[str, list[dict[str, Any]]] = {}
                for record in await read_topic(stack.broker.bootstrap, "wmo.indicatie.v1"):
                    headers = dict(record.headers or ())
                    by_type.setdefault(headers["ce_type"].decode().rsplit(".", 1)[1],
                                       []).append(json.loads(record.value or b"{}"))
                return by_type

            found = await eventually(published, lambda t: "herbeoordeling-besloten" in t)
            assert len(found["herbeoordeling-nadert"]) == 1, "signalled once"
            assert BSN not in json.dumps(found), "no BSN on the bus"

            jaar = day(-10).year

            async def figures() -> dict[str, Any]:
                resp = await http.get(f"{monitor}/wettelijke-termijnen/herbeoordelingen",
                                      headers=clerk, params={"jaar": jaar})
                body: dict[str, Any] = resp.json()
                return body

            counted = await eventually(figures, lambda f: f.get("besloten") == 1)
            assert (counted["teBeoordelen"], counted["opTijd"], counted["beeindigd"]) == (
                1, 1, 1)
    finally:
        stop_stack(stack)
