"""A U16 municipality integrates through notifications, across real processes (toegang,
opvang, notificaties, a broker, PostgreSQL) with a real HTTP receiver standing in for its
system: Zeist subscribes, registers its resident in toegang, and follows the aanmelding to
placement, admission and uitstroom. Its receiver answers 500 while the steps happen (an
outage; the retry backoff is compressed by settings so it fits a test) and still gets every
notification once it recovers, exactly once in effect, in order per resource, each signature
valid. Houten, subscribed to the same kanalen and even filtering on Zeist, receives nothing."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from devstack.testing import MakeDatabase, read_topic
from notificaties.domain.kanalen import EVENTS
from notificaties.service.domein_events import notificatie_id
from wmokernel.wire.envelope import CloudEvent

from .conftest import eventually, start_stack, stop_stack
from .test_opvang_flow import auth

ZEIST, HOUTEN = "0355", "0321"
KANALEN = ("meldingen", "aanmeldingen", "plaatsingen")


@dataclass
class Receiver:
    """One municipality's system: records every POST; answers 500 while ``down``."""

    url: str = ""
    down: bool = False
    posts: list[tuple[int, dict[str, str], bytes, float]] = field(default_factory=list)

    def delivered(self) -> list[tuple[dict[str, str], bytes]]:
        return [(h, b) for status, h, b, _ in self.posts if status == 204]


@pytest.fixture
def receivers() -> Iterator[dict[str, Receiver]]:
    state = {"zeist": Receiver(down=True), "houten": Receiver()}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            ontvanger = state[self.path.strip("/")]
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = 500 if ontvanger.down else 204
            ontvanger.posts.append((status, {k.lower(): v for k, v in self.headers.items()},
                                    body, time.time()))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    for naam, r in state.items():
        r.url = f"http://127.0.0.1:{server.server_address[1]}/{naam}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


async def subscribe(http: httpx.AsyncClient, base: str, token: dict[str, str], url: str,
                    filters: dict[str, str]) -> str:
    r = await http.post(f"{base}/abonnementen", headers=token, json={
        "callbackUrl": url, "auth": "Bearer ontvanger",
        "kanalen": [{"naam": k, "filters": filters} for k in KANALEN]})
    assert r.status_code == 201, r.text
    secret: str = r.json()["secret"]
    return secret


