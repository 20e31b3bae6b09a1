"""The monitor's public dashboard in headless Chromium: the monitor runs as a real process fed
a small generated year through the broker; the page loads, each chart is there, the console
stays clean, text and chart marks meet WCAG AA contrast, every table header has its scope, the
budget shows realised and paid spend per doelstelling and per voorziening and the depot's
herverstrekking per quarter, every control is reachable by keyboard with a visible focus, and
the run leaves a screenshot (its path is printed)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from devstack.testing import MakeDatabase
from monitor.generator import generate_year, publish

from .browser import CONTRAST_AUDIT, FOCUS_STATE, FOCUSABLE, chromium_binary, open_page
from .conftest import start_stack, stop_stack

CHARTS = ("grafiek-wachttijden", "grafiek-trechter", "grafiek-opvang", "grafiek-budget")


async def test_dashboard_renders_every_chart_without_console_errors(
        make_database: MakeDatabase, tmp_path: Path) -> None:
    binary = chromium_binary()
    if binary is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    stack = await start_stack(make_database, tmp_path / "logs", ("monitor",))
    try:
        year = generate_year(2024, 0.01, seed=3)
        await publish(stack.broker.bootstrap, year.events)
        base = stack.services["monitor"].url
        async with httpx.AsyncClient(timeout=10) as http:
            before = ""
            for _ in range(120):  # wait until the live consumer has read the year: the page
                # has starts and stays the same between two looks
                page = await http.get(f"{base}/dashboard", params={"jaar": 2024})
                if (page.status_code == 200 and page.text == before
                        and "Start ondersteuning</th><td>0<" not in page.text):
                    break
                before = page.text
                await asyncio.sleep(1)
        url = f"{base}/dashboard?jaar=2024"
        async with open_page(binary, tmp_path / "profile") as tab:
            await tab.goto(url)
            for chart in CHARTS:
                described = await tab.evaluate(
                    f"(() => {{ const s = document.getElementById('{chart}');"
                    " return !!s && s.getAttribute('role') === 'img'"
                    " && s.querySelector('title').textContent.length > 0"
                    " && s.getBoundingClientRect().height > 100; })()")
                assert described, f"{chart} is drawn, with a role and a title"

            assert await tab.evaluate(
                "[...document.querySelectorAll('th')].every(th => "
                "['col', 'row'].includes(th.getAttribute('scope')))"), "every th has a scope"
            budget = await tab.evaluate(
                "[...document.querySelectorAll('#budget table')].map(t => "
                "({head: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()),"
                " rows: [...t.querySelectorAll('tbody tr')].map(tr => "
                "[...tr.children].map(c => c.textContent.replace(/\\s+/g, ' ').trim()))}))")
            doelen, voorzieningen = budget
            assert doelen["head"][3:5] == ["Gerealiseerd", "Betaald"], doelen["head"]
            iv = next(r for r in doelen["rows"] if r[0].startswith("IV."))
            assert iv[3] != "–" and iv[4] != "–", f"realised and paid filled: {iv}"
            assert voorzieningen["head"][-3:] == ["Gecommitteerd", "Gerealiseerd", "Betaald"]
            shown = [r for r in voorzieningen["rows"] if r[4] != "–"]
            assert any(r[0].startswith("02 Begeleiding") for r in shown), voorzieningen["rows"]
            reuse = await tab.evaluate(
                "[...document.querySelectorAll('#hulpmiddelen tbody tr')].map(tr => "
                "[...tr.children].map(c => c.textContent.replace(/\\s+/g, ' ').trim()))")
            assert reuse[0][0].startswith("Herverstrekkingspercentage") and reuse[0][6] == "85 %"

            audit = await tab.evaluate(CONTRAST_AUDIT)
            assert audit["checked"] > 100, audit
            assert audit["failures"] == [], "WCAG AA contrast: " + "; ".join(audit["failures"])

            # Keyboard: from the top, Tab reaches every control in order, each with a visible
            # focus indicator; the first is the skip link, shown when focused, whose Enter moves
            # focus to the content.
            focusable = await tab.evaluate(FOCUSABLE)
            reached: list[dict[str, object]] = []
            for _ in range(focusable + 3):
                await tab.press("Tab", "Tab", 9)
                state = await tab.evaluate(FOCUS_STATE)
                if state is None or state in reached:
                    break
                assert state["indicator"], f"no visible focus on {state}"
                reached.append(state)
            assert len(reached) == focusable, (focusable, reached)
            assert reached[0]["text"] == "Naar de inhoud" and reached[0]["inView"], reached[0]
            assert sum(r["tag"] == "SUMMARY" for r in reached) == 2, "tables open by keyboard"
            await tab.goto(url)
            await tab.press("Tab", "Tab", 9)
            await tab.press("Enter", "Enter", 13)
            assert await tab.evaluate("document.activeElement.id") == "inhoud"

            shot = tmp_path / "monitor-dashboard.png"
            await tab.send("Emulation.setDeviceMetricsOverride", width=1280, height=2400,
                           deviceScaleFactor=1, mobile=False)
            await asyncio.to_thread(shot.write_bytes, await tab.screenshot())
            assert shot.stat().st_size > 10_000
            assert tab.errors == [], tab.errors
        print(f"\nscreenshot: {shot}")
    finally:
        stop_stack(stack)
