"""Nothing is lost, and nothing doubles, when the broker, a database or a service goes away
while meldingen stream in: the services run as real processes, and the counts are compared at
every hop (sent to toegang, aanvragen in indicatie, meldingen and aanvragen in the monitor), with
the dead-letter topics empty afterwards. The counts are scaled for CI; the scenarios are not."""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from devstack.components import start_broker
from devstack.supervisor import Supervisor
from devstack.testing import MakeDatabase, OwnPostgres, read_topic
from stdnum.nl import bsn as stdnum_bsn
from wmokernel.consumer import dead_letter_topic
from wmokernel.migrations import ensure_database, upgrade

from .conftest import Stack, start_stack, stop_stack
from .test_slice import auth

NAMES = ("toegang", "indicatie", "monitor")
GROUPS = ("indicatie.toegang", "monitor.readmodels")
FAST_FAILURE = {
    "WMO_KAFKA_REQUEST_TIMEOUT_MS": "3000",
    "WMO_BROKER_CHECK_INTERVAL_S": "2",
}
WORKER = auth("buurtteam")
CLERK = auth("gemeente", subject="clerk-1", team=None)


def bsns(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    found: set[str] = set()
    while len(found) < n:
        candidate = f"{rng.randrange(10**8, 10**9):09d}"
        if stdnum_bsn.is_valid(candidate):
            found.add(candidate)
    return sorted(found)


class Stream:
    """Meldingen, each with a verwijzing to the Wmo-loket (so an aanvraag is due), sent to
    toegang one after another; ``fault`` runs after the first ``fault_after`` of them."""

    def __init__(self, stack: Stack, n: int, seed: int) -> None:
        self.stack = stack
        self.bsns = bsns(n, seed)
        self.meldingen: list[str] = []

    async def run(self, fault_after: int, fault: Callable[[], Awaitable[None]]) -> None:
        today = date.today()
        fault_task: asyncio.Task[None] | None = None
        async with httpx.AsyncClient(timeout=30) as http:
            for i, bsn in enumerate(self.bsns):
                if i == fault_after:
                    fault_task = asyncio.create_task(fault())
                r = await http.post(f"{self.stack.url('toegang')}/meldingen", headers=WORKER,
                                    json={"bsn": bsn, "kanaal": "buurtteam",
                                          "omschrijving": "redt het niet meer alleen",
                                          "gemeldOp": (today - timedelta(days=10)).isoformat(),
                                          "wijk": "Overvecht"})
                assert r.status_code == 201, r.text
                melding = r.json()["id"]
                r = await http.post(
                    f"{self.stack.url('toegang')}/meldingen/{melding}/verwijzingen",
                    headers=WORKER, json={"toelichting": "begeleiding nodig",
                                          "verwezenOp": (today - timedelta(days=3)).isoformat()})
                assert r.status_code == 201, r.text
                self.meldingen.append(melding)
                await asyncio.sleep(0.05)
        if fault_task is not None:
            await fault_task


async def hops(stack: Stack) -> dict[str, int]:
    """What each service holds now, counted through its public API."""
    async with httpx.AsyncClient(timeout=10) as http:
        aanvragen = await http.get(f"{stack.url('indicatie')}/aanvragen", headers=CLERK,
                                   params={"pageSize": 500})
        kpis = await http.get(f"{stack.url('monitor')}/kpis/doorlooptijden", headers=CLERK)
    if aanvragen.status_code != 200 or kpis.status_code != 200:
        return {}
    items = aanvragen.json()["items"]
    figures = kpis.json()
    return {"indicatie aanvragen": len(items),
            "indicatie distinct meldingen": len({a["meldingId"] for a in items}),
            "monitor meldingen": figures["meldingen"],
            "monitor aanvragen": figures["aanvragen"]}


async def assert_nothing_lost(stack: Stack, stream: Stream, wait_s: float = 120) -> None:
    sent = len(stream.meldingen)
    want = {"indicatie aanvragen": sent, "indicatie distinct meldingen": sent,
            "monitor meldingen": sent, "monitor aanvragen": sent}
    deadline = asyncio.get_running_loop().time() + wait_s
    seen: dict[str, int] = {}
    while asyncio.get_running_loop().time() < deadline:
        seen = await hops(stack)
        if seen == want:
            break
        await asyncio.sleep(1.0)
    assert seen == want, f"sent {sent} meldingen; the hops hold {seen}"
    # Settled, not passing through the right number on the way to a wrong one.
    await asyncio.sleep(3)
    assert await hops(stack) == want, "a figure moved on after it was right: something doubled"
    for group in GROUPS:
        letters = await read_topic(stack.broker.bootstrap, dead_letter_topic(group), wait_s=1)
        assert letters == [], f"{len(letters)} dead-lettered in {group}"


@pytest.fixture
async def fault_stack(make_database: MakeDatabase, tmp_path: Path) -> AsyncIterator[Stack]:
    stack = await start_stack(make_database, tmp_path, NAMES, FAST_FAILURE)
    yield stack
    stop_stack(stack)


async def test_the_broker_killed_mid_stream_and_replaced_by_an_empty_one(
    fault_stack: Stack, tmp_path: Path,
) -> None:
    stack = fault_stack

    async def kill_and_replace() -> None:
        port = stack.broker.port
        stack.broker.process.kill()
        stack.broker.process.wait()
        await asyncio.sleep(8)
        stack.broker = start_broker(port, tmp_path / "broker-2.log")

    stream = Stream(stack, 60, seed=1)
    await stream.run(fault_after=20, fault=kill_and_replace)
    await assert_nothing_lost(stack, stream)

    before = await hops(stack)
    monitor = stack.services["monitor"]
    monitor.stop()
    result = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "monitor", "rebuild"],
                                     env=monitor.env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    monitor.start()
    await asyncio.to_thread(monitor.wait_ready, 60.0)
    assert await hops(stack) == before, "the rebuild after the broker's loss gives the same figures"


