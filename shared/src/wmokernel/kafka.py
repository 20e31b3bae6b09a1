"""aiokafka clients configured the same way in every service."""

from __future__ import annotations

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
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
