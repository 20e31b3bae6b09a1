"""Transactional outbox: events are written with the state change, a relay publishes them.

The relay is elected by a PostgreSQL advisory lock (one per service), publishes in id order,
awaits the broker's acks for the whole batch, and only then marks the rows published. A crash
between publish and mark re-publishes the same event ids; consumers deduplicate on them.

The outbox is also the service's durable event log: published rows are kept (domain topics keep
their events forever, and so does the log). The leader checks, when it is elected and every
few seconds after, that the broker still holds at least as many records per topic as it
published there; a broker that lost them (replaced, or restarted empty as the embedded one does)
gets the missing topics created and the whole log of those topics published again, in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
import zlib
from collections import Counter as Tally
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import sqlalchemy as sa
import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.producer.message_accumulator import BatchBuilder
from prometheus_client import Counter, Gauge
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from .catalogue import EventPayload
from .kafka import LogProbe
from .tables import OUTBOX_CHANNEL, KernelTables
from .tracing import current_trace_headers
from .wire.envelope import CloudEvent

log = structlog.get_logger(__name__)

PUBLISHED = Counter("wmo_outbox_published_total", "Events published from the outbox", ["service"])
BACKLOG = Gauge("wmo_outbox_backlog", "Unpublished outbox rows seen in the last poll", ["service"])
RELAY_ERRORS = Counter("wmo_outbox_relay_errors_total", "Failed relay publish rounds", ["service"])
REPUBLISHED = Counter("wmo_outbox_republished_total", "Outbox rows published again because the "
                      "broker had lost them", ["service", "topic"])


class Outbox:
    def __init__(self, tables: KernelTables, source: str) -> None:
        self._table = tables.outbox
        self.source = source
        # Built once: a statement built per call costs more than its round trip.
        self._insert = sa.insert(self._table)

    async def add(self, session: AsyncSession, payload: EventPayload) -> CloudEvent:
        """Stage an event in the caller's transaction; it is published only if that commits."""
        [event] = await self.add_all(session, [payload])
        return event

    async def add_all(self, session: AsyncSession, payloads: list[EventPayload]
                      ) -> list[CloudEvent]:
        """Stage several events in one statement, in their order (a declaratie of thousands
        of prestaties publishes one event each)."""
        if not payloads:
            return []
        trace = current_trace_headers()
        events, rows = [], []
        for payload in payloads:
            event = payload.to_cloudevent(self.source)
            event.extensions.update(trace)
            events.append(event)
            rows.append({
                "topic": payload.topic,
                "key": event.subject,
                "event_id": uuid.UUID(event.id),
                "event_type": event.type,
                "headers": [[k, v.decode()] for k, v in event.to_headers()],
                "body": event.body(),
            })
        await session.execute(self._insert, rows[0] if len(rows) == 1 else rows)
        return events


