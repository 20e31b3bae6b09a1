"""Benchmark: U16 placement matching over 10,000 waiting clients and 1,000 locations.

Prints the time for one placement proposal and for a full allocation round, on the pure
matching code (opvang.matching) and, when a PostgreSQL answers, for the DB-backed proposal
(load the form's locations, rank them) on a database filled with the same data.
Targets (ARCHITECTURE.md): one proposal under 50 ms, a full round under 1 s.

    uv run python bench/opvang_allocation.py [--waiting 10000] [--locations 1000] [--no-db]
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
import uuid
from datetime import date, timedelta
from typing import Annotated

import typer
from opvang.domain.matching import Plek, PlekIndex, Wachtende, toewijzingsronde
from opvang.domain.reference import U16_GEMEENTEN
from opvang.domain.vormen import Vorm

FORMS = [v.value for v in Vorm]
CODES = list(U16_GEMEENTEN)
SPECIALISMEN = ["verslaving", "lvb", "ggz-zwaar", "ouderen", "jongeren"]


def make_data(n_waiting: int, n_locations: int, seed: int = 2024
              ) -> tuple[list[Plek], list[Wachtende]]:
    rnd = random.Random(seed)
    plekken = []
    for i in range(n_locations):
        cap = rnd.randint(4, 24)
        buiten = rnd.random() < 0.05
        plekken.append(Plek(
            id=str(uuid.UUID(int=rnd.getrandbits(128))), vorm=rnd.choice(FORMS),
            gemeente="0363" if buiten else rnd.choice(CODES), bovenregionaal=buiten,
            capaciteit=cap, bezet=rnd.randint(int(cap * 0.7), cap),
            min_leeftijd=18 if i % 7 == 0 else None, max_leeftijd=27 if i % 7 == 0 else None,
            geslacht="vrouw" if i % 11 == 0 else None,
            specialismen=frozenset(rnd.sample(SPECIALISMEN, rnd.randint(0, 3)))))
    start = date(2025, 1, 1)
    wachtenden = [Wachtende(
        id=str(uuid.UUID(int=rnd.getrandbits(128))), vorm=rnd.choice(FORMS),
        gemeente=rnd.choice(CODES), verwezen_op=start + timedelta(days=rnd.randint(0, 500)),
        prioriteit=rnd.choices((0, 1, 2), (1, 3, 16))[0], leeftijd=rnd.randint(18, 80),
        geslacht=rnd.choice(("man", "vrouw")),
        specialismen=frozenset(rnd.sample(SPECIALISMEN, rnd.choice((0, 0, 0, 1)))),
        bovenregionaal_toegestaan=rnd.random() < 0.03) for _ in range(n_waiting)]
    return plekken, wachtenden


def copy(plekken: list[Plek]) -> list[Plek]:
    return [Plek(**{s: getattr(p, s) for s in Plek.__slots__}) for p in plekken]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def bench_pure(plekken: list[Plek], wachtenden: list[Wachtende]) -> None:
    t0 = time.perf_counter()
    index = PlekIndex(copy(plekken))
    build = time.perf_counter() - t0
    sample = wachtenden[:500]
    times = []
    for w in sample:
        t = time.perf_counter()
        index.voorstel(w)
        times.append(time.perf_counter() - t)
    rounds = []
    for _ in range(3):
        fresh = copy(plekken)
        t = time.perf_counter()
        pairs = toewijzingsronde(wachtenden, fresh)
        rounds.append(time.perf_counter() - t)
        assert all(p.bezet <= p.capaciteit for p in fresh)
    free = sum(p.vrij for p in plekken)
    print(f"pure matching: {len(wachtenden):,} waiting × {len(plekken):,} locations "
          f"({free:,} free places)")
    print(f"  index build                  {ms(build)}")
    print(f"  one proposal (full ranking)  {ms(statistics.median(times))} median, "
          f"{ms(max(times))} max   (target < 50 ms)")
    print(f"  full allocation round        {ms(min(rounds))} best of 3, "
          f"{len(pairs):,} placed   (target < 1 s)")


async def bench_db(plekken: list[Plek], wachtenden: list[Wachtende], url_template: str) -> None:
    import sqlalchemy as sa
    from opvang.models import Aanmelding, Locatie
    from opvang.repository.aanmeldingen import als_wachtende
    from opvang.repository.locaties import index_voor_vorm as _index_voor_vorm
    from wmokernel.db import make_engine, make_session_factory
    from wmokernel.migrations import drop_database, ensure_database, upgrade

    url = url_template.replace("{db}", f"bench_opvang_{uuid.uuid4().hex[:8]}")
    await ensure_database(url)
    try:
        await asyncio.to_thread(upgrade, "opvang", url)
        engine = make_engine(url, 2)
        sessions = make_session_factory(engine)
        async with sessions() as s, s.begin():
            await s.execute(sa.insert(Locatie), [dict(
                id=uuid.UUID(p.id), naam=f"locatie {i}", aanbieder=f"aanbieder-{i % 40}",
                gemeente=p.gemeente, vorm=p.vorm, bovenregionaal=p.bovenregionaal,
                geheim_adres=False, min_leeftijd=p.min_leeftijd, max_leeftijd=p.max_leeftijd,
                geslacht=p.geslacht, specialismen=sorted(p.specialismen),
                capaciteit=p.capaciteit, bezet=p.bezet, version=1)
                for i, p in enumerate(plekken)])
            await s.execute(sa.insert(Aanmelding), [dict(
                id=uuid.UUID(w.id), client_id="p-" + uuid.UUID(w.id).hex, gemeente=w.gemeente,
                buiten_regio=False, kanaal="u16-gemeente", vorm=w.vorm, status="wachtend",
                urgent=w.prioriteit == 1, crisis=w.prioriteit == 0, verwezen_op=w.verwezen_op,
                leeftijd=w.leeftijd, geslacht=w.geslacht, specialismen=sorted(w.specialismen),
                beschermd=False, doelgroep="wmo", financiering="wmo",
                bovenregionaal_toegestaan=w.bovenregionaal_toegestaan) for w in wachtenden])
        async with sessions() as s:
            await s.execute(sa.text("ANALYZE"))
        times = []
        for w in wachtenden[:200]:
            t = time.perf_counter()
            async with sessions() as s, s.begin():
                a = await s.get(Aanmelding, uuid.UUID(w.id))
                assert a is not None
                index = await _index_voor_vorm(s, a.vorm)
                index.voorstel(als_wachtende(a), limit=20)
            times.append(time.perf_counter() - t)
        print("DB-backed proposal (read aanmelding, load the form's locations, rank):")
        print(f"  one proposal                 {ms(statistics.median(times))} median, "
              f"{ms(sorted(times)[int(len(times) * 0.95)])} p95   (target < 50 ms)")
        t = time.perf_counter()
        async with sessions() as s, s.begin():
            rows = (await s.scalars(sa.select(Aanmelding).where(
                Aanmelding.status == "wachtend"))).all()
            locs = (await s.scalars(sa.select(Locatie))).all()
        load = time.perf_counter() - t
        from opvang.repository.locaties import als_plek
        t = time.perf_counter()
        pairs = toewijzingsronde([als_wachtende(a) for a in rows], [als_plek(x) for x in locs])
        match = time.perf_counter() - t
        print(f"  allocation round: load {ms(load)}, match {ms(match)}, "
              f"{len(pairs):,} placed (reserving each place is one UPDATE more per placement)")
        await engine.dispose()
    finally:
        await drop_database(url)


def main(
    waiting: Annotated[int, typer.Option(help="waiting clients")] = 10_000,
    locations: Annotated[int, typer.Option(help="locations")] = 1_000,
    db: Annotated[bool, typer.Option(help="also bench the DB-backed proposal")] = True,
) -> None:
    plekken, wachtenden = make_data(waiting, locations)
    bench_pure(plekken, wachtenden)
    if db:
        template = os.environ.get("WMO_TEST_DATABASE_URL",
                                  "postgresql+asyncpg://postgres@127.0.0.1:5432/{db}")
        try:
            asyncio.run(bench_db(plekken, wachtenden, template))
        except OSError as exc:
            print(f"DB-backed proposal skipped: no PostgreSQL ({exc})")


if __name__ == "__main__":
    typer.run(main)
