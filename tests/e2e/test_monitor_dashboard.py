"""The monitor's public dashboard in headless Chromium: the monitor runs as a real process fed
a small generated year through the broker; the page loads, each chart is there, the console
stays clean, and the run leaves a screenshot (its path is printed)."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from devstack.testing import MakeDatabase
from monitor.generator import generate_year, publish

from .conftest import start_stack, stop_stack

CHARTS = ("grafiek-wachttijden", "grafiek-trechter", "grafiek-opvang", "grafiek-budget")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", *args],
        capture_output=True, text=True, timeout=90, check=False)


async def test_dashboard_renders_every_chart_without_console_errors(
        make_database: MakeDatabase, tmp_path: Path) -> None:
    binary = chromium()
    if binary is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    stack = await start_stack(make_database, tmp_path / "logs", ("monitor",))
    try:
        year = generate_year(2024, 0.01, seed=3)
        await publish(stack.broker.bootstrap, year.events)
        base = stack.services["monitor"].url
        async with httpx.AsyncClient(timeout=10) as http:
            for _ in range(120):  # wait until the live consumer has read the year
                page = await http.get(f"{base}/dashboard", params={"jaar": 2024})
                if "Start ondersteuning</th><td>0<" not in page.text and page.status_code == 200:
                    break
                await asyncio.sleep(0.5)
        url = f"{base}/dashboard?jaar=2024"
        dom = await asyncio.to_thread(run_chromium, binary, tmp_path / "p1", "--dump-dom", url)
        assert dom.returncode == 0, dom.stderr[-2000:]
        for chart in CHARTS:
            assert re.search(rf'<svg[^>]*id="{chart}"', dom.stdout), chart
        assert '<a class="skip" href="#inhoud">' in dom.stdout
        shot = tmp_path / "monitor-dashboard.png"
        run = await asyncio.to_thread(run_chromium, binary, tmp_path / "p2",
                                      f"--screenshot={shot}", "--window-size=1280,2400", url)
        assert shot.exists() and shot.stat().st_size > 10_000, run.stderr[-2000:]
        console = [line for line in (dom.stderr + run.stderr).splitlines()
                   if "CONSOLE" in line]
        assert console == [], console
        print(f"\nscreenshot: {shot}")
    finally:
        stop_stack(stack)
