"""The outbox relay and the idempotent consumer against a real PostgreSQL and a real broker."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from devstack.components import Broker
from devstack.testing import MakeDatabase, read_topic
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from wmokernel.catalogue import TOPIC_TOEGANG, Kanaal, MeldingOntvangen, parse_payload
from wmokernel.consumer import EventConsumer, dead_letter_topic
from wmokernel.db import make_engine, make_session_factory
from wmokernel.kafka import ensure_topics, make_consumer, make_producer
from wmokernel.outbox import Outbox, OutboxRelay
from wmokernel.settings import KernelSettings
from wmokernel.tables import KernelTables, kernel_tables
from wmokernel.wire.envelope import CloudEvent

GROUP = "test.effects"


class Crash(Exception):
    """Stands for the process dying at this point."""


@dataclass
class Env:
    settings: KernelSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    tables: KernelTables
    effects: sa.Table
    outbox: Outbox
    producer: AIOKafkaProducer


@pytest.fixture
async def env(make_database: MakeDatabase, own_broker: Broker) -> AsyncIterator[Env]:
    url = await make_database("backbone", None)
    metadata = sa.MetaData()
    tables = kernel_tables(metadata)
    effects = sa.Table("effects", metadata,
                       sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
                       sa.Column("melding_id", sa.Uuid, nullable=False))
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    settings = KernelSettings(service_name=f"test-{uuid.uuid4().hex[:6]}",
                              kafka_bootstrap_servers=own_broker.bootstrap,
                              kafka_request_timeout_ms=3000)
    await ensure_topics(settings, [TOPIC_TOEGANG, dead_letter_topic(GROUP)])
    producer = make_producer(settings)
    await producer.start()
    yield Env(settings, engine, make_session_factory(engine), tables, effects,
              Outbox(tables, "/test/backbone"), producer)
    await producer.stop()
    await engine.dispose()


def melding(i: int = 0) -> MeldingOntvangen:
    return MeldingOntvangen(
        melding_id=uuid.uuid4(), client_id="p-" + f"{i:032x}", kanaal=Kanaal.BUURTTEAM,
        gemeld_op=date(2026, 11, 2), eerste_contact_uiterlijk=date(2026, 11, 9),
        onderzoek_uiterlijk=date(2026, 12, 14),
    )


async def stage(env: Env, n: int) -> list[MeldingOntvangen]:
    payloads = [melding(i) for i in range(n)]
    async with env.sessions() as session, session.begin():
        for p in payloads:
            await env.outbox.add(session, p)
    return payloads


def effect_handler(env: Env) -> Any:
    async def handle(session: AsyncSession, events: list[CloudEvent]) -> None:
        for event in events:
            payload = parse_payload(event)
            assert isinstance(payload, MeldingOntvangen)
            await session.execute(sa.insert(env.effects).values(melding_id=payload.melding_id))

    return handle


def event_consumer(env: Env, kafka_consumer: AIOKafkaConsumer,
                   cls: type[EventConsumer] = EventConsumer) -> EventConsumer:
    return cls(consumer=kafka_consumer, dlq_producer=env.producer, session_factory=env.sessions,
               tables=env.tables, group_id=GROUP, handler=effect_handler(env), max_attempts=2,
               retry_backoff_s=0.01)


async def drain(kafka_consumer: AIOKafkaConsumer, consumer: EventConsumer, expected: int) -> int:
    """Feed batches to ``consumer`` until ``expected`` records were handed over."""
    seen = 0
    for _ in range(200):
        batch = await kafka_consumer.getmany(timeout_ms=200)
        if batch:
            seen += sum(len(r) for r in batch.values())
            await consumer.process_batch(batch)
        if seen >= expected:
            return seen
    return seen


async def scalar(env: Env, query: Any) -> Any:
    async with env.engine.connect() as conn:
        return await conn.scalar(query)


async def count(env: Env, table: sa.Table) -> int:
    return int(await scalar(env, sa.select(sa.func.count()).select_from(table)))


async def committed_total(kafka_consumer: AIOKafkaConsumer, topic: str) -> int:
    parts = kafka_consumer.partitions_for_topic(topic) or set()
    total = 0
    for p in parts:
        total += await kafka_consumer.committed(TopicPartition(topic, p)) or 0
    return total


async def test_relay_publishes_in_order_and_marks_rows(env: Env) -> None:
    payloads = await stage(env, 20)
    relay = OutboxRelay(env.engine, env.tables, env.producer, env.settings.service_name)
    assert await relay.relay_once() == 20
    assert await relay.relay_once() == 0
    unpublished = await scalar(env, sa.select(sa.func.count()).select_from(env.tables.outbox)
                               .where(env.tables.outbox.c.published_at.is_(None)))
    assert unpublished == 0
    records = await read_topic(env.settings.kafka_bootstrap_servers, TOPIC_TOEGANG,
                               min_records=20)
    assert sorted(r.key.decode() for r in records) == sorted(str(p.melding_id) for p in payloads)
    event = CloudEvent.from_record(records[0].headers, records[0].value)
    assert event.type == MeldingOntvangen.event_type
    assert event.subject == records[0].key.decode()


async def test_relay_keeps_each_keys_order_over_many_record_batches_on_the_producers_partition(
    env: Env,
) -> None:
    aggregates = [uuid.uuid4() for _ in range(3)]
    async with env.sessions() as session, session.begin():
        for seq in range(40):
            for melding_id in aggregates:
                await env.outbox.add(session, MeldingOntvangen(
                    melding_id=melding_id, client_id=f"p-{seq:032x}", kanaal=Kanaal.BUURTTEAM,
                    gemeld_op=date(2026, 11, 2), eerste_contact_uiterlijk=date(2026, 11, 9),
                    onderzoek_uiterlijk=date(2026, 12, 14)))
    # Small record batches: each partition's rows need several of them.
    small = AIOKafkaProducer(bootstrap_servers=env.settings.kafka_bootstrap_servers, acks="all",
                             max_batch_size=2048)
    await small.start()
    try:
        relay = OutboxRelay(env.engine, env.tables, small, env.settings.service_name)
        assert await relay.relay_once() == 120
    finally:
        await small.stop()
    for melding_id in aggregates:  # where the producer's own send() puts the key
        await env.producer.send_and_wait(TOPIC_TOEGANG, b"{}", key=str(melding_id).encode())

    records = await read_topic(env.settings.kafka_bootstrap_servers, TOPIC_TOEGANG,
                               min_records=123)
    for melding_id in aggregates:
        mine = sorted((r for r in records if r.key == str(melding_id).encode()),
                      key=lambda r: r.offset)
        assert len({r.partition for r in mine}) == 1, "one key, one partition"
        relayed = [CloudEvent.from_record(r.headers, r.value).data["clientId"]
                   for r in mine if r.headers]
        assert relayed == [f"p-{seq:032x}" for seq in range(40)], "in outbox order"


async def test_relay_dying_between_publish_and_mark_republishes_and_nothing_doubles(
    env: Env,
) -> None:
    class DiesBeforeMark(OutboxRelay):
        async def _mark_published(self, ids: list[int]) -> None:
            raise Crash

    await stage(env, 5)
    with pytest.raises(Crash):
        await DiesBeforeMark(env.engine, env.tables, env.producer, "x").relay_once()
    first = await read_topic(env.settings.kafka_bootstrap_servers, TOPIC_TOEGANG, min_records=5)
    assert len(first) == 5, "published before the crash"

    relay = OutboxRelay(env.engine, env.tables, env.producer, "x")
    assert await relay.relay_once() == 5, "the unmarked rows are published again"
    everything = await read_topic(env.settings.kafka_bootstrap_servers, TOPIC_TOEGANG,
                                  min_records=10)
    assert len(everything) == 10
    assert len({dict(r.headers)["ce_id"] for r in everything}) == 5

    kc = make_consumer(env.settings, GROUP, [TOPIC_TOEGANG])
    await kc.start()
    try:
        assert await drain(kc, event_consumer(env, kc), 10) == 10
    finally:
        await kc.stop()
    assert await count(env, env.effects) == 5, "the duplicates changed nothing downstream"


async def test_consumer_dying_before_offset_commit_reprocesses_without_double_effect(
    env: Env,
) -> None:
    class DiesBeforeCommit(EventConsumer):
        async def _commit_offsets(self, offsets: dict[TopicPartition, int]) -> None:
            raise Crash

    await stage(env, 6)
    await OutboxRelay(env.engine, env.tables, env.producer, "x").relay_once()

    kc1 = make_consumer(env.settings, GROUP, [TOPIC_TOEGANG])
    await kc1.start()
    with pytest.raises(Crash):
        await drain(kc1, event_consumer(env, kc1, DiesBeforeCommit), 6)
    await kc1.stop()
    assert await count(env, env.effects) == 6

    kc2 = make_consumer(env.settings, GROUP, [TOPIC_TOEGANG])
    await kc2.start()
    try:
        assert await drain(kc2, event_consumer(env, kc2), 6) == 6, "redelivered after the crash"
        assert await committed_total(kc2, TOPIC_TOEGANG) == 6
    finally:
        await kc2.stop()
    assert await count(env, env.effects) == 6, "reprocessing had no double effect"
    assert await count(env, env.tables.processed_events) == 6


async def test_poison_messages_go_to_the_dead_letter_topic_and_the_partition_moves_on(
    env: Env,
) -> None:
    key = b"same-key-same-partition"
    good1, good2 = melding(1), melding(2)
    invalid = CloudEvent(type=MeldingOntvangen.event_type, source="/test", subject="x",
                         data={"meldingId": "not-a-uuid"})
    for event in (good1.to_cloudevent("/test"), invalid):
        await env.producer.send_and_wait(TOPIC_TOEGANG, event.body(), key=key,
                                         headers=event.to_headers())
    await env.producer.send_and_wait(TOPIC_TOEGANG, b"\x00garbage", key=key)  # no envelope
    event = good2.to_cloudevent("/test")
    await env.producer.send_and_wait(TOPIC_TOEGANG, event.body(), key=key,
                                     headers=event.to_headers())

    kc = make_consumer(env.settings, GROUP, [TOPIC_TOEGANG])
    await kc.start()
    try:
        assert await drain(kc, event_consumer(env, kc), 4) == 4
        assert await committed_total(kc, TOPIC_TOEGANG) == 4, "the partition moved on"
    finally:
        await kc.stop()
    async with env.sessions() as session:
        applied = set(await session.scalars(sa.select(env.effects.c.melding_id)))
    assert applied == {good1.melding_id, good2.melding_id}

    dead = await read_topic(env.settings.kafka_bootstrap_servers, dead_letter_topic(GROUP),
                            min_records=2)
    assert len(dead) == 2
    errors = [dict(r.headers) for r in dead]
    assert all(h["dlq_origin_topic"] == TOPIC_TOEGANG.encode() for h in errors)
    assert {int(h["dlq_origin_offset"]) for h in errors} == {1, 2}
    assert b"ValidationError" in errors[0]["dlq_error"]
    assert b"specversion" in errors[1]["dlq_error"]
