"""The system started by its launcher on non-default ports (`wmo-dev up --base-port`): every
service finds the others on those ports, so the WMO301 reaches the provider's mailbox with the
BSN indicatie fetched from this toegang, and the whole iWmo round trip runs."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from devstack.components import SERVICES, Broker, ServiceProcess, free_port, port_is_free
from wmokernel.migrations import drop_database

from .conftest import Stack
from .test_iwmo_roundtrip import HAVE_XSD, run_roundtrip


def _free_block(size: int) -> int:
    """A first port with ``size`` free ports after it."""
    for _ in range(50):
        first = free_port()
        if first + size < 65535 and all(port_is_free(first + i) for i in range(size)):
            return first
    raise RuntimeError("no block of free ports")


def _ports() -> tuple[int, int]:
    """A block of free ports for the services and another free one, outside it, for the
    broker."""
    base = _free_block(len(SERVICES))
    broker = _free_block(1)
    while base <= broker < base + len(SERVICES):
        broker = _free_block(1)
    return base, broker


def _launch(tmp_path: Path, base: int, broker_port: int, template: str
            ) -> subprocess.Popen[bytes]:
    """``wmo-dev up`` as a user runs it, on the given ports and database server."""
    return subprocess.Popen(
        [sys.executable, "-m", "devstack.cli", "up", "--data-dir", str(tmp_path / "data"),
         "--base-port", str(base), "--broker-port", str(broker_port),
         "--database-url", template],
        stdout=open(tmp_path / "launcher.log", "wb"), stderr=subprocess.STDOUT)


def _text(log: Path) -> str:
    return log.read_text() if log.exists() else "(no log)"


async def wait_until_ready(launcher: subprocess.Popen[bytes], base: int, log: Path,
                           timeout_s: float = 180) -> None:
    """Until every service the launcher started answers ready on its port."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    async with httpx.AsyncClient(timeout=3) as http:
        for i, name in enumerate(SERVICES):
            while True:
                assert launcher.poll() is None, _text(log)
                with contextlib.suppress(httpx.HTTPError):
                    r = await http.get(f"http://127.0.0.1:{base + i}/health/ready")
                    if r.status_code == 200 and r.json()["status"] == "ok":
                        break
                assert asyncio.get_running_loop().time() < deadline, (
                    f"{name} not ready: {_text(log)}")
                await asyncio.sleep(0.5)


@pytest.mark.skipif(not HAVE_XSD, reason="the iWmo XSDs are not in ../shared/iwmo")
async def test_on_non_default_ports_the_wmo301_reaches_the_providers_mailbox(
    pg_url_template: str, tmp_path: Path,
) -> None:
    base, broker_port = _ports()
    template = pg_url_template.replace("{db}", f"t_launch_{uuid.uuid4().hex[:6]}_{{db}}")
    launcher = _launch(tmp_path, base, broker_port, template)
    services = {name: ServiceProcess(name, base + i, {}, tmp_path / f"{name}.log")
                for i, name in enumerate(SERVICES)}
    try:
        await wait_until_ready(launcher, base, tmp_path / "launcher.log")
        async with httpx.AsyncClient(timeout=3) as http:
            ready = (await http.get(f"{services['indicatie'].url}/health/ready")).json()
        assert ready["checks"]["toegang"] == "ok", "indicatie reaches this toegang"
        stack = Stack(Broker(broker_port, None), services)  # type: ignore[arg-type]
        await run_roundtrip(stack)
    finally:
        launcher.send_signal(signal.SIGINT)
        try:
            launcher.wait(60)
        except subprocess.TimeoutExpired:
            launcher.kill()
        for name in SERVICES:
            with contextlib.suppress(Exception):
                await drop_database(template.replace("{db}", f"wmo_{name}"))
