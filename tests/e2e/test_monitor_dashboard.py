"""The monitor's public dashboard in headless Chromium: the monitor runs as a real process fed
a small generated year through the broker; the page loads, each chart is there, the console
stays clean, text and chart marks meet WCAG AA contrast, every table header has its scope, the
budget shows realised and paid spend per doelstelling and per voorziening and the depot's
herverstrekking per quarter, every control is reachable by keyboard with a visible focus, and
the run leaves a screenshot (its path is printed). As a policy officer reads it: every chart
axis names its unit, a count axis has whole ticks only, the waiting chart says it plots shares
and shows the days beside them, the funnel explains its aanvragen, "100 %" never wraps (also
on a phone's width), the year and municipality are chosen by keyboard in a GET form, and
"Wettelijke termijnen" shows klachten, bezwaar and beroep, herbeoordelingen, the dwangsom and
the Wlz step, each figure with its unit (aantal, %, EUR)."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path

import httpx
import pytest
from devstack.testing import MakeDatabase
from monitor.generator import generate_year, publish

from .browser import CONTRAST_AUDIT, FOCUS_STATE, FOCUSABLE, chromium_binary, open_page
from .conftest import start_stack, stop_stack

CHARTS = ("grafiek-wachttijden", "grafiek-trechter", "grafiek-opvang", "grafiek-budget")
# each chart's value axis (x or y) and the unit its title must name
VALUE_AXES = {"grafiek-wachttijden": ("y", "%"), "grafiek-trechter": ("x", "aantal"),
              "grafiek-opvang": ("y", "aantal"), "grafiek-budget": ("x", "× €\u00a01.000")}

AXES = r"""
[...document.querySelectorAll('svg[role=img]')].map(svg => ({id: svg.id,
  axes: [...svg.querySelectorAll('g.as')].map(g => ({as: g.dataset.as, whole: g.dataset.geheel,
    title: (g.querySelector('.as-titel') || {}).textContent || '',
    ticks: [...g.querySelectorAll('text.tick')].map(t => t.textContent.trim())}))}))
"""

# every "<number> %" in the page's text (outside the charts) lies on one line
PERCENT_WRAPS = r"""
(() => { const bad = []; let seen = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('svg')) continue;
    for (const m of n.textContent.matchAll(/\d\s+%/g)) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(q => Math.round(q.top)));
      seen++;
      if (tops.size > 1 || !m[0].includes('\u00a0')) bad.push(JSON.stringify(m[0]) + ' in '
        + n.parentElement.tagName + ': ' + n.textContent.trim().slice(0, 60));
    } }
  return {seen, bad}; })()
