"""Deliveries that pause, restart, are withdrawn or continue in a follow-up toewijzing: event
sequences go through the projections into the flow, wait, Bijlage 3 and start/stop message
figures, checked by hand; the same events duplicated, shuffled (also within a toewijzing, so a
withdrawal may come before what it withdraws) and split over batches give the same figures
(real PostgreSQL).

Three clients get Individuele begeleiding (02A01) from provider A in 2025:
- T1: starts 10 Jan, stops temporarily (reden 20) on 10 Mar, restarts 15 Apr, stops for good
  on 20 Sep: one start, one wait, in zorg January to 20 September, one uitstroom (September);
- T2: a start on 3 Feb withdrawn and sent again for 5 Feb; a stop on 31 May withdrawn: one
  start (its wait 22 days), in zorg all year from February, no uitstroom;
- T3a starts 3 Mar and ends on 31 May because T3b, with another omvang, follows it from 1 Jun
  (a new beschikking for the same provision): one start, one client, in zorg without a gap and
  never twice, no uitstroom.
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

from devstack.testing import MakeDatabase
from monitor.domain.kpis import KPIS
from monitor.repository.bijlage3 import year_tables
from monitor.repository.kpis import funnel, kpi_cells
from wmokernel.catalogue import EventPayload
from wmokernel.db import make_engine, make_session_factory
from wmokernel.events import indicatie as ind
from wmokernel.events import iwmo

from .helpers import project_batches

A = "75750101"
IB = "Individuele begeleiding"
OMVANG = ind.Omvang(volume=4, eenheid="04", frequentie="2")


def client(i: int) -> str:
    return f"p-{i:032x}"


class Toewijzing:
    """Events of one toewijzing of 02A01 from provider A."""

    def __init__(self, nr: int, product: tuple[date, date | None],
                 vorige: Toewijzing | None = None) -> None:
        self.id, self.nr = uuid.uuid4(), nr
        self.aanvraag_id = vorige.aanvraag_id if vorige is not None else uuid.uuid4()
        self.beschikking_id, self.product_id = uuid.uuid4(), uuid.uuid4()
        self.common: dict[str, Any] = dict(
            toewijzing_id=self.id, aanvraag_id=self.aanvraag_id,
            beschikking_id=self.beschikking_id, client_id=client(nr), product_code="02A01",
            productcategorie="02", aanbieder=A)
        ingang, eind = product
        self.events: list[EventPayload] = [
            ind.BeschikkingAfgegeven(
                beschikking_id=self.beschikking_id, aanvraag_id=self.aanvraag_id,
                melding_id=None, client_id=client(nr), besluit=ind.Besluit.TOEGEKEND,
                afgegeven_op=ingang, bezwaar_uiterlijk=ingang,
                producten=[ind.BeschiktProductFeit(
                    beschikt_product_id=self.product_id, product_code="02A01",
                    productcategorie="02", leveringsvorm=ind.Leveringsvorm.ZIN, omvang=OMVANG,
                    ingangsdatum=ingang, einddatum=eind, aanbieder=A, tarief_cents=100,
                    eigen_bijdrage_cents=0)]),
            ind.ToewijzingGedaan(
                **self.common, beschikt_product_id=self.product_id,
                leveringsvorm=ind.Leveringsvorm.ZIN, omvang=OMVANG, tarief_cents=100,
                toegewezen_op=ingang, ingangsdatum=ingang, einddatum=eind,
                herbeoordeling_op=None, verwezen_op=date(2025, 1, 1),
                vorige_toewijzing_id=None if vorige is None else vorige.id)]

    def start(self, op: date, wacht: int, gemeld: date | None,
              vervolg: bool = False) -> Toewijzing:
        self.events.append(ind.LeveringGestart(
            **self.common, startdatum=op, verwezen_op=date(2025, 1, 1), wachtdagen=wacht,
            binnen_norm=wacht <= 14, vervolg=vervolg, gemeld_op=gemeld))
        return self

    def stop(self, op: date, reden: str, gemeld: date | None) -> Toewijzing:
        self.events.append(ind.LeveringGestopt(
            **self.common, stopdatum=op, reden_beeindiging=reden, gestart=True,
            gemeld_op=gemeld))
        return self

    def verwijder(self, soort: ind.LeveringsmeldingSoort, begin: date,
                  stop: tuple[date, str] | None = None) -> Toewijzing:
        self.events.append(ind.LeveringsmeldingVerwijderd(
            **self.common, soort=soort, begindatum=begin,
            einddatum=None if stop is None else stop[0],
            reden_beeindiging=None if stop is None else stop[1], verwijderd_op=begin))
        return self

    def te_laat(self, soort: iwmo.IwmoTermijnSoort, uiterlijk: date) -> Toewijzing:
        """indicatie's signal that a start or stop message of this toewijzing came late."""
        self.events.append(iwmo.IwmoTermijnVerstreken(
            dossier_id=self.id, soort=soort, client_id=client(self.nr), aanbieder=A,
            uiterlijk=uiterlijk, peildatum=uiterlijk))
        return self


START, STOP = ind.LeveringsmeldingSoort.START, ind.LeveringsmeldingSoort.STOP
S = iwmo.IwmoTermijnSoort


