"""Background jobs of a service process: one coroutine run every so often until shutdown.

A failing round (the database away, say) is logged and tried again next round, so the job
outlives outages; leaving the context cancels the job and waits for it to end.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import structlog

log = structlog.get_logger(__name__)


@contextlib.asynccontextmanager
async def every(interval_s: float, job: Callable[[], Awaitable[object]], name: str,
                wake: asyncio.Event | None = None) -> AsyncIterator[None]:
    """``wake``, when given and set, starts the next round before the interval is over."""
    async def loop() -> None:
        while True:
            if wake is not None:
                wake.clear()
            try:
                await job()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("background job failed, will retry", job=name, error=str(exc))
            if wake is None:
                await asyncio.sleep(interval_s)
            else:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), interval_s)

    task = asyncio.create_task(loop(), name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
