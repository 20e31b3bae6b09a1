"""Putting dead-lettered events back once the cause is fixed (``python -m <service> redrive``).

Each record on a subscription's dead-letter topic goes back to the topic it came from with its
original headers; the consumer's claim of it (outcome ``dead-lettered``) is removed first, so
the consumer applies it when it comes by again. Other consumers of that topic see an event id
they already processed and skip it. A record without a CloudEvents envelope can never be
applied: it is counted, not sent back.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .consumer import dead_letter_topic
from .kafka import make_producer
from .runtime import ServiceRuntime
from .settings import KernelSettings
from .tables import KernelTables
from .wire.envelope import CloudEvent


@dataclass
class RedriveResult:
    group_id: str
    redriven: int = 0
    unreadable: int = 0


async def redrive(runtime: ServiceRuntime, group_id: str | None = None) -> list[RedriveResult]:
    """Send every dead-lettered event of the service's subscriptions (or of one) back."""
    results = []
    for sub in runtime.subscriptions:
        if group_id is None or sub.group_id == group_id:
            results.append(await redrive_group(runtime.settings, runtime.sessions,
                                               runtime.tables, sub.group_id))
    await runtime.engine.dispose()
    return results


async def redrive_group(settings: KernelSettings, sessions: async_sessionmaker[AsyncSession],
                        tables: KernelTables, group_id: str) -> RedriveResult:
    """Send one consumer group's dead-lettered events back to their topics."""
    processed = tables.processed_events
    result = RedriveResult(group_id)
    topic = dead_letter_topic(group_id)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, group_id=f"{group_id}.redrive",
        enable_auto_commit=False, auto_offset_reset="earliest",
        request_timeout_ms=max(settings.kafka_request_timeout_ms, 40000))
    producer = make_producer(settings)
    await consumer.start()
    await producer.start()
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not tps:
            return result
        consumer.assign(tps)
        end = await consumer.end_offsets(tps)
        while any([await consumer.position(tp) < end[tp] for tp in tps]):
            batch = await consumer.getmany(*tps, timeout_ms=1000)
            for tp, records in batch.items():
                for record in records:
                    headers = [(k, v) for k, v in record.headers or ()
                               if not k.startswith("dlq_")]
                    origin = dict(record.headers or ()).get("dlq_origin_topic")
                    try:
                        event = CloudEvent.from_record(headers, record.value)
                    except ValueError:
                        result.unreadable += 1
                        continue
                    if origin is None:
                        result.unreadable += 1
                        continue
                    async with sessions() as session, session.begin():
                        await session.execute(sa.delete(processed).where(
                            processed.c.consumer == group_id,
                            processed.c.event_source == event.source,
                            processed.c.event_id == event.id,
                            processed.c.outcome == "dead-lettered"))
                    await producer.send_and_wait(origin.decode(), record.value, key=record.key,
                                                 headers=headers)
                    result.redriven += 1
                await consumer.commit({tp: records[-1].offset + 1})
        return result
    finally:
        await producer.stop()
        await consumer.stop()
