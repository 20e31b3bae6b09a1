"""Nothing is lost when the broker comes back empty or the database is away for a while:
the relay publishes its log again, consumers read a replaced broker from the start, and a
transient error is waited out instead of dead-lettered (real PostgreSQL and broker)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from devstack.components import Broker, free_port, start_broker
from devstack.testing import MakeDatabase, read_topic
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from wmokernel.catalogue import TOPIC_TOEGANG, Kanaal, MeldingOntvangen, parse_payload
from wmokernel.consumer import RETRIES, EventConsumer, dead_letter_topic
from wmokernel.db import make_engine, make_session_factory
from wmokernel.kafka import LogProbe, ensure_topics, make_producer
from wmokernel.outbox import Outbox, OutboxRelay
from wmokernel.redrive import redrive_group
from wmokernel.settings import KernelSettings
from wmokernel.tables import KernelTables, kernel_tables
from wmokernel.wire.envelope import CloudEvent

GROUP = "test.loss"


class ReplaceableBroker:
    """A broker on a fixed port that can be killed and replaced by a fresh, empty one."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self._log_dir = log_dir
        self.broker: Broker = start_broker(self.port, log_dir / "broker-1.log")
        self.generation = 1

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap

    def replace(self) -> None:
        self.broker.process.kill()
        self.broker.process.wait()
        self.generation += 1
        self.broker = start_broker(self.port, self._log_dir / f"broker-{self.generation}.log")

    def stop(self) -> None:
        self.broker.stop()


@dataclass
class Env:
    settings: KernelSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    tables: KernelTables
    effects: sa.Table
    broker: ReplaceableBroker

    async def ensure(self) -> None:
        await ensure_topics(self.settings, [TOPIC_TOEGANG, dead_letter_topic(GROUP)])


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[ReplaceableBroker]:
    b = ReplaceableBroker(tmp_path)
    yield b
    b.stop()


@pytest.fixture
async def env(make_database: MakeDatabase, broker: ReplaceableBroker) -> AsyncIterator[Env]:
    url = await make_database("loss", None)
    metadata = sa.MetaData()
    tables = kernel_tables(metadata)
    effects = sa.Table("effects", metadata,
                       sa.Column("melding_id", sa.Uuid, primary_key=True))
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    settings = KernelSettings(service_name=f"loss-{uuid.uuid4().hex[:6]}",
                              kafka_bootstrap_servers=broker.bootstrap,
                              kafka_request_timeout_ms=3000,
                              # As many as Tansu gives a topic it creates on a client's first
                              # metadata request: the replaced broker may do that before
                              # ensure_topics, and an assigned consumer must see them all.
                              kafka_topic_partitions=4)
    e = Env(settings, engine, make_session_factory(engine), tables, effects, broker)
    await e.ensure()
    yield e
    await engine.dispose()


def melding() -> MeldingOntvangen:
    return MeldingOntvangen(
        melding_id=uuid.uuid4(), client_id="p-" + uuid.uuid4().hex, kanaal=Kanaal.BUURTTEAM,
        gemeld_op=date(2026, 11, 2), eerste_contact_uiterlijk=date(2026, 11, 9),
        onderzoek_uiterlijk=date(2026, 12, 14))


async def stage(env: Env, n: int) -> list[MeldingOntvangen]:
    payloads = [melding() for _ in range(n)]
    outbox = Outbox(env.tables, "/test/loss")
    async with env.sessions() as session, session.begin():
        for p in payloads:
            await outbox.add(session, p)
    return payloads


async def applied(env: Env) -> set[uuid.UUID]:
    async with env.engine.connect() as conn:
        return set(await conn.scalars(sa.select(env.effects.c.melding_id)))


def handler(env: Env, fail_first: int = 0) -> Any:
    failures = {"left": fail_first}

    async def handle(session: AsyncSession, events: list[CloudEvent]) -> None:
        if failures["left"] > 0:
            failures["left"] -= 1
            raise ConnectionResetError("the database went away")
        for event in events:
            payload = parse_payload(event)
            assert isinstance(payload, MeldingOntvangen)
            await session.execute(sa.insert(env.effects).values(melding_id=payload.melding_id))
    return handle


