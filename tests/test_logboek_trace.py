"""One request chain, one trace in the logboek of two services: a U16 municipality's melding in
toegang and the aanmelding opvang opens from its event carry the same trace id (real
PostgreSQL and broker; the caller brings its own W3C traceparent)."""

from __future__ import annotations

import httpx
import sqlalchemy as sa
from devstack.testing import MakeDatabase
from opvang.app import create_app as create_opvang
from opvang.settings import OpvangSettings
from toegang.app import create_app as create_toegang
from toegang.settings import ToegangSettings
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import TOPIC_TOEGANG
from wmokernel.consumer import EventConsumer
from wmokernel.kafka import ensure_topics, make_consumer, make_producer
from wmokernel.outbox import OutboxRelay
from wmokernel.settings import KernelSettings

TRACE = "0af7651916cd43dd8448eb211c80319c"


async def _logboek(engine: sa.ext.asyncio.AsyncEngine) -> list[tuple[str, str, str, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(sa.text(
            "SELECT actor, action, resource_type, trace_id FROM audit_log ORDER BY id"))
        return [tuple(r) for r in rows]


async def test_the_logboek_of_two_services_shares_the_trace_of_one_request(
        make_database: MakeDatabase, kafka_bootstrap: str) -> None:
    toegang = create_toegang(ToegangSettings(
        database_url=await make_database("ldv_toegang", "toegang"),
        kafka_bootstrap_servers=kafka_bootstrap))
    opvang = create_opvang(OpvangSettings(
        database_url=await make_database("ldv_opvang", "opvang"),
        kafka_bootstrap_servers=kafka_bootstrap))
    zeist = {"Authorization": "Bearer " + issue_dev_token(
        KernelSettings(), "zeist-1", ["u16-gemeente"], gemeente="0355"),
        "traceparent": f"00-{TRACE}-b7ad6b7169203331-01"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=toegang),
                                 base_url="http://toegang") as http:
        r = await http.post("/api/v1/meldingen", headers=zeist, json={
            "bsn": "111222333", "kanaal": "regionale-toegang", "omschrijving": "dakloos",
            "opvangvorm": "maatschappelijke-opvang",
            "adres": {"postcode": "3701 AB", "huisnummer": 4, "woonplaats": "Zeist"}})
        assert r.status_code == 201, r.text

    settings = KernelSettings(kafka_bootstrap_servers=kafka_bootstrap)
    await ensure_topics(settings, [TOPIC_TOEGANG])
    producer = make_producer(settings)
    await producer.start()
    trt, ort = toegang.state.runtime, opvang.state.runtime
    try:
        await OutboxRelay(trt.engine, trt.tables, producer, "ldv-test").relay_once()
        kafka_consumer = make_consumer(settings, "ldv-test", [TOPIC_TOEGANG])
        await kafka_consumer.start()
        consumer = EventConsumer(consumer=kafka_consumer, dlq_producer=producer,
                                 session_factory=ort.sessions, tables=ort.tables,
                                 group_id="ldv-test",
                                 handler=ort.bind(ort.subscriptions[0].handler))
        opened: list[tuple[str, str, str, str]] = []
        for _ in range(100):
            batch = await kafka_consumer.getmany(timeout_ms=200)
            if batch:
                await consumer.process_batch(batch)
            opened = [row for row in await _logboek(ort.engine) if row[2] == "aanmelding"]
            if opened:
                break
        await kafka_consumer.stop()
        in_toegang = await _logboek(trt.engine)
    finally:
        await producer.stop()
        await trt.engine.dispose()
        await ort.engine.dispose()

    # Toegang: the melding registered and forwarded to the Regionale toegang.
    assert {(actor, action, kind) for actor, action, kind, _ in in_toegang} >= {
        ("zeist-1", "create", "melding"), ("zeist-1", "verstrekken", "delen")}
    assert {trace for *_, trace in in_toegang} == {TRACE}
    # Opvang: the aanmelding it opened from the event, in the same trace.
    assert opened == [("opvang", "create", "aanmelding", TRACE)]