async def test_the_broker_paused_longer_than_the_producers_timeout(fault_stack: Stack) -> None:
    stack = fault_stack

    async def pause() -> None:
        stack.broker.pause()
        await asyncio.sleep(3 * 3)  # three request timeouts
        stack.broker.resume()

    stream = Stream(stack, 40, seed=2)
    await stream.run(fault_after=10, fault=pause)
    await assert_nothing_lost(stack, stream)


async def test_the_database_of_one_service_stopped_for_30_seconds(
    make_database: MakeDatabase, tmp_path: Path,
) -> None:
    postgres = await asyncio.to_thread(OwnPostgres, tmp_path / "indicatie-pg")
    url = postgres.url_template.replace("{db}", "wmo_indicatie")
    await ensure_database(url)
    await asyncio.to_thread(upgrade, "indicatie", url)
    stack = await start_stack(make_database, tmp_path, NAMES, FAST_FAILURE,
                              database_urls={"indicatie": url})
    try:
        async def outage() -> None:
            await asyncio.to_thread(postgres.stop)
            await asyncio.sleep(30)
            await asyncio.to_thread(postgres.start)

        stream = Stream(stack, 40, seed=3)
        await stream.run(fault_after=10, fault=outage)
        await assert_nothing_lost(stack, stream)
    finally:
        stop_stack(stack)
        with contextlib.suppress(Exception):
            await asyncio.to_thread(postgres.stop)


async def test_a_consumer_service_killed_mid_batch_is_restarted_by_the_launcher(
    fault_stack: Stack, tmp_path: Path,
) -> None:
    stack = fault_stack
    said: list[str] = []
    supervisor = Supervisor(list(stack.services.values()), stack.broker, said.append,
                            tmp_path / "run")
    for svc in stack.services.values():  # the stack started them; watched from here on
        supervisor.adopt(svc)
    stop = threading.Event()

    def supervise() -> None:
        while not stop.is_set():
            supervisor.tick()
            stop.wait(0.2)

    watcher = threading.Thread(target=supervise, daemon=True)
    watcher.start()
    try:
        indicatie = stack.services["indicatie"]

        async def kill() -> None:
            assert indicatie.process is not None
            indicatie.process.send_signal(signal.SIGKILL)

        stream = Stream(stack, 40, seed=4)
        await stream.run(fault_after=15, fault=kill)
        await asyncio.to_thread(indicatie.wait_ready, 60.0)
        await assert_nothing_lost(stack, stream)
        assert supervisor.restarts.get("indicatie") == 1
        assert any("indicatie exited unexpectedly" in line for line in said), said
    finally:
        stop.set()
        watcher.join(5)


async def test_a_rebuild_reads_the_history_from_the_producers_log_when_the_broker_lost_it(
    make_database: MakeDatabase, tmp_path: Path,
) -> None:
    # The relay would notice the loss within seconds by itself; here it is made slow to
    # notice, so only the rebuild's asking the producing service can bring the history back.
    stack = await start_stack(make_database, tmp_path, ("toegang", "monitor"),
                              {**FAST_FAILURE, "WMO_BROKER_CHECK_INTERVAL_S": "3600"})
    try:
        stream = Stream(stack, 10, seed=5)

        async def nothing() -> None:
            return None

        await stream.run(fault_after=len(stream.bsns), fault=nothing)

        async def meldingen() -> int:
            async with httpx.AsyncClient(timeout=10) as http:
                r = await http.get(f"{stack.url('monitor')}/kpis/doorlooptijden", headers=CLERK)
            return int(r.json()["meldingen"]) if r.status_code == 200 else -1

        deadline = asyncio.get_running_loop().time() + 60
        while await meldingen() != 10:
            assert asyncio.get_running_loop().time() < deadline, await meldingen()
            await asyncio.sleep(0.5)

        port = stack.broker.port
        stack.broker.process.kill()
        stack.broker.process.wait()
        stack.broker = start_broker(port, tmp_path / "broker-2.log")
        monitor = stack.services["monitor"]
        monitor.stop()
        env = {**monitor.env,
               "WMO_EVENTLOG_SOURCES": f'["{stack.url("toegang")}"]'}
        try:
            result = await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "monitor", "rebuild"], env=env,
                capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"the rebuild hung:\n{exc.stdout!r}\n{exc.stderr!r}") from exc
        assert result.returncode == 0, result.stderr
        assert "published again" in result.stdout, result.stdout
        monitor.start()
        await asyncio.to_thread(monitor.wait_ready, 60.0)
        assert await meldingen() == 10, "the rebuild read the whole history back"
    finally:
        stop_stack(stack)
