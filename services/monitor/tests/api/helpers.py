"""Plumbing the API and integration tests share."""

from __future__ import annotations

from typing import Any, cast

from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from monitor.app import create_app
from monitor.service.projections import project
from monitor.settings import MonitorSettings
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from wmokernel.catalogue import EventPayload
from wmokernel.db import make_engine, make_session_factory
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent


def over(session: AsyncSession) -> UnitOfWork:
    """A unit of work over the test's own transaction, to hand the projections a batch (they
    use its session only, so no runtime stands behind it)."""
    return UnitOfWork(session, cast(Any, None))


async def project_batches(sessions: async_sessionmaker[AsyncSession],
                          batches: list[list[EventPayload]], source: str) -> None:
    """Each batch through the projections in a transaction of its own, as the consumer does."""
    for batch in batches:
        async with sessions() as session, session.begin():
            await project(over(session), [p.to_cloudevent(source) for p in batch])


async def publish_events(bootstrap: str, events: list[tuple[EventPayload, CloudEvent]]) -> None:
    """The events onto their topics, keyed by subject, in the order given."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for payload, event in events:
            await producer.send(payload.topic, event.body(), key=event.subject.encode(),
                                headers=event.to_headers())
        await producer.flush()
    finally:
        await producer.stop()


async def projected_app(make_database: Any, name: str, payloads: list[EventPayload]
                        ) -> FastAPI:
    """A monitor app on a fresh database into which ``payloads`` were projected as one batch."""
    url = await make_database(name, "monitor")
    engine = make_engine(url)
    try:
        async with make_session_factory(engine)() as session, session.begin():
            await project(over(session), [p.to_cloudevent("/wmo/test") for p in payloads])
    finally:
        await engine.dispose()
    return create_app(MonitorSettings(database_url=url))
