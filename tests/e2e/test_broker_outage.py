"""A service keeps accepting requests while the broker is stopped (SIGSTOP, longer than the
producer's request timeout), and its events arrive once the broker is back (SIGCONT)."""

from __future__ import annotations

import asyncio
import time
from datetime import date

import httpx
import pytest
from devstack.testing import MakeDatabase, read_topic
from wmokernel.catalogue import TOPIC_TOEGANG

from .conftest import start_stack, stop_stack
from .test_slice import auth

REQUEST_TIMEOUT_MS = 1500


async def test_requests_are_served_during_a_broker_outage_and_events_arrive_after(
    make_database: MakeDatabase, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    stack = await start_stack(
        make_database, tmp_path_factory.mktemp("outage"), ("toegang",),
        {"WMO_KAFKA_REQUEST_TIMEOUT_MS": str(REQUEST_TIMEOUT_MS)},
    )
    try:
        worker = auth("buurtteam")
        stack.broker.pause()
        created = []
        async with httpx.AsyncClient(timeout=10) as http:
            for i in range(5):
                started = time.monotonic()
                r = await http.post(f"{stack.url('toegang')}/meldingen", headers=worker, json={
                    "bsn": "111222333", "kanaal": "wmo-loket", "omschrijving": f"vraag {i}",
                    "gemeldOp": date.today().isoformat()})
                assert r.status_code == 201, r.text
                assert time.monotonic() - started < 2.0, "the request waited for the broker"
                created.append(r.json()["id"])
                await asyncio.sleep(0.5)
            # Outage well past the producer's request timeout: the relay must keep the rows.
            await asyncio.sleep(3 * REQUEST_TIMEOUT_MS / 1000)
            # Still ready to serve (it just did), but it says the broker is away.
            ready = await http.get(f"{stack.services['toegang'].url}/health/ready")
            assert ready.status_code == 200
            assert ready.json()["status"] == "degraded"
            assert ready.json()["checks"]["broker"].startswith("unavailable")
        stack.broker.resume()
        records = await read_topic(stack.broker.bootstrap, TOPIC_TOEGANG, min_records=5,
                                   wait_s=60)
        assert {r.key.decode() for r in records} >= set(created)
    finally:
        stop_stack(stack)