def _lock_key(service: str) -> int:
    return zlib.crc32(f"wmo-outbox-relay:{service}".encode()) & 0x7FFFFFFF


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        tables: KernelTables,
        producer: AIOKafkaProducer,
        service: str,
        batch_size: int = 500,
        poll_interval_s: float = 1.0,
        probe: LogProbe | None = None,
        ensure_topics: Callable[[], Awaitable[None]] | None = None,
        check_interval_s: float = 5.0,
    ) -> None:
        self._engine = engine
        self._table = tables.outbox
        self._producer = producer
        self._service = service
        self._batch_size = batch_size
        self._poll = poll_interval_s
        self._stopping = asyncio.Event()
        self.is_leader = False
        self._probe = probe
        self._ensure_topics = ensure_topics
        self._check_interval = check_interval_s
        # Rows published per topic, as far as this leader knows (counted when it is elected).
        self._published: Tally[str] | None = None
        self._checked_at = 0.0
        t = self._table
        self._select_unpublished = (
            sa.select(t.c.id, t.c.topic, t.c.key, t.c.headers, t.c.body)
            .where(t.c.published_at.is_(None))
            .order_by(t.c.id)
            .limit(sa.bindparam("n"))
        )
        # One array parameter: an IN list of 500 parameters costs more to bind than to run.
        self._mark = (
            sa.update(t)
            .where(t.c.id == sa.any_(sa.bindparam("ids", type_=ARRAY(sa.BigInteger))))
            .values(published_at=sa.func.now())
        )
        self._count_published = (
            sa.select(t.c.topic, sa.func.count()).where(t.c.published_at.is_not(None))
            .group_by(t.c.topic))
        self._unpublish = (
            sa.update(t).where(t.c.published_at.is_not(None),
                               t.c.topic == sa.any_(sa.bindparam("topics", type_=ARRAY(sa.Text))))
            .values(published_at=None))
        # The producer's own choice for a keyed record (murmur2 of the key, as the Java
        # client), so a key lands on the same partition whichever way it is sent.
        self._partitioner = DefaultPartitioner()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Run until stopped: wait for leadership, then relay; survive DB and broker outages."""
        backoff = 0.1
        while not self._stopping.is_set():
            try:
                async with self._engine.connect() as lock_conn:
                    got = await lock_conn.scalar(
                        sa.select(sa.func.pg_try_advisory_lock(_lock_key(self._service)))
                    )
                    await lock_conn.commit()
                    if not got:
                        await self._sleep(1.0)
                        continue
                    self.is_leader = True
                    log.info("outbox relay elected", service=self._service)
                    try:
                        await self._relay_while_leader(lock_conn)
                    finally:
                        self.is_leader = False
                        self._published = None
                backoff = 0.1
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                RELAY_ERRORS.labels(self._service).inc()
                log.warning("outbox relay error, retrying", error=str(exc), backoff=backoff)
                if self._ensure_topics is not None:
                    with contextlib.suppress(Exception):
                        await self._ensure_topics()
                await self._sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _relay_while_leader(self, lock_conn: Any) -> None:
        wake = asyncio.Event()
        raw = await lock_conn.get_raw_connection()
        driver = raw.driver_connection

        def on_notify(*_: object) -> None:
            wake.set()

        await driver.add_listener(OUTBOX_CHANNEL, on_notify)
        try:
            await self.check_log()
            while not self._stopping.is_set():
                wake.clear()
                if time.monotonic() - self._checked_at >= self._check_interval:
                    await self.check_log()
                sent = await self.relay_once()
                if sent >= self._batch_size:
                    continue
                stop_wait = asyncio.ensure_future(self._stopping.wait())
                wake_wait = asyncio.ensure_future(wake.wait())
                done, pending = await asyncio.wait(
                    {stop_wait, wake_wait}, timeout=self._poll,
                    return_when=asyncio.FIRST_COMPLETED)
                for task in pending:
                    task.cancel()
                if not done:
                    # Quiet: the lock connection doubles as a probe of our leadership.
                    await lock_conn.execute(sa.text("SELECT 1"))
                    await lock_conn.commit()
        finally:
            with contextlib.suppress(Exception):
                await driver.remove_listener(OUTBOX_CHANNEL, on_notify)

    async def relay_once(self) -> int:
        """Publish one batch of unpublished rows in order; return how many were published."""
        async with self._engine.connect() as conn:
            rows = (await conn.execute(self._select_unpublished, {"n": self._batch_size})).all()
            await conn.commit()
        BACKLOG.labels(self._service).set(len(rows))
        if not rows:
            return 0
        await self._publish(rows)
        await self._mark_published([r.id for r in rows])
        PUBLISHED.labels(self._service).inc(len(rows))
        if self._published is not None:
            self._published.update(r.topic for r in rows)
        return len(rows)

    def forget_counts(self) -> None:
        """The log was changed from outside (a republish request): count it again."""
        self._published = None

    async def _recount(self) -> Tally[str]:
        async with self._engine.connect() as conn:
            counted = (await conn.execute(self._count_published)).all()
            await conn.commit()
        return Tally({topic: n for topic, n in counted})

    async def check_log(self) -> list[str]:
        """Publish again what the broker lost; return the topics concerned."""
        self._checked_at = time.monotonic()
        if self._probe is None:
            return []
        counted_now = self._published is None
        if self._published is None:
            self._published = await self._recount()
        topics = sorted(t for t, n in self._published.items() if n)
        if not topics:
            return []
        ends = await self._probe.log_ends(topics)
        lost = [t for t in topics if ends[t] < self._published[t]]
        if lost and not counted_now:
            # Counted along in memory: another process may have changed the log (a republish
            # request marks rows unpublished), so a loss is only acted on when the log says so.
            self._published = await self._recount()
            lost = [t for t in lost if ends[t] < self._published[t]]
        if not lost:
            return []
        if self._ensure_topics is not None:
            await self._ensure_topics()
        async with self._engine.begin() as conn:
            await conn.execute(self._unpublish, {"topics": lost})
        for topic in lost:
            REPUBLISHED.labels(self._service, topic).inc(self._published[topic])
            log.warning("the broker lost published events; publishing them again",
                        service=self._service, topic=topic, published=self._published[topic],
                        broker_holds=ends[topic])
            self._published[topic] = 0
        return lost

    async def _publish(self, rows: Sequence[Any]) -> None:
        """Send the rows as record batches, one per partition at a time and in id order within
        each; all acks (acks=all) before anything is marked, so any failure leaves every row
        to be retried. Building the batches ourselves skips send()'s per-record future,
        metadata lookup and accumulator round."""
        partitions: dict[str, list[int]] = {}
        batches: dict[tuple[str, int], BatchBuilder] = {}
        acks: list[asyncio.Future[Any]] = []
        for row in rows:
            if row.topic not in partitions:
                partitions[row.topic] = sorted(await self._producer.partitions_for(row.topic))
            key = row.key.encode()
            tp = (row.topic, self._partitioner(key, partitions[row.topic], None))
            batch = batches.get(tp)
            if batch is None:
                batch = batches[tp] = self._producer.create_batch()
            headers = [(k, v.encode()) for k, v in row.headers]
            if batch.append(key=key, value=row.body, timestamp=None, headers=headers) is None:
                acks.append(await self._producer.send_batch(batch, tp[0], partition=tp[1]))
                batch = batches[tp] = self._producer.create_batch()
                if batch.append(key=key, value=row.body, timestamp=None,
                                headers=headers) is None:
                    raise RuntimeError(f"an empty batch refused outbox row {row.id}")
        for (topic, partition), batch in batches.items():
            acks.append(await self._producer.send_batch(batch, topic, partition=partition))
        await asyncio.gather(*acks)

    async def _mark_published(self, ids: list[int]) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(self._mark, {"ids": ids})
