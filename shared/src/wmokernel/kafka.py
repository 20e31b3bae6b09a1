"""aiokafka clients configured the same way in every service."""

from __future__ import annotations

import asyncio

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from .settings import KernelSettings

log = structlog.get_logger(__name__)


def make_producer(settings: KernelSettings) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=f"{settings.service_name}-producer",
        acks="all",
        enable_idempotence=settings.kafka_enable_idempotence,
        request_timeout_ms=settings.kafka_request_timeout_ms,
        linger_ms=2,
        max_batch_size=256 * 1024,
    )


def make_consumer(settings: KernelSettings, group_id: str, topics: list[str]) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=f"{settings.service_name}-{group_id}",
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        request_timeout_ms=max(settings.kafka_request_timeout_ms, 40000),
        max_poll_records=settings.consumer_max_records,
        fetch_max_wait_ms=settings.consumer_fetch_max_wait_ms,
    )


async def ensure_topics(settings: KernelSettings, topics: list[str]) -> None:
    """Create missing topics (Apache Kafka in production has them created by deploy/)."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        request_timeout_ms=settings.kafka_request_timeout_ms,
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t not in existing]
        if missing:
            try:
                await admin.create_topics(
                    [NewTopic(t, settings.kafka_topic_partitions, 1) for t in missing]
                )
                log.info("topics created", topics=missing)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


class LogProbe:
    """Reads how far the broker's log of each topic reaches, with fresh metadata each time
    (the producer's cached metadata still shows topics a replaced broker no longer has)."""

    def __init__(self, settings: KernelSettings) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            client_id=f"{settings.service_name}-log-probe",
            enable_auto_commit=False,
            fetch_max_wait_ms=settings.consumer_fetch_max_wait_ms,
            request_timeout_ms=settings.kafka_request_timeout_ms,
        )
        self._started = False

    async def log_ends(self, topics: list[str]) -> dict[str, int]:
        """Per topic: how many offsets its partitions hold (the sum of their log ends); 0 for a
        topic the broker does not have."""
        if not self._started:
            await self._consumer.start()
            self._started = True
        # Fresh metadata of every topic, not only of those this client tracks (topics() asks
        # the same but keeps only the names).
        cluster = await self._consumer._client.fetch_all_metadata()
        tps = [TopicPartition(topic, p) for topic in topics
               for p in sorted(cluster.partitions_for_topic(topic) or ())]
        last = await self._log_ends(tps)
        return {topic: sum(n for tp, n in last.items() if tp.topic == topic) for topic in topics}

    async def _log_ends(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        """The offset after each partition's last record, read from the last record itself:
        Tansu reports as high-water mark the last record batch's first offset + 1."""
        if not tps:
            return {}
        ends: dict[TopicPartition, int] = dict(await self._consumer.end_offsets(tps))
        filled = [tp for tp in tps if ends[tp] > 0]
        if not filled:
            return ends
        self._consumer.assign(filled)
        for tp in filled:
            self._consumer.seek(tp, ends[tp] - 1)
        waiting = set(filled)
        deadline = asyncio.get_running_loop().time() + 5.0
        while waiting and asyncio.get_running_loop().time() < deadline:
            batch = await self._consumer.getmany(*waiting, timeout_ms=200)
            for tp, records in batch.items():
                ends[tp] = max([ends[tp], *(r.offset + 1 for r in records)])
                waiting.discard(tp)
        return ends

    async def stop(self) -> None:
        if self._started:
            await self._consumer.stop()
            self._started = False
