"""A trace started by an HTTP request in toegang continues in indicatie's consumer, through the
outbox and the broker (real PostgreSQL and broker; spans collected in memory)."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from devstack.testing import MakeDatabase
from indicatie.app import create_app as create_indicatie
from indicatie.settings import IndicatieSettings
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from toegang.app import create_app as create_toegang
from toegang.settings import ToegangSettings
from wmokernel.auth import issue_dev_token
from wmokernel.catalogue import TOPIC_TOEGANG
from wmokernel.consumer import EventConsumer
from wmokernel.kafka import ensure_topics, make_consumer, make_producer
from wmokernel.outbox import OutboxRelay
from wmokernel.settings import KernelSettings

EXPORTER = InMemorySpanExporter()


@pytest.fixture(scope="module", autouse=True)
def tracer_provider() -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
    trace.set_tracer_provider(provider)


async def test_request_trace_continues_in_the_consumer_of_another_service(
    make_database: MakeDatabase, kafka_bootstrap: str,
) -> None:
    toegang = create_toegang(ToegangSettings(
        database_url=await make_database("trace_toegang", "toegang"),
        kafka_bootstrap_servers=kafka_bootstrap))
    indicatie = create_indicatie(IndicatieSettings(
        database_url=await make_database("trace_indicatie", "indicatie"),
        kafka_bootstrap_servers=kafka_bootstrap))
    worker = {"Authorization": "Bearer " + issue_dev_token(
        KernelSettings(), "worker-1", ["buurtteam"], team="overvecht")}
    # The caller's own trace: toegang must continue it, not start a new one.
    caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    headers = {**worker, "traceparent": f"00-{caller_trace}-00f067aa0ba902b7-01"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=toegang),
                                 base_url="http://toegang") as http:
        r = await http.post("/api/v1/meldingen", headers=worker, json={
            "bsn": "111222333", "kanaal": "buurtteam", "omschrijving": "hulp",
            "gemeldOp": (date.today() - timedelta(days=3)).isoformat(), "wijk": "Overvecht"})
        assert r.status_code == 201, r.text
        r = await http.post(f"/api/v1/meldingen/{r.json()['id']}/verwijzingen",
                            headers=headers, json={"toelichting": "begeleiding"})
        assert r.status_code == 201, r.text

    settings = KernelSettings(kafka_bootstrap_servers=kafka_bootstrap)
    await ensure_topics(settings, [TOPIC_TOEGANG])
    producer = make_producer(settings)
    await producer.start()
    trt, irt = toegang.state.runtime, indicatie.state.runtime
    try:
        await OutboxRelay(trt.engine, trt.tables, producer, "trace-test").relay_once()
        kafka_consumer = make_consumer(settings, "trace-test", [TOPIC_TOEGANG])
        await kafka_consumer.start()
        consumer = EventConsumer(consumer=kafka_consumer, dlq_producer=producer,
                                 session_factory=irt.sessions, tables=irt.tables,
                                 group_id="trace-test", handler=irt.subscriptions[0].handler)
        spans = []
        for _ in range(100):
            batch = await kafka_consumer.getmany(timeout_ms=200)
            if batch:
                await consumer.process_batch(batch)
            spans = [s for s in EXPORTER.get_finished_spans()
                     if s.name == "consume nl.utrecht.wmo.toegang.verwijzing-gedaan"]
            if spans:
                break
        await kafka_consumer.stop()
    finally:
        await producer.stop()
        await trt.engine.dispose()
        await irt.engine.dispose()

    assert spans, "the consumer recorded a span for the verwijzing"
    consume = spans[-1]
    assert format(consume.context.trace_id, "032x") == caller_trace
    http_spans = [s for s in EXPORTER.get_finished_spans()
                  if s.kind == trace.SpanKind.SERVER
                  and s.context.trace_id == consume.context.trace_id]
    assert len(http_spans) == 1
    assert http_spans[0].attributes["http.route"] == "/api/v1/meldingen/{melding_id}/verwijzingen"
    # The consumer's parent is the request's span or one of its children (FastAPI's own).
    by_id = {s.context.span_id: s for s in EXPORTER.get_finished_spans()}
    assert consume.parent is not None
    ancestor = by_id[consume.parent.span_id]
    while ancestor.context.span_id != http_spans[0].context.span_id:
        assert ancestor.parent is not None, "the chain reaches the HTTP request's span"
        ancestor = by_id[ancestor.parent.span_id]
