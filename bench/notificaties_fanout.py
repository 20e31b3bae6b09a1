"""Benchmark: notification fan-out to 16 subscribers.

Starts a broker and the notificaties service as a real process, and 16 HTTP receivers on this
machine (one server, a path per subscriber) standing in for the U16 municipalities' and
Utrecht's systems; each subscribes to the kanaal `aanmeldingen` (as Utrecht-wide systems, so
every event fans out to all 16). One event is delivered first, so the consumer has joined
and the connections are open. Then two loads on `wmo.opvang.v1`, each event stamped with the
time it was produced:

- a burst: ``--events`` at once, as a night's batch or a replay gives: the notifications
  delivered per second, and the delay (which, in a burst, is mostly queueing);
- a steady load: ``--rate`` events per second for ``--seconds``: the delay from event to
  delivery when the service keeps up.

Both print the delay at the receiver (p50/p95/max) and, measured in the same run on the same
broker, the raw rate at which a plain consumer reads those records: the ceiling of any
fan-out. Open Notificaties' published burst figure is about 25 notifications per second with
~85 ms delay.

    uv run python bench/notificaties_fanout.py --events 1000 --rate 25 --seconds 20
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import statistics
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import httpx
import typer
import uvicorn
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from devstack.components import (
    ServiceProcess,
    free_port,
    postgres_url_template,
    service_env,
    start_broker,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from wmokernel.auth import issue_dev_token
from wmokernel.events.opvang import AanmeldingOntvangen, OpvangVormDetail
from wmokernel.migrations import drop_database, ensure_database, upgrade
from wmokernel.settings import KernelSettings

TOPIC = "wmo.opvang.v1"


class Receivers:
    """One HTTP server; subscriber ``n`` is POSTed at ``/n``. Records arrival times."""

    def __init__(self) -> None:
        self.port = free_port()
        self.arrivals: list[tuple[int, str, float]] = []  # subscriber, hoofdObject, time
        self.secrets: dict[int, str] = {}
        self.bad_signatures = 0
        self._lock = threading.Condition()
        app = Starlette(routes=[Route("/{n:int}", self._receive, methods=["POST"])])
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                     log_level="warning", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    async def _receive(self, request: Request) -> Response:
        body = await request.body()
        n = int(request.path_params["n"])
        now = time.time()
        expected = "sha256=" + hmac.new(self.secrets.get(n, "").encode(), body,
                                        hashlib.sha256).hexdigest()
        import json
        hoofd = json.loads(body)["hoofdObject"]
        with self._lock:
            self.arrivals.append((n, hoofd, now))
            if not hmac.compare_digest(expected, request.headers.get(
                    "x-notificatie-signature", "")):
                self.bad_signatures += 1
            self._lock.notify_all()
        return Response(status_code=204)

    def reset(self) -> None:
        with self._lock:
            self.arrivals.clear()
            self.bad_signatures = 0

    def wait_for(self, n: int, timeout_s: float) -> None:
        """Block until ``n`` notifications arrived or ``timeout_s`` passed."""
        with self._lock:
            self._lock.wait_for(lambda: len(self.arrivals) >= n, timeout_s)

    def start(self) -> None:
        self._thread.start()
        while not self._server.started:
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)


async def produce(bootstrap: str, n: int, rate: float = 0.0) -> dict[str, float]:
    """``n`` aanmelding-ontvangen events, at once or ``rate`` per second; returns the produce
    time per aanmelding id."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=0 if rate else 5)
    await producer.start()
    sent: dict[str, float] = {}
    begin = time.perf_counter()
    try:
        futures = []
        for i in range(n):
            if rate:
                await asyncio.sleep(max(0.0, begin + i / rate - time.perf_counter()))
            event = AanmeldingOntvangen(
                aanmelding_id=uuid.uuid4(), client_id="p-" + uuid.uuid4().hex,
                gemeente="0344", vorm=OpvangVormDetail.MO_24_UURS, kanaal="bench",
                verwezen_op=date.today(), buiten_regio=False, doelgroep="wmo",
                financiering="wmo").to_cloudevent("/wmo/opvang")
            sent[str(event.subject)] = time.time()
            futures.append(await producer.send(TOPIC, key=event.subject.encode(),
                                               value=event.body(),
                                               headers=event.to_headers()))
            if i % 200 == 199 or rate:
                await producer.flush()
        await producer.flush()
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return sent


