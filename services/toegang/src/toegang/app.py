"""Composition root of toegang: the runtime, the routers and the deadline watcher."""

from __future__ import annotations

from fastapi import FastAPI
from wmokernel.runtime import Job, ServiceRuntime, create_service_app
from wmokernel.unit_of_work import UnitOfWork

from .endpoints import ROUTERS, TAGS
from .models import KERNEL
from .service import signalen
from .settings import ToegangSettings


def deadline_watcher(settings: ToegangSettings) -> Job:
    """The background deadline scan: a scan for today every ``termijn_scan_interval_s``
    seconds (0 switches it off)."""
    nadert_werkdagen = settings.termijn_nadert_werkdagen

    async def run(uow: UnitOfWork) -> int:
        return await signalen.scan_today(uow, nadert_werkdagen)

    return Job("deadline-watcher", settings.termijn_scan_interval_s, run)


def create_app(settings: ToegangSettings | None = None) -> FastAPI:
    settings = settings or ToegangSettings()
    return create_service_app(
        ServiceRuntime(settings, KERNEL),
        title="Wmo toegang",
        description="Meldingen, first contact, onderzoek and verwijzingen; the client and "
        "consent registries. The only service that holds the BSN; everything it publishes "
        "carries a pseudonymous client id.",
        routers=ROUTERS,
        tags=TAGS,
        jobs=[deadline_watcher(settings)],
    )
