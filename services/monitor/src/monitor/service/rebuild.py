"""Rebuild the read models by replaying every domain topic from its first record.

Run it with the monitor stopped: it empties the read models, replays the topics through the
same projections (duplicates skipped by the same processed-events claim), analyzes the refilled
tables, then moves the live consumer group's offsets to where the replay ended, so the service
resumes from there.

Several transactions in a row, so the composition root hands in what opens them: ``units``
(one unit of work each for emptying and analyzing) and, for the replay's batches, the kernel
consumer's session factory with the projections bound to a batch's unit of work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager

from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from wmokernel.catalogue import DOMAIN_TOPICS
from wmokernel.consumer import EventConsumer, hand_over_offsets
from wmokernel.kafka import ensure_topics, make_producer
from wmokernel.settings import KernelSettings
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from ..models import KERNEL
from ..repository.readmodels import analyze, empty

GROUP = "monitor.readmodels"
Progress = Callable[[int, int], None]
UnitsOfWork = Callable[[], AbstractAsyncContextManager[UnitOfWork]]
BatchHandler = Callable[[AsyncSession, list[CloudEvent]], Awaitable[None]]


class _ReplayConsumer(EventConsumer):
    async def _commit_offsets(self, offsets: dict[TopicPartition, int]) -> None:
        """Offsets are set for the live group once, at the end of the replay."""


async def rebuild(settings: KernelSettings, units: UnitsOfWork,
                  sessions: async_sessionmaker[AsyncSession], apply: BatchHandler,
                  progress: Progress | None = None) -> int:
    """Replay all domain topics into empty read models; return the number of records read."""
    await ensure_topics(settings, list(DOMAIN_TOPICS))
    async with units() as uow:
        await empty(uow.session, GROUP)
    # The reader carries the live group's id only to move its offsets at the end: it is
    # assigned its partitions, so it joins no group and reads from the beginning.
    reader = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers,
                              group_id=GROUP, enable_auto_commit=False)
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
                                 handler=apply, max_records=settings.consumer_max_records)
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
        async with units() as uow:
            await analyze(uow.session)
        await hand_over_offsets(reader, {tp: await reader.position(tp) for tp in tps})
        return done
    finally:
        await reader.stop()
        await producer.stop()


async def _partitions(reader: AIOKafkaConsumer, topic: str) -> set[int]:
    for _ in range(50):
        partitions = reader.partitions_for_topic(topic)
        if partitions:
            return set(partitions)
        await reader.force_metadata_update()
        await asyncio.sleep(0.1)
    raise RuntimeError(f"topic {topic} has no partitions on the broker")