async def test_zeist_follows_its_resident_through_notifications_and_houten_sees_nothing(
    make_database: MakeDatabase, tmp_path: Path, receivers: dict[str, Receiver],
) -> None:
    stack = await start_stack(
        make_database, tmp_path, ("toegang", "opvang", "notificaties"),
        {"WMO_NOTIFICATIES_INTERVAL_S": "0.2", "WMO_NOTIFICATIES_BACKOFF_BASE_S": "0.2",
         "WMO_NOTIFICATIES_BACKOFF_CAP_S": "1"})
    zeist = auth("u16-gemeente", subject="zeist-systeem", gemeente=ZEIST)
    houten = auth("u16-gemeente", subject="houten-systeem", gemeente=HOUTEN)
    regio = auth("regionale-toegang", subject="rt-1")
    toegang, opvang, notificaties = (stack.url(n) for n in ("toegang", "opvang",
                                                            "notificaties"))
    try:
        async with httpx.AsyncClient(timeout=15) as http:
            secret = await subscribe(http, notificaties, zeist, receivers["zeist"].url, {})
            for filters in ({}, {"gemeente": ZEIST}):  # whatever Houten asks for
                await subscribe(http, notificaties, houten, receivers["houten"].url, filters)
            await asyncio.sleep(2)  # the consumer group has joined

            # Zeist registers its resident; toegang sends the aanmelding on to opvang.
            r = await http.post(f"{toegang}/meldingen", headers=zeist, json={
                "bsn": "111222333", "kanaal": "regionale-toegang", "omschrijving": "dakloos",
                "gemeldOp": date.today().isoformat(), "naam": "J. Jansen",
                "opvangvorm": "maatschappelijke-opvang",
                "adres": {"postcode": "3701 AB", "huisnummer": 4, "straat": "Slotlaan",
                          "woonplaats": "Zeist"}})
            assert r.status_code == 201, r.text
            melding = r.json()

            async def aanmeldingen() -> list[dict[str, Any]]:
                resp = await http.get(f"{opvang}/aanmeldingen", headers=zeist,
                                      params={"meldingId": melding["id"]})
                items: list[dict[str, Any]] = resp.json()["items"]
                return items

            [aanmelding] = await eventually(aanmeldingen, lambda items: len(items) == 1, 60)
            assert aanmelding["gemeente"] == ZEIST

            # Placed (a reference location: no setup), admitted by its provider, and out.
            r = await http.post(f"{opvang}/plaatsingen", headers=regio,
                                json={"aanmeldingId": aanmelding["id"]})
            assert r.status_code == 201, r.text
            plaatsing = r.json()
            locatie = (await http.get(f"{opvang}/locaties/{plaatsing['locatieId']}",
                                      headers=regio)).json()
            provider = auth("aanbieder", subject="planner-1", team=locatie["aanbieder"])
            r = await http.post(f"{opvang}/plaatsingen/{plaatsing['id']}/opname",
                                headers=provider, json={"opgenomenOp": date.today().isoformat()})
            assert r.status_code == 200, r.text
            r = await http.post(f"{opvang}/plaatsingen/{plaatsing['id']}/uitstroom",
                                headers=provider, json={
                                    "uitgestroomdOp": date.today().isoformat(),
                                    "bestemming": "zelfstandig-wonen"})
            assert r.status_code == 200, r.text

            # What Zeist must get: every step of its resident on a kanaal it follows.
            records = [CloudEvent.from_record(r.headers, r.value)
                       for topic in ("wmo.toegang.v1", "wmo.opvang.v1")
                       for r in await read_topic(stack.broker.bootstrap, topic, min_records=1)]
            steps = [e for e in records if isinstance(e.data, dict)
                     and e.data.get("gemeente") == ZEIST
                     and EVENTS.get(e.type.removeprefix("nl.utrecht.wmo."), ("",))[0]
                     in KANALEN]
            types = {e.type.rsplit(".", 1)[1] for e in steps}
            assert {"melding-ontvangen", "aanmelding-opvang-gedaan", "aanmelding-ontvangen",
                    "plaats-gereserveerd", "client-opgenomen", "client-uitgestroomd"} <= types

            # The outage: every attempt so far was answered 500 ...
            await eventually(lambda: asyncio.sleep(0, len(receivers["zeist"].posts)),
                             lambda n: n >= 3, 30)
            assert receivers["zeist"].delivered() == []
            # ... then the receiver recovers and everything arrives.
            receivers["zeist"].down = False
            await eventually(
                lambda: asyncio.sleep(0, {h["x-notificatie-id"]
                                          for h, _ in receivers["zeist"].delivered()}),
                lambda ids: len(ids) >= len(steps), 60)
            await asyncio.sleep(2)  # anything doubled or late would show now

        got = receivers["zeist"].delivered()
        bodies = [json.loads(b) for _, b in got]
        ids = [h["x-notificatie-id"] for h, _ in got]
        assert len(set(ids)) == len(steps), (len(set(ids)), sorted(types))
        for h, b in got:
            expected = "sha256=" + hmac.new(secret.encode(), b, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(h["x-notificatie-signature"], expected)
            assert h["authorization"] == "Bearer ontvanger"
            assert "bsn" not in b.decode().lower() and b"111222333" not in b
        # In order per resource: per hoofdObject, the notifications (by their first arrival)
        # follow the order of the events on the topic; a repeat of one has no second effect.
        nid = {notificatie_id(e): e for e in steps}
        assert set(ids) == {str(i) for i in nid}
        per_hoofdobject: dict[str, list[str]] = {}
        for i, body in zip(ids, bodies, strict=True):
            lijst = per_hoofdobject.setdefault(body["hoofdObject"], [])
            if i not in lijst:
                lijst.append(i)
        for hoofd, aangekomen in per_hoofdobject.items():
            verwacht = [str(notificatie_id(e)) for e in steps
                        if str(notificatie_id(e)) in aangekomen]
            assert aangekomen == verwacht, hoofd
        for body in bodies:
            assert body["kenmerken"]["gemeente"] == ZEIST
        acties = [b["actie"] for b in bodies if b["kanaal"] == "plaatsingen"]
        assert acties[0] == "create", "the reservation comes before the opname and uitstroom"
        assert receivers["houten"].posts == [], "Houten never receives a Zeist notification"
    finally:
        stop_stack(stack)
