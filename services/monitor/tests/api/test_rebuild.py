"""Read models rebuilt from the topics: duplicates and another order across keys give the same
figures, and a second rebuild gives them again (real PostgreSQL and broker)."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from devstack.components import start_broker
from devstack.testing import MakeDatabase
from monitor.app import rebuild
from monitor.repository.kpis import doorlooptijden
from monitor.settings import MonitorSettings
from wmokernel.catalogue import (
    AanvraagOntvangen,
    BeschikkingAfgegeven,
    Besluit,
    EventPayload,
    Kanaal,
    MeldingOntvangen,
)
from wmokernel.db import make_engine, make_session_factory
from wmokernel.kafka import ensure_topics
from wmokernel.wire.envelope import CloudEvent

from .helpers import publish_events


def a_year_of_events(n: int = 60) -> list[tuple[EventPayload, CloudEvent]]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        gemeld = date(2026, 1, 5) + timedelta(days=rng.randrange(300))
        client = f"p-{i:032x}"
        melding = MeldingOntvangen(
            melding_id=uuid.uuid4(), client_id=client, kanaal=Kanaal.BUURTTEAM,
            gemeld_op=gemeld, eerste_contact_uiterlijk=gemeld + timedelta(days=7),
            onderzoek_uiterlijk=gemeld + timedelta(weeks=6))
        out.append(melding)
        if i % 3 == 0:
            ontvangen = gemeld + timedelta(days=rng.randrange(10, 40))
            aanvraag = AanvraagOntvangen(
                aanvraag_id=uuid.uuid4(), melding_id=melding.melding_id, client_id=client,
                ontvangen_op=ontvangen, beslissen_uiterlijk=ontvangen + timedelta(days=14))
            out.append(aanvraag)
            if i % 2 == 0:
                out.append(BeschikkingAfgegeven(
                    beschikking_id=uuid.uuid4(), aanvraag_id=aanvraag.aanvraag_id,
                    melding_id=melding.melding_id, client_id=client,
                    besluit=Besluit.TOEGEKEND,
                    afgegeven_op=ontvangen + timedelta(days=rng.randrange(5, 20)),
                    bezwaar_uiterlijk=ontvangen + timedelta(weeks=8)))
    return [(p, p.to_cloudevent("/wmo/test")) for p in out]


async def figures(url: str) -> dict[str, float | int | None]:
    engine = make_engine(url)
    try:
        async with make_session_factory(engine)() as session:
            return await doorlooptijden(session, None, None)
    finally:
        await engine.dispose()


async def test_rebuilds_agree_whatever_the_order_and_the_duplicates(
    make_database: MakeDatabase, tmp_path: object,
) -> None:
    events = a_year_of_events()
    shuffled = events + random.Random(1).sample(events, 25)  # 25 redelivered duplicates
    random.Random(2).shuffle(shuffled)

    results = []
    for stream in (events, shuffled):
        broker = start_broker()
        try:
            settings = MonitorSettings(database_url=await make_database("rebuild", "monitor"),
                                       kafka_bootstrap_servers=broker.bootstrap)
            await ensure_topics(settings, [p.topic for p, _ in stream])
            await publish_events(broker.bootstrap, stream)
            seen: list[tuple[int, int]] = []
            assert await rebuild(settings, lambda d, t, s=seen: s.append((d, t))) == len(stream)
            assert seen[-1] == (len(stream), len(stream)), "progress reaches the total"
            first = await figures(settings.database_url)
            await rebuild(settings)
            assert await figures(settings.database_url) == first, "a second rebuild agrees"
            results.append(first)
        finally:
            broker.stop()

    in_order, reordered = results
    assert in_order == reordered
    assert in_order["meldingen"] == 60
    assert in_order["aanvragen"] == 20
    assert in_order["beschikkingen"] == 10
