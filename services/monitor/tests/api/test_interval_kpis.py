"""The KPIs over what runs in time (casussen, unique clients, deliveries in care, occupied places,
the waiting list) equal a direct count over their definitions, per month, quarter and year and
per group, for intervals that start and end on the edges: the first and last day of months and
years, before and after the year, open-ended, one client with several casussen in one month
(real PostgreSQL; the events go through the projections)."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from devstack.testing import MakeDatabase
from monitor.domain.kpis import KPIS
from monitor.domain.periodes import periods
from monitor.repository.kpis import kpi_cells
from monitor.service.projections import project
from wmokernel.catalogue import EventPayload
from wmokernel.db import make_engine, make_session_factory
from wmokernel.events import indicatie as ind
from wmokernel.events import opvang as opv
from wmokernel.events import toegang as tg

from .helpers import over

JAAR = 2023
WIJKEN = ["West", "Zuid"]
AANBIEDERS = ["75750101", "75750102"]


def edge_day(rng: random.Random) -> date:
    """Mostly a first or last day of a month (or of the years around), sometimes any day."""
    year = rng.choice([JAAR - 1, JAAR, JAAR, JAAR, JAAR + 1])
    month = rng.randint(1, 12)
    first = date(year, month, 1)
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return rng.choice([first, last, first + timedelta(days=rng.randrange(28)),
                       first + timedelta(days=1), last - timedelta(days=1)])


def interval(rng: random.Random) -> tuple[date, date | None]:
    start = edge_day(rng)
    if rng.random() < 0.25:
        return start, None
    return start, max(start, edge_day(rng)) if rng.random() < 0.8 else start


def client(i: int) -> str:
    return f"p-{i:032x}"


class Year:
    """Events with edge-case intervals and the facts to count them by hand."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.events: list[EventPayload] = []
        self.casussen: list[tuple[str, str, date, date | None]] = []
        self.leveringen: list[tuple[str, date, date | None]] = []
        self.plaatsingen: list[tuple[str, date, date | None]] = []
        self.wachtenden: list[tuple[str, str, date, date | None]] = []
        for i in range(160):
            c = client(i % 45)  # clients with several casussen, some in the same month
            gemeld, gesloten = interval(rng)
            wijk = rng.choice(WIJKEN)
            m = uuid.uuid4()
            self.events.append(tg.MeldingOntvangen(
                melding_id=m, client_id=c, kanaal=tg.Kanaal.BUURTTEAM, gemeld_op=gemeld,
                wijk=wijk, eerste_contact_uiterlijk=gemeld + timedelta(days=7),
                onderzoek_uiterlijk=gemeld + timedelta(weeks=6)))
            if gesloten is not None:
                self.events.append(tg.CasusGesloten(
                    melding_id=m, client_id=c, afgesloten_op=gesloten, gemeld_op=gemeld,
                    uitkomst=tg.Uitkomst.OPGELOST_BASISZORG))
            self.casussen.append((c, wijk, gemeld, gesloten))
        for i in range(120):
            start, stop = interval(rng)
            aanbieder = rng.choice(AANBIEDERS)
            common: dict[str, Any] = dict(
                toewijzing_id=uuid.uuid4(), aanvraag_id=uuid.uuid4(),
                beschikking_id=uuid.uuid4(), client_id=client(i), product_code="02A01",
                productcategorie="02", aanbieder=aanbieder)
            self.events.append(ind.LeveringGestart(
                **common, startdatum=start, verwezen_op=start, wachtdagen=0, binnen_norm=True))
            if stop is not None:
                self.events.append(ind.LeveringGestopt(
                    **common, stopdatum=stop, reden_beeindiging="01", gestart=True))
            self.leveringen.append((aanbieder, start, stop))
        for i in range(120):
            opgenomen, uit = interval(rng)
            gemeente = rng.choice(["0344", "0310"])
            verwezen = opgenomen - timedelta(days=rng.choice([0, 1, 31, 45, 400]))
            placed = rng.random() < 0.7
            a, c = uuid.uuid4(), client(1000 + i % 90)
            vorm = opv.OpvangVormDetail.BESCHERMD_THUIS
            self.events.append(opv.OpWachtlijstGeplaatst(
                aanmelding_id=a, client_id=c, gemeente=gemeente, vorm=vorm,
                verwezen_op=verwezen, prioriteit="regulier", norm_dagen=91))
            self.wachtenden.append((c, gemeente, verwezen, opgenomen if placed else None))
            if not placed:
                continue
            place: dict[str, Any] = dict(
                aanmelding_id=a, client_id=c, gemeente=gemeente, plaatsing_id=uuid.uuid4(),
                vorm=vorm, locatie_id=uuid.uuid4(), locatie_gemeente="0344",
                bovenregionaal=False, capaciteit=10)
            self.events.append(opv.ClientOpgenomen(
                **place, verwezen_op=verwezen, opgenomen_op=opgenomen,
                wachtdagen=(opgenomen - verwezen).days, norm_dagen=91, binnen_norm=True))
            if uit is not None:
                self.events.append(opv.ClientUitgestroomd(
                    **place, opgenomen_op=opgenomen, uitgestroomd_op=uit,
                    verblijfsdagen=(uit - opgenomen).days,
                    bestemming=opv.UitstroomBestemming.ZELFSTANDIG_WONEN))
            self.plaatsingen.append((gemeente, opgenomen, uit))


