"""Delivery to a real HTTP receiver on 127.0.0.1: ten simulated minutes of outage (500), then
recovery; the clock is the test's, so nothing sleeps."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from notificaties.domain.aflevering import klopt
from notificaties.service.afleveringen import Bezorger, bezorg
from notificaties.service.domein_events import on_domain_event, on_domain_events
from wmokernel.wire.envelope import CloudEvent

from ..conftest import bearer

HOUTEN = bearer("u16-gemeente", subject="houten-app", gemeente="0321")
UTRECHT = bearer("systeem", subject="zaaksysteem")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Receiver:
    url: str
    down: bool = True
    received: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)

    def accepted(self, auth: str) -> list[tuple[dict[str, str], dict[str, Any], bytes]]:
        return [(h, json.loads(b), b) for s, h, b in self.received
                if s == 200 and h["authorization"] == auth]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = 500 if state.down else 200
            state.received.append((status, {k.lower(): v for k, v in self.headers.items()},
                                   body))
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def opvang(name: str, aanmelding: uuid.UUID, gemeente: str, **extra: Any) -> CloudEvent:
    data = {"aanmeldingId": str(aanmelding), "clientId": "p-" + aanmelding.hex,
            "gemeente": gemeente, "vorm": "mo-24-uursopvang", **extra}
    return CloudEvent(type=f"nl.utrecht.wmo.opvang.{name}", source="/wmo/opvang",
                      subject=str(aanmelding), data=data)


STEPS = ["aanmelding-ontvangen", "op-wachtlijst-geplaatst", "plaats-gereserveerd",
         "client-opgenomen", "client-uitgestroomd"]


def resident(gemeente: str) -> list[CloudEvent]:
    a, p = uuid.uuid4(), str(uuid.uuid4())
    return [opvang(s, a, gemeente, **({"plaatsingId": p} if "plaats" in s or "client" in s
                                     else {})) for s in STEPS]


async def subscribe(client: httpx.AsyncClient, headers: dict[str, str], url: str, auth: str,
                    kanalen: list[dict[str, Any]]) -> str:
    r = await client.post("/api/v1/abonnementen", headers=headers,
                          json={"callbackUrl": url, "auth": auth, "kanalen": kanalen})
    assert r.status_code == 201, r.text
    secret: str = r.json()["secret"]
    return secret


async def test_outage_then_recovery_in_order_signed_and_confined(
        app: FastAPI, client: httpx.AsyncClient, receiver: Receiver) -> None:
    rt = app.state.runtime
    both = [{"naam": "aanmeldingen"}, {"naam": "plaatsingen"}]
    houten = await subscribe(client, HOUTEN, receiver.url, "houten", both)
    # asks for Zeist's residents explicitly: must still get nothing
    houten_zeist = await subscribe(client, HOUTEN, receiver.url, "houten-zeist", [
        {"naam": "aanmeldingen", "filters": {"gemeente": "0355"}},
        {"naam": "plaatsingen", "filters": {"gemeente": "0355"}}])
    utrecht = await subscribe(client, UTRECHT, receiver.url, "utrecht", both)
    assert houten_zeist

    events = [*resident("0321"), *resident("0355"), *resident("0321")]
    # interleave the residents' steps, as the bus would
    events = [e for i in range(len(STEPS)) for e in events[i::len(STEPS)]]
    clock = Clock()
    for event in [*events, events[0]]:  # the first read twice: still one delivery
        async with rt.unit_of_work() as uow:
            await on_domain_event(uow, event, now=clock())

    async def round_() -> int:
        async with rt.unit_of_work() as uow:
            return await bezorg(uow, klok=clock)

    while clock.now < T0 + timedelta(minutes=10):
        assert await round_() == 0
        clock.now += timedelta(seconds=15)
    assert receiver.received and all(s == 500 for s, _, _ in receiver.received)
    # while down only the head of each queue was tried: one per resident per subscription
    heads = {(h["authorization"], json.loads(b)["hoofdObject"]) for _, h, b in receiver.received}
    assert {json.loads(b)["kenmerken"]["eventType"] for _, _, b in receiver.received} == {
        "aanmelding-ontvangen"}
    assert len(heads) == 2 + 3

    receiver.down = False
    while clock.now < T0 + timedelta(minutes=40):
        clock.now += timedelta(seconds=30)
        await round_()
    async with rt.engine.connect() as conn:
        statuses = dict((await conn.execute(sa.text(
            "SELECT status, count(*) FROM afleveringen GROUP BY status"))).all())
    assert statuses == {"afgeleverd": 25}

    for auth, secret, expected in (("houten", houten, 10), ("utrecht", utrecht, 15)):
        got = receiver.accepted(auth)
        assert len(got) == expected
        assert len({h["x-notificatie-id"] for h, _, _ in got}) == expected  # each once
        for headers, notif, raw in got:
            assert klopt(secret, raw, headers["x-notificatie-signature"])
            assert headers["x-notificatie-timestamp"]
            assert "bsn" not in raw.decode() and set(notif["kenmerken"]) <= {
                "eventType", "gemeente", "clientId", "vorm"}
        per_object: dict[str, list[str]] = {}
        for _, notif, _ in got:
            per_object.setdefault(notif["hoofdObject"], []).append(
                notif["kenmerken"]["eventType"])
        assert all(steps == STEPS for steps in per_object.values()), per_object
    assert {n["kenmerken"]["gemeente"] for _, n, _ in receiver.accepted("houten")} == {"0321"}
    assert {n["kenmerken"]["gemeente"] for _, n, _ in receiver.accepted("utrecht")} == {
        "0321", "0355"}
    assert not [r for r in receiver.received if r[1]["authorization"] == "houten-zeist"]
    # a wrong key does not verify
    _, _, raw = receiver.accepted("houten")[0]
    assert not klopt(utrecht, raw, receiver.accepted("houten")[0][0]["x-notificatie-signature"])


async def test_dead_letter_after_max_age_listing_and_redelivery(
        app: FastAPI, client: httpx.AsyncClient, receiver: Receiver) -> None:
    rt = app.state.runtime
    await subscribe(client, HOUTEN, receiver.url, "houten", [{"naam": "meldingen"}])
    aid = (await client.get("/api/v1/abonnementen", headers=HOUTEN)).json()["items"][0]["id"]
    melding = CloudEvent(type="nl.utrecht.wmo.toegang.melding-ontvangen", source="/wmo/toegang",
                         subject="m", data={"meldingId": str(uuid.uuid4()),
                                            "clientId": "p-" + "b" * 32, "gemeente": "0321"})
    utrecht_melding = CloudEvent(type=melding.type, source=melding.source, subject="m2",
                                 data={"meldingId": str(uuid.uuid4())})  # no gemeente: 0344
    clock = Clock()
    async with rt.unit_of_work() as uow:
        assert await on_domain_event(uow, melding, now=clock()) == 1
        assert await on_domain_event(uow, utrecht_melding, now=clock()) == 0
    rt.settings.notificaties_max_leeftijd_s = 3600
    while clock.now <= T0 + timedelta(hours=1, minutes=20):
        async with rt.unit_of_work() as uow:
            await bezorg(uow, klok=clock)
        clock.now += timedelta(minutes=1)
    r = await client.get(f"/api/v1/abonnementen/{aid}/afleveringen", headers=HOUTEN,
                         params={"status": "dead-letter"})
    assert r.status_code == 200 and r.json()["total"] == 1
    dead = r.json()["items"][0]
    assert dead["laatsteStatuscode"] == 500 and dead["pogingen"] > 5
    assert dead["volgendePoging"] is None and dead["afgeleverdOp"] is None
    assert (await client.get(f"/api/v1/abonnementen/{aid}/afleveringen", headers=HOUTEN,
                             params={"status": "bezig"})).status_code == 422

    receiver.down = False
    url = f"/api/v1/abonnementen/{aid}/afleveringen/{dead['id']}/herleveringen"
    assert (await client.post(url, headers=UTRECHT)).status_code == 404
    r = await client.post(url, headers=HOUTEN)
    assert r.status_code == 202 and r.json()["status"] == "wachtend"
    assert (await client.post(url, headers=HOUTEN)).status_code == 409
    async with rt.unit_of_work() as uow:
        assert await bezorg(uow) == 1
    r = await client.get(f"/api/v1/abonnementen/{aid}/afleveringen", headers=HOUTEN)
    assert [(a["status"], a["laatsteStatuscode"]) for a in r.json()["items"]] == [
        ("afgeleverd", 200)]
    assert len(receiver.accepted("houten")) == 1


async def test_a_hanging_receiver_holds_up_only_its_own_queue(make_app: Any) -> None:
    """The process's delivery job does not wait for the slowest receiver: while Houten's
    receiver hangs past the time limit, Utrecht gets a resident's five steps, in order; Houten's
    attempt then fails on the time limit and is retried later, and no transaction stayed open
    meanwhile."""
    app = await make_app(notificaties_timeout_s=2.0, notificaties_gelijktijdig=8)
    rt = app.state.runtime
    release = threading.Event()
    received: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            auth = self.headers["Authorization"]
            if auth == "houten":
                release.wait(5)  # hangs past the 2 s limit
            received.append((auth, json.loads(body)["kenmerken"]["eventType"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://n") as client:
        both = [{"naam": "aanmeldingen"}, {"naam": "plaatsingen"}]
        await subscribe(client, HOUTEN, url, "houten", both)
        await subscribe(client, UTRECHT, url, "utrecht", both)
    async with rt.unit_of_work() as uow:
        await on_domain_events(uow, resident("0321"))

    bezorger = Bezorger(rt.settings, rt.unit_of_work)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while [s for a, s in received if a == "utrecht"] != STEPS:
            assert loop.time() < deadline, received
            async with rt.unit_of_work() as uow:
                await bezorger(uow)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bezorger.wake.wait(), 0.2)
            bezorger.wake.clear()
        # Utrecht is done while Houten's first attempt still hangs
        assert not [a for a, _ in received if a == "houten"]
        assert bezorger.in_flight == 1
        async with rt.engine.connect() as conn:
            open_txns = await conn.scalar(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction'"))
        assert open_txns == 0
        await bezorger.drain()
    finally:
        release.set()
        await bezorger.close()
        server.shutdown()
        server.server_close()
    async with rt.engine.connect() as conn:
        houten = (await conn.execute(sa.text(
            "SELECT a.status, a.pogingen, a.laatste_fout FROM afleveringen a "
            "JOIN abonnementen b ON b.id = a.abonnement_id WHERE b.auth = 'houten' "
            "ORDER BY a.volgnummer"))).all()
    assert houten[0].status == "wachtend" and houten[0].pogingen == 1
    assert "Timeout" in houten[0].laatste_fout
    assert all(r.pogingen == 0 for r in houten[1:])  # the rest waits its turn