async def raw_consume_rate(bootstrap: str, n: int) -> float:
    """Records per second a plain consumer reads the same topic from the start."""
    consumer = AIOKafkaConsumer(TOPIC, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        got, start = 0, time.perf_counter()
        while got < n:
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            got += sum(len(v) for v in batch.values())
            if time.perf_counter() - start > 120:
                break
        return got / (time.perf_counter() - start)
    finally:
        await consumer.stop()


async def subscribe(base: str, receivers: Receivers, subscribers: int) -> None:
    token = issue_dev_token(KernelSettings(), "bench-systeem", ["systeem"])
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        for n in range(subscribers):
            r = await http.post("/abonnementen", headers=headers, json={
                "callbackUrl": f"http://127.0.0.1:{receivers.port}/{n}",
                "auth": f"Bearer ontvanger-{n}",
                "kanalen": [{"naam": "aanmeldingen", "filters": {}}]})
            if r.status_code != 201:
                raise RuntimeError(f"{r.status_code}: {r.text}")
            receivers.secrets[n] = r.json()["secret"]


@dataclass
class Phase:
    name: str
    events: int
    sent: dict[str, float]
    arrivals: list[tuple[int, str, float]]
    start: float
    done: float
    bad_signatures: int


async def phase(name: str, bootstrap: str, receivers: Receivers, subscribers: int,
                events: int, rate: float = 0.0) -> Phase:
    receivers.reset()
    start = time.time()
    sent = await produce(bootstrap, events, rate)
    await asyncio.to_thread(receivers.wait_for, events * subscribers, 600)
    arrivals = list(receivers.arrivals)
    done = max((t for _, _, t in arrivals), default=time.time())
    return Phase(name, events, sent, arrivals, start, done, receivers.bad_signatures)


def report(p: Phase, subscribers: int) -> None:
    expected = p.events * subscribers
    delays = sorted(t - p.sent[h.rsplit("/", 1)[-1]] for _, h, t in p.arrivals
                    if h.rsplit("/", 1)[-1] in p.sent)
    unique = {(n, h) for n, h, _ in p.arrivals}
    q = statistics.quantiles(delays, n=100) if len(delays) > 1 else [0.0] * 99
    rate = len(p.arrivals) / max(p.done - p.start, 1e-9)
    print(f"  {p.name}")
    print(f"    notifications delivered    {len(unique):,} of {expected:,} "
          f"({len(p.arrivals) - len(unique)} repeated, {p.bad_signatures} bad signatures)")
    print(f"    notifications per second   {rate:,.0f} /s (first event produced to last "
          "delivery)")
    print(f"    delay event -> delivery    p50 {q[49] * 1000:,.0f} ms, p95 {q[94] * 1000:,.0f} "
          f"ms, max {delays[-1] * 1000 if delays else 0:,.0f} ms")


async def run(events: int, subscribers: int, interval_s: float, rate: float,
              seconds: float) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="wmo-bench-notificaties-"))
    url = postgres_url_template(workdir / "pg").replace(
        "{db}", f"bench_notificaties_{uuid.uuid4().hex[:6]}")
    broker = start_broker(log_path=workdir / "broker.log")
    receivers = Receivers()
    receivers.start()
    service: ServiceProcess | None = None
    phases: list[Phase] = []
    try:
        await ensure_database(url)
        await asyncio.to_thread(upgrade, "notificaties", url)
        service = ServiceProcess("notificaties", free_port(), service_env(
            "notificaties", url, broker.bootstrap, {
                "WMO_LOG_LEVEL": "WARNING", "WMO_NOTIFICATIES_INTERVAL_S": str(interval_s),
                "WMO_NOTIFICATIES_GELIJKTIJDIG": "32", "WMO_NOTIFICATIES_BATCH_SIZE": "500"}),
            workdir / "notificaties.log")
        service.start()
        await asyncio.to_thread(service.wait_ready, 90)
        await subscribe(f"{service.url}/api/v1", receivers, subscribers)
        await phase("warm-up", broker.bootstrap, receivers, subscribers, 1)
        phases.append(await phase(f"burst: {events:,} events at once", broker.bootstrap,
                                  receivers, subscribers, events))
        if rate > 0 and seconds > 0:
            phases.append(await phase(
                f"steady: {rate:g} events/s for {seconds:g} s "
                f"({rate * subscribers:,.0f} notifications/s offered)", broker.bootstrap,
                receivers, subscribers, round(rate * seconds), rate))
        raw = await raw_consume_rate(broker.bootstrap, 1 + sum(p.events for p in phases))
    finally:
        if service is not None:
            service.stop()
        receivers.stop()
        broker.stop()
        with contextlib.suppress(Exception):
            await drop_database(url)

    print(f"notification fan-out ({os.cpu_count()} cores; broker, service, PostgreSQL and "
          "receivers on this machine)")
    print(f"  subscribers                  {subscribers} (kanaal aanmeldingen, each gets every "
          f"event); delivery job woken by new events, else every {interval_s} s")
    for p in phases:
        report(p, subscribers)
    print(f"  raw consume rate (same run)  {raw:,.0f} records/s: the ceiling of any fan-out")
    print("  Open Notificaties (published burst figure): ~25 /s, ~85 ms delay")


def main(
    events: Annotated[int, typer.Option(help="events in the burst")] = 1000,
    subscribers: Annotated[int, typer.Option(help="subscriptions that each get every "
                                                  "event")] = 16,
    interval_s: Annotated[float, typer.Option(help="the delivery job's round interval "
                                                   "(WMO_NOTIFICATIES_INTERVAL_S)")] = 1.0,
    rate: Annotated[float, typer.Option(help="events per second in the steady phase "
                                             "(0: no steady phase)")] = 25.0,
    seconds: Annotated[float, typer.Option(help="length of the steady phase")] = 20.0,
) -> None:
    """Notifications per second and event-to-delivery delay with 16 subscribers."""
    asyncio.run(run(events, subscribers, interval_s, rate, seconds))


if __name__ == "__main__":
    typer.run(main)
