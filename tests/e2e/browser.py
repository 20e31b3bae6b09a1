"""Debian's headless Chromium driven over the DevTools protocol (no downloaded browser, no
driver): open a page, collect console errors and uncaught exceptions, evaluate scripts, press
keys. Enough for the dashboard's load, accessibility and keyboard checks."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import websockets


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Page:
    ws: Any
    errors: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _pending: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _events: dict[str, asyncio.Event] = field(default_factory=dict)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        msg_id = next(self._ids)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[msg_id] = fut
        await self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        reply = await asyncio.wait_for(fut, 30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression,
                                 returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def goto(self, url: str) -> None:
        loaded = self._events.setdefault("Page.loadEventFired", asyncio.Event())
        loaded.clear()
        await self.send("Page.navigate", url=url)
        await asyncio.wait_for(loaded.wait(), 30)

    async def press(self, key: str, code: str, key_code: int, shift: bool = False,
                    text: str | None = None) -> None:
        """A key down and up; with ``text`` the key types it too (a keypress: what activates a
        button with Enter or picks an option of a select by its first letter)."""
        modifiers = 8 if shift else 0
        down: dict[str, Any] = {"type": "rawKeyDown"} if text is None else {
            "type": "keyDown", "text": text, "unmodifiedText": text}
        for params in (down, {"type": "keyUp"}):
            await self.send("Input.dispatchKeyEvent", key=key, code=code,
                            windowsVirtualKeyCode=key_code, modifiers=modifiers, **params)

    async def press_and_load(self, key: str, code: str, key_code: int,
                             text: str | None = None) -> None:
        """Press a key that navigates (a form submitted by keyboard) and wait for the load."""
        loaded = self._events.setdefault("Page.loadEventFired", asyncio.Event())
        loaded.clear()
        await self.press(key, code, key_code, text=text)
        await asyncio.wait_for(loaded.wait(), 30)

    async def screenshot(self) -> bytes:
        shot = await self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        return base64.b64decode(shot["data"])

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message:
            fut = self._pending.pop(message["id"], None)
            if fut is not None and not fut.done():
                fut.set_result(message)
            return
        method, params = message.get("method", ""), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append("console: " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            self.errors.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:500])
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}")
        self._events.setdefault(method, asyncio.Event()).set()


def _start(binary: str, profile: Path, width: int, height: int) -> subprocess.Popen[bytes]:
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
         f"--window-size={width},{height}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _devtools_port(proc: subprocess.Popen[bytes], port_file: Path) -> int:
    def read() -> str:
        return port_file.read_text() if port_file.exists() else ""

    deadline = time.monotonic() + 30
    while not (text := await asyncio.to_thread(read)).strip():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("chromium did not open its DevTools port")
        await asyncio.sleep(0.1)
    return int(text.split()[0])


@contextlib.asynccontextmanager
async def open_page(binary: str, profile: Path, width: int = 1280, height: int = 900
                    ) -> AsyncIterator[Page]:
    """Start Chromium headless with a DevTools port and attach to its first tab."""
    proc = await asyncio.to_thread(_start, binary, profile, width, height)
    try:
        port = await _devtools_port(proc, profile / "DevToolsActivePort")
        async with httpx.AsyncClient() as http:
            targets = (await http.get(f"http://127.0.0.1:{port}/json/list")).json()
        [tab] = [t for t in targets if t["type"] == "page"][:1]
        async with websockets.connect(tab["webSocketDebuggerUrl"], max_size=None) as ws:
            page = Page(ws)

            async def pump() -> None:
                async for raw in ws:
                    page._dispatch(json.loads(raw))

            reader = asyncio.create_task(pump())
            try:
                for domain in ("Page", "Runtime", "Log"):
                    await page.send(f"{domain}.enable")
                yield page
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# WCAG 2.1 AA 1.4.3: text contrast ≥ 4.5:1, ≥ 3:1 for large text (≥ 24 px, or ≥ 18.66 px bold).
# 1.4.11: chart marks and focus indicators ≥ 3:1 against what is behind them. The background is
# the first opaque background-color up the tree (the dashboard uses no background images).
CONTRAST_AUDIT = r"""
(() => {
  const rgb = (s) => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = (c) => { const f = (v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const background = (el) => { for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0.99) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const visible = (el) => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && r.right > 0 && r.bottom > 0; };
  const failures = []; let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || seen.has(el) || !visible(el)) continue;
    seen.add(el);
    const s = getComputedStyle(el);
    const svg = el instanceof SVGElement;
    const fg = rgb(svg && s.fill && s.fill !== 'none' ? s.fill : s.color);
    if (!fg) continue;
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    const got = ratio(fg, background(el)); checked++;
    if (got + 1e-6 < need) failures.push(
      `${el.tagName} "${n.textContent.trim().slice(0, 40)}": ${got.toFixed(2)} < ${need}`);
  }
  for (const el of document.querySelectorAll(
      'svg polyline, svg rect, svg circle, svg line')) {
    const s = getComputedStyle(el);
    const c = rgb(s.fill && s.fill !== 'none' ? s.fill : s.stroke);
    if (!c || c.a < 0.99 || !visible(el)) continue;
    const got = ratio(c, background(el.ownerSVGElement || el)); checked++;
    if (got + 1e-6 < 3) failures.push(`chart ${el.tagName}: ${got.toFixed(2)} < 3`);
  }
  return {checked, failures};
})()
"""

FOCUS_STATE = r"""
(() => { const el = document.activeElement; if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  return {pos: Array.prototype.indexOf.call(document.querySelectorAll('*'), el),
          tag: el.tagName, text: (el.textContent || '').trim().slice(0, 40),
          href: el.getAttribute('href'),
          indicator: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                     || s.boxShadow !== 'none',
          inView: (() => { const r = el.getBoundingClientRect();
                           return r.width > 0 && r.height > 0 && r.left >= 0; })()}; })()
"""

FOCUSABLE = r"""
Array.from(document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
  .filter(e => !e.disabled && e.getClientRects().length > 0 || e.classList.contains('skip'))
  .length
"""
