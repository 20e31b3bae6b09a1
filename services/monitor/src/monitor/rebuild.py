"""Rebuild the read models by replaying every domain topic from its first record.

Run it with the monitor stopped: it empties the read models, replays the topics through the
same projections (duplicates skipped by the same processed-events claim), analyzes the refilled
tables, then moves the live consumer group's offsets to where the replay ended, so the service
resumes from there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.ext.asyncio import AsyncEngine
from wmokernel.catalogue import DOMAIN_TOPICS
from wmokernel.consumer import EventConsumer
from wmokernel.db import make_engine, make_session_factory
from wmokernel.kafka import ensure_topics, make_producer
from wmokernel.settings import KernelSettings

from .models import KERNEL, Base
from .projections import project

GROUP = "monitor.readmodels"
Progress = Callable[[int, int], None]


class _ReplayConsumer(EventConsumer):
    async def _commit_offsets(self, offsets: dict[TopicPartition, int]) -> None:
        """Offsets are set for the live group once, at the end of the replay."""


def read_model_tables() -> list[sa.Table]:
    kernel = {KERNEL.outbox.name, KERNEL.processed_events.name, KERNEL.audit_log.name}
    return [t for t in reversed(Base.metadata.sorted_tables) if t.name not in kernel]


async def rebuild(settings: KernelSettings, progress: Progress | None = None) -> int:
    """Replay all domain topics into empty read models; return the number of records read."""
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    await ensure_topics(settings, list(DOMAIN_TOPICS))
    async with engine.begin() as conn:
        for table in read_model_tables():
            await conn.execute(sa.delete(table))
        await conn.execute(sa.delete(KERNEL.processed_events)
                           .where(KERNEL.processed_events.c.consumer == GROUP))
    reader = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers,
                              group_id=None, enable_auto_commit=False)
    producer = make_producer(settings)
    await reader.start()
    await producer.start()
    try:
        tps = [TopicPartition(topic, p) for topic in DOMAIN_TOPICS
               for p in sorted(await _partitions(reader, topic))]
        reader.assign(tps)
        await reader.seek_to_beginning(*tps)
        start = await reader.beginning_offsets(tps)
        end = await reader.end_offsets(tps)
        total = sum(end[tp] - start[tp] for tp in tps)
        replay = _ReplayConsumer(consumer=reader, dlq_producer=producer,
                                 session_factory=sessions, tables=KERNEL, group_id=GROUP,
                                 handler=project, max_records=settings.consumer_max_records)
        done = 0
        quiet_polls = 0
        # End offsets are an estimate only (the dev broker reports batch, not record, offsets):
        # read until past them and the topics stay quiet.
        while quiet_polls < 2:
            batch = await reader.getmany(timeout_ms=500, max_records=2000)
            if batch:
                quiet_polls = 0
                await replay.process_batch(batch)
                done += sum(len(r) for r in batch.values())
                if progress is not None:
                    progress(done, max(total, done))
                continue
            positions = {tp: await reader.position(tp) for tp in tps}
            if all(positions[tp] >= end[tp] for tp in tps):
                quiet_polls += 1
        if progress is not None:
            progress(done, done)
        await _analyze(engine)
        end = {tp: await reader.position(tp) for tp in tps}
        await _move_group_offsets(settings, end)
        return done
    finally:
        await reader.stop()
        await producer.stop()
        await engine.dispose()


async def _analyze(engine: AsyncEngine) -> None:
    """Fresh statistics for the refilled tables: until autovacuum gets to them the planner
    would take them for near empty and pick plans that cost seconds on a full year."""
    async with engine.begin() as conn:
        for table in read_model_tables():
            await conn.execute(sa.text(f'ANALYZE "{table.name}"'))


async def _partitions(reader: AIOKafkaConsumer, topic: str) -> set[int]:
    for _ in range(50):
        partitions = reader.partitions_for_topic(topic)
        if partitions:
            return set(partitions)
        await reader.force_metadata_update()
        await asyncio.sleep(0.1)
    raise RuntimeError(f"topic {topic} has no partitions on the broker")


async def _move_group_offsets(settings: KernelSettings, end: dict[TopicPartition, int]) -> None:
    group = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers,
                             group_id=GROUP, enable_auto_commit=False)
    await group.start()
    try:
        group.assign(list(end))
        await group.commit({tp: offset for tp, offset in end.items() if offset > 0})
    finally:
        await group.stop()