def running(start: date, stop: date | None, begin: date, eind: date) -> bool:
    return start <= eind and (stop is None or stop >= begin)


def present(start: date, stop: date | None, day: date) -> bool:
    return start <= day and (stop is None or stop > day)


def month_ends(begin: date, eind: date) -> list[date]:
    return [e for _, _, _, e in periods(begin.year, "maand") if begin <= e <= eind]


def expected(y: Year, kpi: str, periode: str, per_group: bool) -> dict[tuple[str, str], Any]:
    """(periode, groep) → (aantal, waarde) by the definitions, cells with aantal > 0 only."""
    out: dict[tuple[str, str], Any] = {}
    for _, label, begin, eind in periods(JAAR, periode):
        counts: dict[str, Any] = defaultdict(int)
        people: dict[str, set[str]] = defaultdict(set)
        ends: dict[str, int] = defaultdict(int)
        if kpi in ("casussen", "unieke-clienten"):
            for c, wijk, gemeld, gesloten in y.casussen:
                if running(gemeld, gesloten, begin, eind):
                    g = wijk if per_group else "totaal"
                    counts[g] += 1
                    people[g].add(c)
        elif kpi == "in-zorg-aanbieder":
            for aanbieder, start, stop in y.leveringen:
                if present(start, stop, eind):
                    counts[aanbieder if per_group else "totaal"] += 1
        elif kpi == "bezetting-opvang":
            for gemeente, opgenomen, uit in y.plaatsingen:
                if present(opgenomen, uit, eind):
                    counts[gemeente if per_group else "totaal"] += 1
        else:  # wachtenden-opvang: waiting at each month end of the period
            for c, gemeente, verwezen, opgenomen in y.wachtenden:
                for peil in month_ends(begin, eind):
                    if present(verwezen, opgenomen, peil):
                        g = gemeente if per_group else "totaal"
                        ends[g] += 1
                        people[g].add(c)
        for g in set(counts) | set(people) | set(ends):
            if kpi == "unieke-clienten":
                out[(label, g)] = (len(people[g]), float(len(people[g])))
            elif kpi == "wachtenden-opvang":
                average = Decimal(ends[g]) / len(month_ends(begin, eind))
                out[(label, g)] = (len(people[g]), float(average.quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP)))
            else:
                out[(label, g)] = (counts[g], float(counts[g]))
    return out


DIMENSIE = {"casussen": "wijk", "unieke-clienten": "wijk", "in-zorg-aanbieder": "aanbieder",
            "bezetting-opvang": "gemeente", "wachtenden-opvang": "gemeente"}


@pytest.mark.parametrize("seed", [1, 2])
async def test_interval_kpis_equal_a_direct_count_over_their_definitions(
        make_database: MakeDatabase, seed: int) -> None:
    y = Year(seed)
    engine = make_engine(await make_database("intervals", "monitor"))
    try:
        sessions = make_session_factory(engine)
        async with sessions() as session, session.begin():
            await project(over(session), [p.to_cloudevent("/wmo/test") for p in y.events])
        async with sessions() as session:
            for kpi, dim in DIMENSIE.items():
                for periode in ("maand", "kwartaal", "jaar"):
                    for per_group in (False, True):
                        cells = await kpi_cells(session, KPIS[kpi], JAAR, periode,
                                                dim if per_group else None)
                        got = {(c["periode"], c["groep"]): (c["aantal"], c["waarde"])
                               for c in cells}
                        want = expected(y, kpi, periode, per_group)
                        assert got == want, (kpi, periode, per_group)
                        assert want, f"{kpi} {periode}: the sample has figures to compare"
    finally:
        await engine.dispose()
