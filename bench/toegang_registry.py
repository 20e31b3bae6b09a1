"""Benchmark of toegang's melding intake with a Utrecht-sized client registry.

Seeds 100,000 clients (valid BSNs, pseudonyms, addresses in the buurtteam areas) and one
closed historical melding per client, starts toegang as a real process (with its broker), then
posts meldingen at a fixed concurrency: most for known residents (recognised as returning
clients, their registry entry updated), the rest for new ones, each with an address to route
and an Idempotency-Key. Prints meldingen per second sustained and the request latency
(POST → committed, with audit record and outbox event) p50/p95/p99.

Everything runs on this machine: the broker and the service are started here, the database is
WMO_TEST_DATABASE_URL, else 127.0.0.1:5432 when it answers, else the embedded PostgreSQL.

    uv run python bench/toegang_registry.py --clients 100000 --meldingen 4000 --concurrency 16
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import asyncpg
import httpx
import typer
from devstack.components import (
    ServiceProcess,
    asyncpg_dsn,
    free_port,
    postgres_url_template,
    service_env,
    start_broker,
)
from toegang.domain.reference import POSTCODES, wijk_naam
from toegang.domain.termijnen import termijnen
from wmokernel.auth import issue_dev_token
from wmokernel.bsn import Pseudonymizer
from wmokernel.migrations import drop_database, ensure_database, upgrade
from wmokernel.settings import KernelSettings


def bsns(start: int, n: int) -> list[str]:
    """``n`` distinct 9-digit numbers that pass the elfproef, from ``start`` on."""
    found: list[str] = []
    base = start
    while len(found) < n:
        digits = f"{base:08d}"
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            found.append(digits + str(check))
        base += 1
    return found


async def seed(dsn: str, clients: list[str], pseudonymize: Pseudonymizer) -> None:
    postcodes = list(POSTCODES.items())
    gemeld = date(2025, 3, 3)
    t = termijnen(gemeld)
    now = datetime.now(UTC)
    client_rows, melding_rows = [], []
    for i, bsn in enumerate(clients):
        pc4, (wijk, buurt) = postcodes[i % len(postcodes)]
        cid = pseudonymize(bsn)
        client_rows.append((cid, bsn, f"Inwoner {i}", "Teststraat", 1 + i % 300, None,
                            f"{pc4}AB", "Utrecht", "0344", wijk, buurt, now))
        melding_rows.append((uuid.uuid4(), cid, "buurtteam", "eerdere hulpvraag", gemeld,
                             wijk_naam(wijk), buurt, wijk, t.eerste_contact_uiterlijk,
                             t.onderzoek_uiterlijk, t.persoonlijk_plan_uiterlijk, "gesloten",
                             "opgelost-basiszorg", date(2025, 5, 1), "seed", now))
    conn = await asyncpg.connect(dsn)
    try:
        await conn.copy_records_to_table("clients", records=client_rows, columns=[
            "id", "bsn", "naam", "straat", "huisnummer", "huisnummertoevoeging", "postcode",
            "woonplaats", "gemeente", "wijk", "buurt", "created_at"])
        await conn.copy_records_to_table("meldingen", records=melding_rows, columns=[
            "id", "client_id", "kanaal", "omschrijving", "gemeld_op", "wijk", "buurt", "team",
            "eerste_contact_uiterlijk", "onderzoek_uiterlijk", "persoonlijk_plan_uiterlijk",
            "status", "uitkomst", "afgesloten_op", "geregistreerd_door", "created_at"])
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def load(base_url: str, known: list[str], fresh: list[str], n: int, concurrency: int,
               returning_share: float) -> tuple[float, list[float]]:
    headers = {"Authorization": "Bearer " + issue_dev_token(
        KernelSettings(), "bench-worker", ["buurtteam"], team="overvecht")}
    rng = random.Random(42)
    postcodes = list(POSTCODES)
    jobs: asyncio.Queue[dict[str, object]] = asyncio.Queue()
    fresh_iter = iter(fresh)
    for i in range(n):
        bsn = rng.choice(known) if rng.random() < returning_share else next(fresh_iter)
        jobs.put_nowait({
            "bsn": bsn, "kanaal": "buurtteam", "omschrijving": "redt het niet meer alleen",
            "adres": {"postcode": f"{rng.choice(postcodes)} CD", "huisnummer": 1 + i % 200},
            "_key": f"bench-{i}"})
    latencies: list[float] = []

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            try:
                body = jobs.get_nowait()
            except asyncio.QueueEmpty:
                return
            key = str(body.pop("_key"))
            started = time.perf_counter()
            r = await client.post("/meldingen", json=body,
                                  headers={**headers, "Idempotency-Key": key})
            latencies.append(time.perf_counter() - started)
            if r.status_code != 201:
                raise RuntimeError(f"{r.status_code}: {r.text}")

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        # Warm up connections and caches (not measured).
        warm = [jobs.get_nowait() for _ in range(min(50, n // 10))]
        for body in warm:
            body.pop("_key")
            await client.post("/meldingen", json=body, headers=headers)
        start = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return len(latencies) / elapsed, latencies


async def run(clients: int, meldingen: int, concurrency: int, returning_share: float) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="wmo-bench-toegang-"))
    template = postgres_url_template(workdir / "pg")
    url = template.replace("{db}", f"bench_toegang_{uuid.uuid4().hex[:6]}")
    broker = start_broker(log_path=workdir / "broker.log")
    service: ServiceProcess | None = None
    try:
        await ensure_database(url)
        await asyncio.to_thread(upgrade, "toegang", url)
        known = bsns(10_000_000, clients)
        fresh = bsns(60_000_000, meldingen)
        t0 = time.perf_counter()
        await seed(asyncpg_dsn(url), known, Pseudonymizer(
            KernelSettings().pseudonym_key.get_secret_value().encode()))
        print(f"seeded {clients:,} clients and {clients:,} closed meldingen "
              f"in {time.perf_counter() - t0:.1f}s")
        service = ServiceProcess("toegang", free_port(), service_env(
            "toegang", url, broker.bootstrap, {"WMO_LOG_LEVEL": "WARNING"}),
            workdir / "toegang.log")
        service.start()
        await asyncio.to_thread(service.wait_ready, 90)
        rate, latencies = await load(f"{service.url}/api/v1", known, fresh, meldingen,
                                     concurrency, returning_share)
        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            registry = await conn.fetchval("SELECT count(*) FROM clients")
            returning = await conn.fetchval(
                "SELECT count(*) FROM meldingen WHERE terugkerend AND geregistreerd_door = "
                "'bench-worker'")
        finally:
            await conn.close()
    finally:
        if service is not None:
            service.stop()
        broker.stop()
        with contextlib.suppress(Exception):
            await drop_database(url)

    q = statistics.quantiles(latencies, n=100)
    print(f"toegang intake ({os.cpu_count()} cores, service, broker, PostgreSQL and load on "
          f"this machine)")
    print(f"  clients in the registry      {registry:,} (at the end)")
    print(f"  meldingen posted             {len(latencies):,} at concurrency {concurrency}, "
          f"{returning:,} recognised as returning clients")
    print(f"  meldingen per second         {rate:,.0f} /s sustained")
    print(f"  latency p50 / p95 / p99      {q[49] * 1000:.0f} / {q[94] * 1000:.0f} / "
          f"{q[98] * 1000:.0f} ms")


def main(
    clients: Annotated[int, typer.Option(help="clients seeded in the registry")] = 100_000,
    meldingen: Annotated[int, typer.Option(help="meldingen posted")] = 4000,
    concurrency: Annotated[int, typer.Option(help="concurrent HTTP clients")] = 16,
    returning_share: Annotated[float, typer.Option(help="share for known residents")] = 0.7,
) -> None:
    """Meldingen per second and latency with a Utrecht-sized client registry."""
    asyncio.run(run(clients, meldingen, concurrency, returning_share))


if __name__ == "__main__":
    typer.run(main)