def scenario() -> list[EventPayload]:
    d = date
    t1 = (Toewijzing(1, (d(2025, 1, 1), None))
          .start(d(2025, 1, 10), 9, d(2025, 1, 16))  # Fri → Thu: 4 werkdagen, in time
          .stop(d(2025, 3, 10), "20", d(2025, 3, 20))  # Mon → Thu next week: late
          .te_laat(S.STOPBERICHT, d(2025, 3, 17))
          .start(d(2025, 4, 15), 104, d(2025, 4, 15), vervolg=True)
          .stop(d(2025, 9, 20), "01", d(2025, 9, 26)))  # Sat → Fri: the 5th werkdag
    t2 = (Toewijzing(2, (d(2025, 2, 1), None))
          .start(d(2025, 2, 3), 20, None).verwijder(START, d(2025, 2, 3))
          .start(d(2025, 2, 5), 22, None)  # no gemeld_op and no signal: in time
          .stop(d(2025, 5, 31), "01", d(2025, 6, 2))
          .verwijder(STOP, d(2025, 2, 5), (d(2025, 5, 31), "01")))
    t3a = (Toewijzing(3, (d(2025, 3, 1), d(2025, 5, 31)))
           .start(d(2025, 3, 3), 10, None).te_laat(S.STARTBERICHT, d(2025, 3, 10))
           .stop(d(2025, 5, 31), "01", d(2025, 6, 2)))  # Sat → Mon: in time
    t3b = (Toewijzing(3, (d(2025, 6, 1), None), vorige=t3a)
           .start(d(2025, 6, 1), 151, d(2025, 6, 10), vervolg=True))  # Sun → Tue: late
    return t1.events + t2.events + t3a.events + t3b.events


async def figures(make_database: MakeDatabase, batches: list[list[EventPayload]]
                  ) -> dict[str, Any]:
    engine = make_engine(await make_database("leveringen", "monitor"))
    try:
        sessions = make_session_factory(engine)
        await project_batches(sessions, batches, "/wmo/indicatie")
        async with sessions() as session:
            async def cells(kpi: str, periode: str, dim: str | None = None) -> dict[str, Any]:
                return {(c["periode"] if dim is None else f"{c['periode']} {c['groep']}"):
                        (c["aantal"], c["teller"], c["waarde"])
                        for c in await kpi_cells(session, KPIS[kpi], 2025, periode, dim)}
            bijlage = await year_tables(session, 2025)
            return {
                "instroom": await cells("instroom-aanbieder", "kwartaal"),
                "uitstroom": await cells("uitstroom-aanbieder", "kwartaal"),
                "in-zorg": await cells("in-zorg-aanbieder", "maand"),
                "wachttijd": await cells("wachttijd-aanvullende-zorg", "jaar"),
                "regie": await cells("regiebericht-binnen-termijn", "jaar", "soort"),
                "funnel-start": dict(await funnel(session, 2025))["Start ondersteuning"],
                "bijlage3-clienten": bijlage["aanvullende-zorg-clienten"][IB]["aantal"],
                "bijlage3-wachttijd": bijlage["aanvullende-zorg-wachttijd"][IB],
            }
    finally:
        await engine.dispose()


def month(m: int) -> str:
    return f"2025-{m:02d}"


EXPECTED: dict[str, Any] = {
    # one new start per client: T1's restart and T3b's start continue care
    "instroom": {"2025-Q1": (3, None, 3)},
    # only T1's definitive stop: its pause, T2's withdrawn stop and T3a's end are no uitstroom
    "uitstroom": {"2025-Q3": (1, None, 1)},
    # at each month's end: T1 from January through its pause to August, T2 from February,
    # T3a from March then T3b (once, without a gap at the end of May)
    "in-zorg": {month(1): (1, None, 1), month(2): (2, None, 2),
                **{month(m): (3, None, 3) for m in range(3, 9)},
                **{month(m): (2, None, 2) for m in range(9, 13)}},
    # waits of the new starts only (9, 22 and 10 days); T2's withdrawn start is gone
    "wachttijd": {"2025": (3, 2, 13.7)},
    # by gemeld_op where known, else by the signal; withdrawn messages do not count
    "regie": {"2025 startbericht": (5, 3, 60.0), "2025 stopbericht": (3, 2, 66.7)},
    "funnel-start": 3,
    "bijlage3-clienten": 3,  # T3a and T3b are one client
    "bijlage3-wachttijd": {"aantal": 3, "waarde": 14},
}


async def test_pauses_restarts_withdrawals_and_follow_ups_give_the_right_figures(
        make_database: MakeDatabase) -> None:
    assert await figures(make_database, [scenario()]) == EXPECTED


async def test_duplicates_and_any_order_over_batches_change_nothing(
        make_database: MakeDatabase) -> None:
    events = scenario()
    rng = random.Random(9)
    for _ in range(2):
        stream = events + rng.sample(events, 8)
        rng.shuffle(stream)  # withdrawals may now come before the start or stop they undo
        batches = [stream[i:i + 3] for i in range(0, len(stream), 3)]
        assert await figures(make_database, batches) == EXPECTED