"""


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
            # "Wettelijke termijnen": the lawful process's tables, linked from the nav, each
            # figure with its unit (aantal, %, EUR); the year's bezwaren counted
            termijnen = await tab.evaluate(
                "({nav: [...document.querySelectorAll('nav a')].map(a => [a.textContent.trim(),"
                " a.getAttribute('href')]), h2: document.getElementById('kop-termijnen')"
                ".textContent, tables: [...document.querySelectorAll('#termijnen table[id]')]"
                ".map(t => ({id: t.id, head: [...t.querySelectorAll('thead th')].map(th => "
                "th.textContent.replace(/\\s+/g, ' ').trim()), rows: [...t.querySelectorAll("
                "'tbody tr')].map(tr => [...tr.children].map(c => "
                "c.textContent.replace(/\\s+/g, ' ').trim()))}))})")
            assert ["Wettelijke termijnen", "#termijnen"] in termijnen["nav"], termijnen["nav"]
            assert termijnen["h2"] == "Wettelijke termijnen"
            tables = {t["id"]: t for t in termijnen["tables"]}
            assert list(tables) == [f"termijnen-{k}" for k in (
                "klachten", "bezwaar", "beroep", "herbeoordelingen", "dwangsom", "wlz")], tables
            assert [h.rsplit("(", 1)[-1] for h in tables["termijnen-klachten"]["head"][1:]] == [
                "aantal)", "aantal)", "aantal)", "%)", "aantal)"]
            assert tables["termijnen-dwangsom"]["head"][1:] == ["Aantal", "Bedrag (EUR)"]
            count, share = r"\d{1,3}(\.\d{3})*|<5|–", r"\d{1,3},\d %|–"
            for k in ("bezwaar", "beroep", "herbeoordelingen", "wlz"):
                for kop, waarde in tables[f"termijnen-{k}"]["rows"]:
                    unit = re.search(r"\((aantal|%)\)$", kop)
                    assert unit, (k, kop)
                    assert re.fullmatch(count if unit[1] == "aantal" else share, waarde), (
                        k, kop, waarde)
            for _, n, bedrag in tables["termijnen-dwangsom"]["rows"]:
                assert re.fullmatch(count, n) and re.fullmatch(r"[\d.]+(,\d\d)?|–", bedrag)

            # every axis titled, the value axes with their unit; whole ticks on count axes
            for chart in await tab.evaluate(AXES):
                axes = {a["as"]: a for a in chart["axes"]}
                assert set(axes) == {"x", "y"}, chart
                assert all(a["title"].strip() and a["ticks"] for a in axes.values()), chart
                which, unit = VALUE_AXES[chart["id"]]
                assert unit in axes[which]["title"], (chart["id"], axes[which]["title"])
                for a in chart["axes"]:
                    if a["whole"] == "ja":
                        assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*", t) for t in a["ticks"]), a
            assert sum(a["whole"] == "ja" for c in await tab.evaluate(AXES)
                       for a in c["axes"]) == 2, "the funnel and the opvang count"
            # the waiting chart says it plots shares, and shows the days beside them
            wait = await tab.evaluate(
                "(() => { const s = document.getElementById('grafiek-wachttijden');"
                " return {title: s.querySelector('title').textContent,"
                " legend: [...s.querySelectorAll('text.legenda')].map(t => t.textContent)};"
                " })()")
            assert "Aandeel" in wait["title"] and "(%)" in wait["title"], wait
            days = [t for t in wait["legend"]
                    if re.search(r"binnen de norm, gemiddeld [\d.,]+ (werk)?dagen", t)]
            assert len(days) >= 2, wait["legend"]
            # the funnel explains why there are more aanvragen than meldingen
            uitleg = await tab.evaluate(
                "document.getElementById('trechter-uitleg').textContent.replace(/\\s+/g, ' ')")
            assert "rechtstreeks bij het Wmo-loket" in uitleg, uitleg
            assert re.search(r"van de [\d.]+ aanvragen in 2024 kwamen er ([\d.]+|<5) na een "
                             r"melding", uitleg), uitleg

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

            # The selectors by keyboard: Tab to the municipality, type "U" (Utrecht), Tab to
            # the button, Enter: the page reloads for that municipality, the year kept.
            await tab.goto(url)
            for _ in range(10):
                await tab.press("Tab", "Tab", 9)
                if await tab.evaluate("document.activeElement.id") == "keuze-gemeente":
                    break
            assert await tab.evaluate("document.activeElement.id") == "keuze-gemeente"
            await tab.press("u", "KeyU", 85, text="u")
            assert await tab.evaluate("document.activeElement.value") == "0344"
            await tab.press("Tab", "Tab", 9)
            assert await tab.evaluate("document.activeElement.tagName") == "BUTTON"
            await tab.press_and_load("Enter", "Enter", 13, text="\r")
            chosen = await tab.evaluate(
                "({search: location.search, h1: document.querySelector('h1').textContent,"
                " jaar: document.getElementById('keuze-jaar').value,"
                " gemeente: document.getElementById('keuze-gemeente').value,"
                " jaren: [...document.querySelectorAll('#keuze-jaar option')].map(o => o.value),"
                " bereik: document.getElementById('bereik').textContent})")
            assert "gemeente=0344" in chosen["search"] and "jaar=2024" in chosen["search"]
            assert chosen["h1"].strip() == "Wmo-monitor 2024 – Utrecht", chosen
            assert (chosen["jaar"], chosen["gemeente"]) == ("2024", "0344"), chosen
            assert {"2024", str(date.today().year)} <= set(chosen["jaren"]), chosen
            assert "Niet per gemeente uitgesplitst" in chosen["bereik"], chosen
            # and the year by keyboard: a year earlier than the one shown
            await tab.evaluate("document.getElementById('keuze-jaar').focus()")
            await tab.press("ArrowUp", "ArrowUp", 38)
            before_2024 = await tab.evaluate("document.getElementById('keuze-jaar').value")
            assert before_2024 in ("2023", "2024"), before_2024  # 2024 when it is the first
            assert tab.errors == [], tab.errors

            shot = tmp_path / "monitor-dashboard.png"
            await tab.send("Emulation.setDeviceMetricsOverride", width=1280, height=2400,
                           deviceScaleFactor=1, mobile=False)
            await asyncio.to_thread(shot.write_bytes, await tab.screenshot())
            assert shot.stat().st_size > 10_000
            # a phone's width: no "100 %" (nor any number and its %) breaks over two lines
            await tab.send("Emulation.setDeviceMetricsOverride", width=360, height=800,
                           deviceScaleFactor=1, mobile=True)
            await tab.goto(url)
            await tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            wraps = await tab.evaluate(PERCENT_WRAPS)
            assert wraps["seen"] > 5 and wraps["bad"] == [], wraps
            assert tab.errors == [], tab.errors
        print(f"\nscreenshot: {shot}")
    finally:
        stop_stack(stack)
