"""Composition root of toegang: the runtime, the routers and the deadline watcher."""

from __future__ import annotations

from fastapi import FastAPI
from wmokernel.bewaartermijnen import bewaar_job
from wmokernel.inzage import DienstToken
from wmokernel.runtime import Job, ServiceRuntime, create_service_app
from wmokernel.unit_of_work import UnitOfWork

from .diensten.inzage import RestVerzamelaar, Verzamelaar
from .endpoints import ROUTERS, TAGS
from .models import KERNEL
from .repository.persoonsgegevens import REGELS
from .service import signalen
from .settings import ToegangSettings


def deadline_watcher(settings: ToegangSettings) -> Job:
    """The background deadline scan: a scan for today every ``termijn_scan_interval_s``
    seconds (0 switches it off)."""
    nadert_werkdagen = settings.termijn_nadert_werkdagen

    async def run(uow: UnitOfWork) -> int:
        return await signalen.scan_today(uow, nadert_werkdagen)

    return Job("deadline-watcher", settings.termijn_scan_interval_s, run)


def create_app(settings: ToegangSettings | None = None,
               verzamelaar: Verzamelaar | None = None) -> FastAPI:
    """``verzamelaar``: where an inzageverzoek gets the other services' parts; by default
    over REST from the services in the settings, with a development service token."""
    settings = settings or ToegangSettings()
    diensten = {"indicatie": settings.indicatie_url, "opvang": settings.opvang_url,
                "monitor": settings.monitor_url, "notificaties": settings.notificaties_url}
    inzage = verzamelaar or RestVerzamelaar(diensten, DienstToken(settings),
                                            settings.inzage_timeout_s)
    return create_service_app(
        ServiceRuntime(settings, KERNEL, dependencies=diensten),
        title="Wmo toegang",
        description="Meldingen, first contact, onderzoek and verwijzingen; the client and "
        "consent registries. The only service that holds the BSN; everything it publishes "
        "carries a pseudonymous client id.",
        routers=ROUTERS,
        tags=TAGS,
        jobs=[deadline_watcher(settings), bewaar_job(REGELS, settings)],
        state={"inzage": inzage},
    )
