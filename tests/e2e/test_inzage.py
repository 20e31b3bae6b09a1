"""The resident's right of access (AVG art. 15) across the five services as real processes:
residents A and B get a melding, a verwijzing, an aanvraag and a beschikking, an opvang
aanmelding and notifications through the public APIs; the privacy officer's export for A
holds every record each service keeps on A and every processing of A's data, and nothing of
B (neither B's BSN nor client id nor the id of any of B's records). With a service away the
export fails as a whole, naming it."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from devstack.components import SERVICES, ServiceProcess, free_port, service_env, start_broker
from devstack.testing import MakeDatabase
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings

from .conftest import Stack, eventually, stop_stack

BSN_A, BSN_B = "111222333", "123456782"


def auth(*roles: str, subject: str, team: str | None = None) -> dict[str, str]:
    return {"Authorization": "Bearer " + issue_dev_token(KernelSettings(), subject, roles,
                                                         team=team)}


WORKER = auth("buurtteam", subject="worker-1", team="overvecht")
CLERK = auth("gemeente", subject="clerk-1")
REGIO = auth("regionale-toegang", subject="rt-1")
SYSTEEM = auth("systeem", subject="utrecht-systeem")
OFFICER = auth("privacy-officer", subject="fg-1")


@pytest.fixture
def receiver() -> Iterator[str]:
    """A municipal system that takes every notification."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


async def start_all(make_database: MakeDatabase, log_dir: Path) -> Stack:
    """The five services; toegang told where the others are (its inzage gathers from them)."""
    broker = start_broker(log_path=log_dir / "broker.log")
    urls = await asyncio.gather(*(make_database(n, n) for n in SERVICES))
    ports = {n: free_port() for n in SERVICES}
    base = {n: f"http://127.0.0.1:{p}" for n, p in ports.items()}
    extra = {"toegang": {f"WMO_{n.upper()}_URL": base[n]
                         for n in ("indicatie", "opvang", "monitor", "notificaties")},
             "indicatie": {"WMO_TOEGANG_URL": base["toegang"]},
             "notificaties": {"WMO_NOTIFICATIES_INTERVAL_S": "0.2"}}
    services = {n: ServiceProcess(n, ports[n], service_env(n, url, broker.bootstrap,
                                                           extra.get(n)), log_dir / f"{n}.log")
                for n, url in zip(SERVICES, urls, strict=True)}
    for svc in services.values():
        svc.start()
    for svc in services.values():
        await asyncio.to_thread(svc.wait_ready, 90.0)
    return Stack(broker, services)


async def resident(http: httpx.AsyncClient, stack: Stack, bsn: str) -> dict[str, Any]:
    """A resident's path through the public APIs: melding and verwijzing in toegang, the
    aanvraag indicatie opens from it and the gemeente's beschikking, an opvang aanmelding.
    Returns every id made."""
    today = date.today()
    r = await http.post(f"{stack.url('toegang')}/meldingen", headers=WORKER, json={
        "bsn": bsn, "kanaal": "buurtteam", "omschrijving": f"hulp gevraagd door {bsn[-3:]}",
        "gemeldOp": (today - timedelta(days=14)).isoformat(), "wijk": "Overvecht"})
    assert r.status_code == 201, r.text
    melding = r.json()
    r = await http.post(f"{stack.url('toegang')}/meldingen/{melding['id']}/verwijzingen",
                        headers=WORKER, json={"toelichting": "begeleiding nodig",
                                              "verwezenOp": (today - timedelta(days=7))
                                              .isoformat()})
    assert r.status_code == 201, r.text
    verwijzing = r.json()

    async def aanvragen() -> list[dict[str, Any]]:
        resp = await http.get(f"{stack.url('indicatie')}/aanvragen", headers=CLERK,
                              params={"meldingId": melding["id"]})
        items: list[dict[str, Any]] = resp.json()["items"]
        return items

    [aanvraag] = await eventually(aanvragen, lambda items: len(items) == 1)
    r = await http.post(f"{stack.url('indicatie')}/aanvragen/{aanvraag['id']}/beschikkingen",
                        headers=CLERK, json={
                            "besluit": "toegekend", "motivering": "begeleiding past",
                            "producten": [{"productCode": "02A05", "volume": 4,
                                           "ingangsdatum": today.isoformat()}]})
    assert r.status_code == 201, r.text
    beschikking = r.json()
    r = await http.post(f"{stack.url('opvang')}/aanmeldingen", headers=REGIO, json={
        "clientId": melding["clientId"], "gemeente": "0344", "vorm": "mo-24-uursopvang",
        "verwezenOp": today.isoformat()})
    assert r.status_code == 201, r.text
    return {"bsn": bsn, "clientId": melding["clientId"], "melding": melding["id"],
            "verwijzing": verwijzing["id"], "aanvraag": aanvraag["id"],
            "beschikking": beschikking["id"],
            "producten": [p["id"] for p in beschikking["producten"]],
            "aanmelding": r.json()["id"]}