async def test_the_relay_publishes_its_log_again_when_the_broker_comes_back_empty(
    env: Env,
) -> None:
    producer = make_producer(env.settings)
    await producer.start()
    probe = LogProbe(env.settings)
    try:
        relay = OutboxRelay(env.engine, env.tables, producer, env.settings.service_name,
                            probe=probe, ensure_topics=env.ensure)
        assert await probe.log_ends([TOPIC_TOEGANG]) == {TOPIC_TOEGANG: 0}, "asked while empty"
        payloads = await stage(env, 30)
        assert await relay.relay_once() == 30
        assert await probe.log_ends([TOPIC_TOEGANG]) == {TOPIC_TOEGANG: 30}
        assert await relay.check_log() == [], "an intact broker is not republished to"

        env.broker.replace()
        assert await retried(relay.check_log) == [TOPIC_TOEGANG]
        republished = 0
        while (n := await retried(relay.relay_once)) > 0:
            republished += n
        assert republished == 30
        records = await read_topic(env.broker.bootstrap, TOPIC_TOEGANG, min_records=30)
        ids = {CloudEvent.from_record(r.headers, r.value).id for r in records}
        assert len(ids) == 30 and len(records) == 30
        assert sorted(r.key.decode() for r in records) == sorted(
            str(p.melding_id) for p in payloads)
        assert await relay.check_log() == [], "once republished, the log is whole again"
    finally:
        await probe.stop()
        await producer.stop()


async def retried(call: Any, timeout_s: float = 20) -> Any:
    """As the relay's loop does: a round that meets the broker reconnecting is tried again."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        try:
            return await call()
        except Exception:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.2)


async def _feed(kc: AIOKafkaConsumer, consumer: EventConsumer, env: Env,
                want: set[uuid.UUID], timeout_s: float = 30) -> None:
    """Hand batches to ``consumer`` until every event of ``want`` is applied."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not want <= await applied(env):
        assert asyncio.get_running_loop().time() < deadline, (
            f"{len(want - await applied(env))} of {len(want)} events never applied")
        batch = await kc.getmany(timeout_ms=200)
        if batch:
            await consumer.process_batch(batch)


async def _publish(env: Env, producer: Any, events: list[CloudEvent]) -> None:
    for event in events:
        await producer.send_and_wait(TOPIC_TOEGANG, event.body(), key=event.subject.encode(),
                                     headers=event.to_headers())


async def test_a_consumer_reads_a_replaced_broker_from_the_start_and_skips_nothing(
    env: Env,
) -> None:
    producer = make_producer(env.settings)
    await producer.start()
    # Assigned partitions, no group rebalance: the consumer keeps its old positions in memory
    # across the replacement, as one does that the new broker does not make rejoin.
    kc = AIOKafkaConsumer(bootstrap_servers=env.broker.bootstrap, group_id=GROUP,
                          enable_auto_commit=False, auto_offset_reset="earliest",
                          request_timeout_ms=40000)
    await kc.start()
    try:
        kc.assign([TopicPartition(TOPIC_TOEGANG, p)
                   for p in sorted(kc.partitions_for_topic(TOPIC_TOEGANG) or ())])
        consumer = EventConsumer(consumer=kc, dlq_producer=producer,
                                 session_factory=env.sessions, tables=env.tables,
                                 group_id=GROUP, handler=handler(env), ensure_topics=env.ensure)
        old = [melding() for _ in range(20)]
        old_events = [p.to_cloudevent("/test/loss") for p in old]
        await _publish(env, producer, old_events)
        await _feed(kc, consumer, env, {p.melding_id for p in old})

        env.broker.replace()
        await env.ensure()
        # On the new broker what waited in the outbox comes first and the republished log
        # after it: the consumer's old positions now point past the new events.
        new = [melding() for _ in range(20)]
        await _publish(env, producer, [p.to_cloudevent("/test/loss") for p in new])
        await _publish(env, producer, old_events)
        await _feed(kc, consumer, env, {p.melding_id for p in old + new})
        assert await applied(env) == {p.melding_id for p in old + new}, "nothing doubled"
    finally:
        await kc.stop()
        await producer.stop()


