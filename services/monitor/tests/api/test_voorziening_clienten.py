"""Bijlage 3's clients per provision come from the union of each client's product periods that
the projections keep: a client counts once per provision in every year one of the products
overlaps, however the products arrive (duplicated, out of order, over batches), and a product
ending before it begins counts as the overlap test on its raw dates says (real PostgreSQL)."""

from __future__ import annotations

import random
import uuid
from datetime import date

from devstack.testing import MakeDatabase
from monitor.repository.bijlage3 import tables
from wmokernel.catalogue import EventPayload
from wmokernel.db import make_engine, make_session_factory
from wmokernel.events import indicatie as ind

from .helpers import project_batches

IB, HH = ("02A01", "02"), ("01A01", "01")


def beschikking(client: int, *producten: tuple[tuple[str, str], date, date | None]
                ) -> EventPayload:
    return ind.BeschikkingAfgegeven(
        beschikking_id=uuid.uuid4(), aanvraag_id=uuid.uuid4(), melding_id=None,
        client_id=f"p-{client:032x}", besluit=ind.Besluit.TOEGEKEND,
        afgegeven_op=date(2020, 1, 1), bezwaar_uiterlijk=date(2020, 2, 12),
        producten=[ind.BeschiktProductFeit(
            beschikt_product_id=uuid.uuid4(), product_code=code, productcategorie=cat,
            leveringsvorm=ind.Leveringsvorm.ZIN,
            omvang=ind.Omvang(volume=1, eenheid="04", frequentie="2"), ingangsdatum=van,
            einddatum=tot, aanbieder="75750101", tarief_cents=100, eigen_bijdrage_cents=0)
            for (code, cat), van, tot in producten])


EVENTS = [
    beschikking(1, (IB, date(2021, 2, 1), date(2021, 12, 31))),
    beschikking(1, (IB, date(2023, 1, 1), None), (HH, date(2022, 12, 31), date(2023, 1, 1))),
    beschikking(1, (("02A05", "02"), date(2021, 6, 1), date(2021, 7, 1))),  # IB as well
    beschikking(2, (HH, date(2019, 5, 1), None)),
    beschikking(3, (IB, date(2022, 9, 1), date(2022, 3, 1))),  # ends before it begins
    beschikking(4, (IB, date(2023, 2, 1), date(2022, 11, 1))),  # the same, over two years
]
# year → (Individuele begeleiding, Hulp bij het huishouden)
EXPECTED = {2021: (1, 1), 2022: (1, 2), 2023: (1, 2)}


async def clients_per_year(make_database: MakeDatabase, batches: list[list[EventPayload]]
                           ) -> dict[int, tuple[int, int]]:
    engine = make_engine(await make_database("voorziening", "monitor"))
    try:
        sessions = make_session_factory(engine)
        await project_batches(sessions, batches, "/wmo/indicatie")
        async with sessions() as session:
            report = await tables(session, [2021, 2022, 2023])
        return {y: (report[y]["aanvullende-zorg-clienten"]["Individuele begeleiding"]["aantal"],
                    report[y]["aanvullende-zorg-clienten"]["Hulp bij het huishouden"]["aantal"])
                for y in report}
    finally:
        await engine.dispose()


async def test_each_client_counts_once_per_provision_and_year(
        make_database: MakeDatabase) -> None:
    assert await clients_per_year(make_database, [EVENTS]) == EXPECTED


async def test_duplicates_and_another_order_over_batches_change_nothing(
        make_database: MakeDatabase) -> None:
    rng = random.Random(4)
    stream = EVENTS + EVENTS[:3] + rng.sample(EVENTS, 3)
    rng.shuffle(stream)
    batches = [stream[i:i + 2] for i in range(0, len(stream), 2)]
    assert await clients_per_year(make_database, batches) == EXPECTED
