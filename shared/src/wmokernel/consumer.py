"""Idempotent event consumer.

Per batch of records, one database transaction claims every event id in the processed-events
table and hands the new events to the handler together. Offsets are committed only after the
database commit, so a crash in between redelivers records that the claim then skips. When the
batch fails, it is retried record by record (a savepoint each); a record that keeps failing goes
to the dead-letter topic with the error and origin in its headers, and the partition moves on.

Only errors that will fail the same way again dead-letter a record (``faults.is_transient``):
a database or broker that is away stops the batch, which is read again from its first offset
after a growing pause, so nothing moves on while it cannot be applied. Before each offset commit
the consumer checks that the broker still holds the position it committed last: a broker that
came back empty (the embedded one keeps its log in memory) has none, and then the consumer reads
its topics again from the start, the claims making the repeats harmless, instead of going on
from an old position in a new log and skipping what lies before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias

import sqlalchemy as sa
import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from prometheus_client import Counter, Gauge
from pydantic import ValidationError
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .catalogue import UnknownEventType
from .faults import backoff_s, is_transient
from .tables import KernelTables
from .tracing import consume_spans
from .wire.envelope import CloudEvent

log = structlog.get_logger(__name__)

Handler = Callable[[AsyncSession, list[CloudEvent]], Awaitable[None]]
Record: TypeAlias = "ConsumerRecord[Any, Any]"

PROCESSED = Counter("wmo_events_consumed_total", "Events consumed", ["consumer", "outcome"])
RETRYING = Gauge("wmo_consumer_retrying", "1 while the consumer retries a batch it could not "
                 "apply (database or broker away)", ["consumer"])
RETRIES = Counter("wmo_consumer_retries_total", "Batches read again after a transient error",
                  ["consumer"])
POSITION_RESETS = Counter("wmo_consumer_position_resets_total", "Times the broker had lost the "
                          "committed position and the topics were read again from the start",
                          ["consumer"])

# An event that does not fit the catalogue will not fit it on the next attempt either.
NON_RETRYABLE: tuple[type[Exception], ...] = (ValidationError, UnknownEventType)


def dead_letter_topic(group_id: str) -> str:
    return f"wmo.{group_id}.dlq"


class EventConsumer:
    def __init__(
        self,
        *,
        consumer: AIOKafkaConsumer,
        dlq_producer: AIOKafkaProducer,
        session_factory: async_sessionmaker[AsyncSession],
        tables: KernelTables,
        group_id: str,
        handler: Handler,
        max_records: int = 500,
        max_attempts: int = 3,
        retry_backoff_s: float = 0.05,
        ensure_topics: Callable[[], Awaitable[None]] | None = None,
        failure_pause_s: float = 0.5,
    ) -> None:
        self._consumer = consumer
        self._dlq = dlq_producer
        self._sessions = session_factory
        self._processed = tables.processed_events
        # One statement with three array parameters per batch, whatever its size: the
        # executemany form costs SQLAlchemy a parameter set per event.
        self._claim_batch = sa.text(
            f"INSERT INTO {self._processed.name} "
            "(consumer, event_source, event_id, event_type, outcome) "
            "SELECT :consumer, s, i, t, :outcome "
            "FROM unnest(:sources, :ids, :types) AS claimed(s, i, t) "
            "ON CONFLICT DO NOTHING RETURNING event_source, event_id"
        ).bindparams(
            sa.bindparam("sources", type_=ARRAY(sa.Text)),
            sa.bindparam("ids", type_=ARRAY(sa.Text)),
            sa.bindparam("types", type_=ARRAY(sa.Text)),
        )
        self.group_id = group_id
        self._handler = handler
        self._max_records = max_records
        self._max_attempts = max_attempts
        self._backoff = retry_backoff_s
        self._ensure_topics = ensure_topics
        self._failure_pause = failure_pause_s
        self._stopping = asyncio.Event()
        # What this consumer committed last per partition: the broker must still hold it.
        self._committed: dict[TopicPartition, int] = {}
        self.failures = 0

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Consume until stopped; finishes the batch in hand, commits, then returns."""
        while not self._stopping.is_set():
            batch: dict[TopicPartition, list[Record]] = {}
            try:
                batch = await self._consumer.getmany(timeout_ms=200,
                                                     max_records=self._max_records)
                if batch:
                    await self.process_batch(batch)
                if self.failures:
                    log.info("consumer recovered", group=self.group_id, failures=self.failures)
                self.failures = 0
                RETRYING.labels(self.group_id).set(0)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                await self._after_failure(batch, exc)

    async def _after_failure(self, batch: dict[TopicPartition, list[Record]],
                             exc: Exception) -> None:
        """Database or broker away: rewind to the batch start and try again after a pause."""
        self.failures += 1
        RETRIES.labels(self.group_id).inc()
        RETRYING.labels(self.group_id).set(1)
        pause = backoff_s(self.failures, self._failure_pause)
        log.warning("consumer batch failed, rewinding", group=self.group_id,
                    error=f"{type(exc).__name__}: {exc}", failures=self.failures, pause_s=pause)
        for tp, records in batch.items():
            # A rebalance may have taken the partition meanwhile: its new owner reads it.
            with contextlib.suppress(Exception):
                self._consumer.seek(tp, records[0].offset)
        if self._ensure_topics is not None:
            with contextlib.suppress(Exception):
                await self._ensure_topics()
        await self._sleep(pause)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def process_batch(self, batch: dict[TopicPartition, list[Record]]) -> None:
        records = [r for recs in batch.values() for r in recs]
        try:
            await self._apply_together(records)
        except Exception as exc:
            log.info("batch failed, retrying record by record", group=self.group_id,
                     error=str(exc))
            async with self._sessions() as session, session.begin():
                for record in records:
                    await self._process_record(session, record)
        await self._commit_offsets({tp: recs[-1].offset + 1 for tp, recs in batch.items()})

    async def _commit_offsets(self, offsets: dict[TopicPartition, int]) -> None:
        lost = await self._lost_topics(offsets)
        if lost:
            await self._read_again_from_start(lost)
            offsets = {tp: o for tp, o in offsets.items() if tp.topic not in lost}
        if offsets:
            await self._consumer.commit(offsets)
            self._committed.update(offsets)

    async def _lost_topics(self, offsets: dict[TopicPartition, int]) -> set[str]:
        """Topics whose committed position the broker no longer has (or has lower)."""
        known = [tp for tp in offsets if tp in self._committed]
        if not known:
            return set()
        held = await asyncio.gather(*(self._consumer.committed(tp) for tp in known))
        return {tp.topic for tp, at in zip(known, held, strict=True)
                if at is None or at < self._committed[tp]}

    async def _read_again_from_start(self, topics: set[str]) -> None:
        POSITION_RESETS.labels(self.group_id).inc()
        log.warning("the broker lost this consumer's positions; reading again from the start",
                    group=self.group_id, topics=sorted(topics))
        if self._ensure_topics is not None:
            await self._ensure_topics()
        partitions = [tp for tp in self._consumer.assignment() if tp.topic in topics]
        for tp in [tp for tp in self._committed if tp.topic in topics]:
            del self._committed[tp]
        if partitions:
            await self._consumer.seek_to_beginning(*partitions)

    async def _apply_together(self, records: list[Record]) -> None:
        events: dict[tuple[str, str], CloudEvent] = {}
        for record in records:
            event = CloudEvent.from_record(record.headers, record.value)  # raises → fallback
            events.setdefault((event.source, event.id), event)
        async with self._sessions() as session, session.begin():
            claimed = await self._claim(session, list(events.values()))
            fresh = [e for key, e in events.items() if key in claimed]
            if fresh:
                with consume_spans(self.group_id, fresh):
                    await self._handler(session, fresh)
        PROCESSED.labels(self.group_id, "applied").inc(len(fresh))
        PROCESSED.labels(self.group_id, "duplicate").inc(len(records) - len(fresh))

    async def _claim(self, session: AsyncSession, events: list[CloudEvent],
                     outcome: str = "applied") -> set[tuple[str, str]]:
        """Insert the events' ids; return those that were not processed before."""
        if not events:
            return set()
        result = await session.execute(self._claim_batch, {
            "consumer": self.group_id, "outcome": outcome,
            "sources": [e.source for e in events], "ids": [e.id for e in events],
            "types": [e.type for e in events],
        })
        return {(source, event_id) for source, event_id in result}

    async def _process_record(self, session: AsyncSession, record: Record) -> None:
        error: BaseException | None = None
        try:
            event = CloudEvent.from_record(record.headers, record.value)
        except ValueError as exc:
            await self._dead_letter(session, record, exc, None)
            return
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with session.begin_nested():
                    if not await self._claim(session, [event]):
                        PROCESSED.labels(self.group_id, "duplicate").inc()
                        return
                    with consume_spans(self.group_id, [event]):
                        await self._handler(session, [event])
                PROCESSED.labels(self.group_id, "applied").inc()
                return
            except Exception as exc:
                if is_transient(exc) and not isinstance(exc, NON_RETRYABLE):
                    raise  # not the event's fault: the whole batch waits and is read again
                error = exc
                if isinstance(exc, NON_RETRYABLE):
                    break
                log.warning("event handler failed", group=self.group_id, type=event.type,
                            id=event.id, attempt=attempt, error=str(exc))
                if attempt < self._max_attempts:
                    await asyncio.sleep(self._backoff * attempt)
        assert error is not None
        await self._dead_letter(session, record, error, event)

    async def _dead_letter(self, session: AsyncSession, record: Record,
                           error: BaseException, event: CloudEvent | None) -> None:
        headers = [
            *(record.headers or ()),
            ("dlq_error", f"{type(error).__name__}: {error}"[:2000].encode()),
            ("dlq_trace", "".join(traceback.format_exception(error))[-4000:].encode()),
            ("dlq_origin_topic", record.topic.encode()),
            ("dlq_origin_partition", str(record.partition).encode()),
            ("dlq_origin_offset", str(record.offset).encode()),
            ("dlq_consumer", self.group_id.encode()),
        ]
        await self._dlq.send_and_wait(
            dead_letter_topic(self.group_id), value=record.value, key=record.key, headers=headers
        )
        if event is not None:
            async with session.begin_nested():
                await self._claim(session, [event], "dead-lettered")
        PROCESSED.labels(self.group_id, "dead-lettered").inc()
        log.error("event dead-lettered", group=self.group_id, topic=record.topic,
                  partition=record.partition, offset=record.offset, error=str(error))


async def hand_over_offsets(consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int],
                            wait_s: float = 30.0) -> bool:
    """Commit ``offsets`` for ``consumer``'s group from outside it (a replay that read as that
    group): the broker refuses while members of a just-stopped service are still registered,
    so it is tried until their session has run out. False when it never took: harmless, for the
    group then reads from its old position and its claims skip what the replay applied."""
    deadline = asyncio.get_running_loop().time() + wait_s
    while True:
        try:
            await consumer.commit({tp: o for tp, o in offsets.items() if o > 0})
            return True
        except Exception as exc:
            if asyncio.get_running_loop().time() > deadline:
                log.warning("could not hand the offsets over; the group re-reads and skips",
                            error=str(exc))
                return False
            await asyncio.sleep(1.0)
