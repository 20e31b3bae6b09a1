"""Before a rebuild: make sure the topics hold the whole history. Each producing service keeps
its events in its own durable log (the outbox) and says over its operations API whether the
broker holds all of them; where it does not (a broker that came back empty), the service is
asked to publish them again, and the rebuild waits until it has."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from wmokernel.catalogue import DOMAIN_TOPICS


class BronOnvolledig(RuntimeError):
    """A producing service could not make the broker hold its whole log in time."""


async def complete_history(sources: list[str], token: str, say: Callable[[str], None],
                           timeout_s: float = 300.0,
                           transport: httpx.AsyncBaseTransport | None = None) -> None:
    """``sources``: the producing services' API roots (``…/api/v1``)."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=10, headers=headers, transport=transport) as http:
        for base in sources:
            log = await _log(http, base)
            lacking = [t["topic"] for t in log["topics"]
                       if t["topic"] in DOMAIN_TOPICS and not t["compleet"]]
            if lacking:
                r = await http.post(f"{base}/beheer/eventlog/herpublicaties",
                                    json={"topics": lacking})
                r.raise_for_status()
                say(f"{log['dienst']}: the broker lacks events of {', '.join(lacking)}; "
                    f"{r.json()['events']} are published again from its log")
            await _wait_until_complete(http, base, timeout_s)


async def _log(http: httpx.AsyncClient, base: str) -> dict[str, Any]:
    r = await http.get(f"{base}/beheer/eventlog")
    r.raise_for_status()
    body: dict[str, Any] = r.json()
    return body


async def _wait_until_complete(http: httpx.AsyncClient, base: str, timeout_s: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        log = await _log(http, base)
        open_ = [t for t in log["topics"] if t["topic"] in DOMAIN_TOPICS
                 and (t["wachtend"] or not t["compleet"])]
        if not open_:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise BronOnvolledig(f"{log['dienst']}: after {timeout_s:.0f} s the broker still "
                                 f"lacks events: {open_}")
        await asyncio.sleep(0.5)