def ids(records: list[dict[str, Any]], key: str = "id") -> set[str]:
    return {str(r[key]) for r in records}


def handelingen(part: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(v["actor"], v["handeling"], v["soort"]) for v in part["verwerkingen"]}


async def test_the_export_holds_all_of_a_and_nothing_of_b(
    make_database: MakeDatabase, tmp_path: Path, receiver: str,
) -> None:
    stack = await start_all(make_database, tmp_path)
    try:
        async with httpx.AsyncClient(timeout=30) as http:
            r = await http.post(f"{stack.url('notificaties')}/abonnementen", headers=SYSTEEM,
                                json={"callbackUrl": receiver, "auth": "Bearer ontvanger",
                                      "kanalen": [{"naam": "meldingen"},
                                                  {"naam": "aanvragen"}]})
            assert r.status_code == 201, r.text
            await asyncio.sleep(2)  # the consumer groups have joined
            a = await resident(http, stack, BSN_A)
            b = await resident(http, stack, BSN_B)

            async def export() -> dict[str, Any]:
                resp = await http.post(f"{stack.url('toegang')}/inzageverzoeken",
                                       headers=OFFICER, json={"bsn": BSN_A})
                assert resp.status_code == 201, resp.text
                body: dict[str, Any] = resp.json()
                return body

            def complete(e: dict[str, Any]) -> bool:
                d = e["diensten"]
                return (bool(d["monitor"]["gegevens"].get("beschikkingen"))
                        and bool(d["monitor"]["gegevens"].get("opvangAanmeldingen"))
                        and len(d["notificaties"]["gegevens"].get("afleveringen", [])) >= 3)

            # Events reach the monitor and notificaties asynchronously: ask until they have.
            result = await eventually(export, complete, wait_s=60)
            assert result["clientId"] == a["clientId"] and result["door"] == "fg-1"
            d = result["diensten"]

            toegang = d["toegang"]["gegevens"]
            assert [c["bsn"] for c in toegang["clients"]] == [BSN_A]
            assert ids(toegang["meldingen"]) == {a["melding"]}
            assert ids(toegang["verwijzingen"]) == {a["verwijzing"]}

            indicatie = d["indicatie"]["gegevens"]
            assert ids(indicatie["aanvragen"]) == {a["aanvraag"]}
            assert ids(indicatie["beschikkingen"]) == {a["beschikking"]}
            assert ids(indicatie["beschikteProducten"]) == set(a["producten"])
            assert ids(indicatie["cakMeldingen"], "clientId") == {a["clientId"]}

            assert ids(d["opvang"]["gegevens"]["aanmeldingen"]) == {a["aanmelding"]}

            monitor = d["monitor"]["gegevens"]
            assert ids(monitor["meldingen"], "meldingId") == {a["melding"]}
            assert ids(monitor["aanvragen"], "aanvraagId") == {a["aanvraag"]}
            assert ids(monitor["beschikkingen"], "beschikkingId") == {a["beschikking"]}
            assert ids(monitor["opvangAanmeldingen"], "aanmeldingId") == {a["aanmelding"]}

            afleveringen = d["notificaties"]["gegevens"]["afleveringen"]
            assert {x["notificatie"]["kenmerken"]["clientId"] for x in afleveringen} == {
                a["clientId"]}
            assert {x["ontvanger"] for x in afleveringen} == {"utrecht-systeem"}

            # Every processing of A's data: who, when, what, why.
            assert ("worker-1", "create", "melding") in handelingen(d["toegang"])
            assert ("clerk-1", "create", "beschikking") in handelingen(d["indicatie"])
            assert ("rt-1", "create", "aanmelding") in handelingen(d["opvang"])
            for part in d.values():
                assert all(v["tijdstip"] and v["doel"] for v in part["verwerkingen"])

            text = json.dumps(result)
            for key in ("bsn", "clientId", "melding", "verwijzing", "aanvraag", "beschikking",
                        "aanmelding"):
                assert str(b[key]) not in text, f"B's {key} is in A's export"
            for product in b["producten"]:
                assert product not in text

            # Each service logged its part of the verzoek as a processing of A's data.
            again = await export()
            for naam in ("indicatie", "opvang", "monitor", "notificaties"):
                assert ("toegang", "read", "inzage") in handelingen(again["diensten"][naam])
            assert ("fg-1", "export", "inzageverzoek") in handelingen(again["diensten"]["toegang"])

            # The monitor away: nothing is exported, and the answer says why.
            stack.services["monitor"].stop()
            r = await http.post(f"{stack.url('toegang')}/inzageverzoeken", headers=OFFICER,
                                json={"bsn": BSN_A})
            assert r.status_code == 503, r.text
            assert r.headers["content-type"] == "application/problem+json"
            assert "monitor" in r.json()["detail"] and BSN_A not in r.text
    finally:
        stop_stack(stack)
