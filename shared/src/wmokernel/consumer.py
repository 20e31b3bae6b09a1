"""Idempotent event consumer.

Per batch of records, one database transaction claims every event id in the processed-events
table and hands the new events to the handler together. Offsets are committed only after the
database commit, so a crash in between redelivers records that the claim then skips. When the
batch fails, it is retried record by record (a savepoint each); a record that keeps failing goes
to the dead-letter topic with the error and origin in its headers, and the partition moves on.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias

import sqlalchemy as sa
import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from prometheus_client import Counter
from pydantic import ValidationError
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .catalogue import UnknownEventType
from .tables import KernelTables
from .tracing import consume_spans
from .wire.envelope import CloudEvent

log = structlog.get_logger(__name__)

Handler = Callable[[AsyncSession, list[CloudEvent]], Awaitable[None]]
Record: TypeAlias = "ConsumerRecord[Any, Any]"

PROCESSED = Counter("wmo_events_consumed_total", "Events consumed", ["consumer", "outcome"])

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
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Consume until stopped; finishes the batch in hand, commits, then returns."""
        while not self._stopping.is_set():
            batch = await self._consumer.getmany(timeout_ms=200, max_records=self._max_records)
            if not batch:
                continue
            try:
                await self.process_batch(batch)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Database down or similar: rewind to the batch start and try again later.
                log.warning("consumer batch failed, rewinding", group=self.group_id,
                            error=str(exc))
                for tp, records in batch.items():
                    self._consumer.seek(tp, records[0].offset)
                await asyncio.sleep(1.0)

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
        await self._consumer.commit(offsets)

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
