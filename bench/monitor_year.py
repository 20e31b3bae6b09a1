"""Benchmark: the monitor on a Utrecht-sized year.

Generates a year (about 225,000 events: 12,000 buurtteam casussen for 11,000 clients, the
provision, BW and MO volumes of DOMAIN §4–5, the iWmo messages, verzoeken and term signals,
some 63,000 approved prestaties, the payment batches and the depot's aids), publishes it to a
Tansu broker, times a full rebuild (python -m monitor rebuild's code path), then times every
KPI query (per month, quarter and year, in total and per dimension), the Bijlage 3 report and
the budget view, and checks the report, the iWmo KPIs, realised and paid spend and the aids
against the generator's truth. Targets (ARCHITECTURE.md): KPI queries under 200 ms, a rebuild
under 60 s.

    uv run python bench/monitor_year.py [--schaal 1.0] [--jaar 2022]

PostgreSQL: WMO_TEST_DATABASE_URL (a URL with {db}), else 127.0.0.1:5432, else embedded.
"""

from __future__ import annotations

import asyncio
import functools
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from devstack.components import postgres_url_template, start_broker
from monitor.app import rebuild
from monitor.domain.kpis import IWMO_KPIS, KPIS
from monitor.generator import generate_year, publish
from monitor.repository.bijlage3 import bijlage3
from monitor.repository.budget import budget_view
from monitor.repository.kpis import kpi_cells
from monitor.settings import MonitorSettings
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.catalogue import DOMAIN_TOPICS
from wmokernel.db import make_engine, make_session_factory
from wmokernel.kafka import ensure_topics
from wmokernel.migrations import drop_database, ensure_database, upgrade

RUNS = 5


async def median_ms(coro_factory: Callable[[], Awaitable[object]], runs: int
                    ) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        await coro_factory()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


async def timed(label: str, coro_factory: Callable[[], Awaitable[object]], runs: int = 5
                ) -> float:
    med, best = await median_ms(coro_factory, runs)
    flag = "ok " if med < 200 else "SLOW"
    print(f"  {flag} {label:<52} median {med:7.1f} ms  best {best:7.1f} ms")
    return med


async def iwmo_figures(session: AsyncSession, jaar: int
                       ) -> dict[str, dict[str, tuple[int, int]]]:
    """The iWmo KPIs over the year in the shape of the generator's iWmo truth."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for kpi in IWMO_KPIS:
        for dim in [None, *kpi.dimensies]:
            for c in await kpi_cells(session, kpi, jaar, "jaar", dim):
                groep = c["groep"] if dim is None else f"{dim}:{c['groep']}"
                out.setdefault(kpi.id, {})[groep] = (c["aantal"], c["teller"] or 0)
    return out


async def main(jaar: int, schaal: float) -> None:
    t = time.perf_counter()
    year = generate_year(jaar, schaal)
    print(f"generated {len(year.events):,} events for {jaar} (schaal {schaal}) "
          f"in {time.perf_counter() - t:.1f} s")
    template = postgres_url_template(Path(tempfile.mkdtemp()) / "data")
    url = template.replace("{db}", f"bench_monitor_{uuid.uuid4().hex[:8]}")
    await ensure_database(url)
    await asyncio.to_thread(upgrade, "monitor", url)
    broker = start_broker()
    try:
        settings = MonitorSettings(database_url=url, kafka_bootstrap_servers=broker.bootstrap)
        await ensure_topics(settings, list(DOMAIN_TOPICS))
        t = time.perf_counter()
        await publish(broker.bootstrap, year.events)
        print(f"published in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        n = await rebuild(settings)
        print(f"full rebuild of {n:,} events: {time.perf_counter() - t:.1f} s (target < 60 s)")
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        medians = []
        async with sessions() as session:
            print(f"  {'median ms of ' + str(RUNS) + ' runs':<62}"
                  f"{'maand':>10}{'kwartaal':>10}{'jaar':>10}")
            for kpi in KPIS.values():
                for dim in [None, *sorted(kpi.dimensies)]:
                    row = [(await median_ms(
                        functools.partial(kpi_cells, session, kpi, jaar, periode, dim), RUNS))[0]
                           for periode in ("maand", "kwartaal", "jaar")]
                    medians += row
                    flag = "ok " if max(row) < 200 else "SLOW"
                    label = f"{kpi.id}{' per ' + dim if dim else ''}"
                    print(f"  {flag} {label:<58}" + "".join(f"{m:10.1f}" for m in row))
            medians.append(await timed("bijlage 3 (3 years)",
                                       lambda: bijlage3(session, jaar), runs=3))
            medians.append(await timed("budget view", lambda: budget_view(session, jaar)))
            report = await bijlage3(session, jaar)
            iwmo = await iwmo_figures(session, jaar)
            view = await budget_view(session, jaar, date(jaar, 12, 31))
            aids = {k: (await kpi_cells(session, KPIS[k], jaar, "jaar"))[0]
                    for k in ("herverstrekkingspercentage", "hulpmiddelen-terug-in-depot",
                              "hulpmiddelen-afgeschreven")}
        got = {tb["id"]: {r["omschrijving"]: r["cellen"][str(jaar)]["waarde"]
                          for r in tb["rijen"]} for tb in report["tabellen"]}
        print(f"KPI queries: {sum(m < 200 for m in medians)}/{len(medians)} under 200 ms; "
              f"slowest median {max(medians):.1f} ms")
        print("bijlage 3 equals the generator's truth:", got == year.truth)
        print("iWmo KPIs equal the generator's truth:", iwmo == year.iwmo_truth)
        spend = {k: {v["productcategorie"]: v[f"{k}Cents"] for v in view["voorzieningen"]
                     if v[f"{k}Cents"]} for k in ("gerealiseerd", "betaald")}
        print("realised and paid spend equal the generator's truth:",
              spend == year.budget_truth)
        h = aids["herverstrekkingspercentage"]
        print(f"herverstrekkingspercentage {h['waarde']} % of {h['aantal']} aids; equal to the "
              "generator's truth:", (h["aantal"], h["teller"],
                                     aids["hulpmiddelen-terug-in-depot"]["aantal"],
                                     aids["hulpmiddelen-afgeschreven"]["aantal"]) == tuple(
                  year.hulpmiddel_truth[k] for k in ("verstrekt", "herverstrekt",
                                                     "terug-in-depot", "afgeschreven")))
        await engine.dispose()
    finally:
        broker.stop()
        await drop_database(url)


def cli(jaar: Annotated[int, typer.Option()] = 2022,
        schaal: Annotated[float, typer.Option()] = 1.0) -> None:
    asyncio.run(main(jaar, schaal))


if __name__ == "__main__":
    typer.run(cli)
