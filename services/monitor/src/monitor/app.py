"""Composition root: the monitor's app (API, dashboard, the read-model consumer) and the
rebuild's wiring."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from wmokernel.auth import Role, issue_dev_token
from wmokernel.bewaartermijnen import bewaar_job
from wmokernel.catalogue import DOMAIN_TOPICS
from wmokernel.runtime import ServiceRuntime, Subscription, create_service_app

from .endpoints import ROUTERS, TAGS, dashboard
from .models import KERNEL
from .repository.persoonsgegevens import REGELS
from .service import bronnen
from .service import rebuild as replay
from .service.projections import project
from .settings import MonitorSettings


def create_app(settings: MonitorSettings | None = None) -> FastAPI:
    settings = settings or MonitorSettings()
    runtime = ServiceRuntime(settings, KERNEL,
                             [Subscription(replay.GROUP, list(DOMAIN_TOPICS), project)])
    app = create_service_app(
        runtime,
        title="Wmo monitor",
        description="KPIs from read models that are fed only by events.",
        routers=ROUTERS,
        tags=TAGS,
        jobs=[bewaar_job(REGELS, settings)],
    )
    app.include_router(dashboard.router)
    return app


async def rebuild(settings: MonitorSettings,
                  progress: Callable[[int, int], None] | None = None,
                  say: Callable[[str], None] = print) -> int:
    """Rebuild the read models from the start of every topic (the service stopped), once the
    producing services (``eventlog_sources``) confirm the topics hold their whole log: a
    runtime that is never started lends its units of work and the consumer's sessions."""
    if settings.eventlog_sources:
        token = (settings.eventlog_token.get_secret_value() if settings.eventlog_token
                 else issue_dev_token(settings, "monitor-rebuild", [Role.SYSTEEM]))
        await bronnen.complete_history(settings.eventlog_sources, token, say)
    else:
        say("no eventlog_sources set: the topics are read as they are, without asking the "
            "producing services whether they hold the whole history")
    runtime = ServiceRuntime(settings, KERNEL)
    try:
        return await replay.rebuild(settings, runtime.unit_of_work, runtime.sessions,
                                    runtime.bind(project), progress)
    finally:
        await runtime.engine.dispose()