async def test_a_database_outage_is_waited_out_and_nothing_is_dead_lettered(env: Env) -> None:
    producer = make_producer(env.settings)
    await producer.start()
    kc = AIOKafkaConsumer(TOPIC_TOEGANG, bootstrap_servers=env.broker.bootstrap, group_id=GROUP,
                          enable_auto_commit=False, auto_offset_reset="earliest",
                          request_timeout_ms=40000)
    await kc.start()
    retries_before = RETRIES.labels(GROUP)._value.get()
    try:
        # Fails more often than the per-record attempts: dead-lettered if seen as the event's
        # fault, applied once the "database" is back if seen as what it is.
        consumer = EventConsumer(consumer=kc, dlq_producer=producer,
                                 session_factory=env.sessions, tables=env.tables,
                                 group_id=GROUP, handler=handler(env, fail_first=8),
                                 max_attempts=2, retry_backoff_s=0.01, failure_pause_s=0.02)
        payloads = [melding() for _ in range(5)]
        await _publish(env, producer, [p.to_cloudevent("/test/loss") for p in payloads])
        task = asyncio.create_task(consumer.run())
        try:
            deadline = asyncio.get_running_loop().time() + 30
            while len(await applied(env)) < 5:
                assert asyncio.get_running_loop().time() < deadline, "never applied"
                await asyncio.sleep(0.1)
        finally:
            consumer.stop()
            await asyncio.wait_for(task, 10)
        assert await applied(env) == {p.melding_id for p in payloads}
        assert RETRIES.labels(GROUP)._value.get() > retries_before
        async with env.engine.connect() as conn:
            outcomes = set(await conn.scalars(sa.select(env.tables.processed_events.c.outcome)))
        assert outcomes == {"applied"}
        assert await read_topic(env.broker.bootstrap, dead_letter_topic(GROUP), wait_s=2) == []
    finally:
        await kc.stop()
        await producer.stop()


async def test_a_dead_letter_is_redriven_once_fixed_and_applied_once(env: Env) -> None:
    producer = make_producer(env.settings)
    await producer.start()
    broken = {"yes": True}

    async def handle(session: AsyncSession, events: list[CloudEvent]) -> None:
        if broken["yes"]:
            raise ValueError("a rule the event breaks until the code is fixed")
        await handler(env)(session, events)

    def consumer_for(kc: AIOKafkaConsumer) -> EventConsumer:
        return EventConsumer(consumer=kc, dlq_producer=producer, session_factory=env.sessions,
                             tables=env.tables, group_id=GROUP, handler=handle,
                             max_attempts=1, retry_backoff_s=0.01)

    kc = AIOKafkaConsumer(TOPIC_TOEGANG, bootstrap_servers=env.broker.bootstrap, group_id=GROUP,
                          enable_auto_commit=False, auto_offset_reset="earliest",
                          request_timeout_ms=40000)
    await kc.start()
    try:
        payload = melding()
        await _publish(env, producer, [payload.to_cloudevent("/test/loss")])
        consumer = consumer_for(kc)
        while not await read_topic(env.broker.bootstrap, dead_letter_topic(GROUP), wait_s=0.5):
            batch = await kc.getmany(timeout_ms=200)
            if batch:
                await consumer.process_batch(batch)
        assert await applied(env) == set()

        broken["yes"] = False
        result = await redrive_group(env.settings, env.sessions, env.tables, GROUP)
        assert (result.redriven, result.unreadable) == (1, 0)
        await _feed(kc, consumer, env, {payload.melding_id})
        again = await redrive_group(env.settings, env.sessions, env.tables, GROUP)
        assert again.redriven == 0, "a redriven letter is not sent twice"
        async with env.engine.connect() as conn:
            outcomes = list(await conn.scalars(
                sa.select(env.tables.processed_events.c.outcome)))
        assert outcomes == ["applied"]
    finally:
        await kc.stop()
        await producer.stop()
