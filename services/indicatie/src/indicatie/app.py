"""The composition root: the runtime, the consumer of toegang's events, the background jobs
and the HTTP API."""

from __future__ import annotations

from datetime import date

from fastapi import FastAPI
from wmokernel.bewaartermijnen import bewaar_job
from wmokernel.catalogue import TOPIC_TOEGANG
from wmokernel.runtime import Job, ServiceRuntime, Subscription, create_service_app
from wmokernel.tracing import event_trace
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from .endpoints import ROUTERS, TAGS
from .iwmo.bsn import BsnBron, DevTokenBron, ToegangBsnBron
from .models import KERNEL
from .repository.persoonsgegevens import REGELS
from .service import herbeoordelingen
from .service.iwmo import termijnen as iwmo_termijnen
from .service.iwmo import uitgaand
from .service.iwmo.context import IwmoContext
from .service.signalen import scan_today
from .service.toegang_events import on_toegang_event
from .settings import IndicatieSettings

# How often the iWmo terms are scanned while the WMO301 composer runs.
IWMO_TERMIJNEN_INTERVAL_S = 300.0


async def _toegang_events(uow: UnitOfWork, events: list[CloudEvent]) -> None:
    for event in events:
        with event_trace(event):
            await on_toegang_event(uow, event)


def create_app(settings: IndicatieSettings | None = None,
               bsn_bron: BsnBron | None = None) -> FastAPI:
    """``bsn_bron``: where the BSN of outgoing iWmo messages comes from; by default toegang
    (``WMO_TOEGANG_URL``) with a development service token."""
    settings = settings or IndicatieSettings()
    runtime = ServiceRuntime(settings, KERNEL, [
        Subscription("indicatie.toegang", [TOPIC_TOEGANG], _toegang_events)],
        dependencies={"toegang": settings.toegang_url})
    iwmo = IwmoContext.from_settings(settings)
    bsn = bsn_bron or ToegangBsnBron(settings.toegang_url, DevTokenBron(settings))

    async def wmo301(uow: UnitOfWork) -> int:
        return await uitgaand.stel_toewijzingberichten_op(
            uow, iwmo, bsn, date.today(), retry_max_s=settings.iwmo_retry_max_s)

    iwmo_on = settings.iwmo_interval_s > 0
    return create_service_app(
        runtime,
        title="Wmo indicatie",
        description="Aanvragen, beschikkingen, toewijzingen and bezwaren within the legal "
                    "terms.",
        routers=ROUTERS,
        tags=TAGS,
        jobs=[Job("deadline-scan", settings.deadline_scan_interval_s, scan_today),
              Job("herbeoordeling-scan", settings.herbeoordeling_scan_interval_s,
                  herbeoordelingen.scan_today),
              Job("iwmo-wmo301", settings.iwmo_interval_s, wmo301),
              Job("iwmo-termijnen", IWMO_TERMIJNEN_INTERVAL_S if iwmo_on else 0,
                  iwmo_termijnen.scan_today),
              bewaar_job(REGELS, settings)],
        state={"iwmo": iwmo},
    )
