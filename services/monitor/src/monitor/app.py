"""Composition root: the monitor's app (API, dashboard, the read-model consumer) and the
rebuild's wiring."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from wmokernel.catalogue import DOMAIN_TOPICS
from wmokernel.runtime import ServiceRuntime, Subscription, create_service_app

from .endpoints import ROUTERS, TAGS, dashboard
from .models import KERNEL
from .service import rebuild as replay
from .service.projections import project
from .settings import MonitorSettings


def create_app(settings: MonitorSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or MonitorSettings(), KERNEL,
                             [Subscription(replay.GROUP, list(DOMAIN_TOPICS), project)])
    app = create_service_app(
        runtime,
        title="Wmo monitor",
        description="KPIs from read models that are fed only by events.",
        routers=ROUTERS,
        tags=TAGS,
    )
    app.include_router(dashboard.router)
    return app


async def rebuild(settings: MonitorSettings,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the read models from the start of every topic (the service stopped): a runtime
    that is never started lends its units of work and the consumer's sessions."""
    runtime = ServiceRuntime(settings, KERNEL)
    try:
        return await replay.rebuild(settings, runtime.unit_of_work, runtime.sessions,
                                    runtime.bind(project), progress)
    finally:
        await runtime.engine.dispose()
