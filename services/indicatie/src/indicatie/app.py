from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from wmokernel.catalogue import TOPIC_TOEGANG
from wmokernel.runtime import ServiceRuntime, Subscription, create_service_app
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from . import (
    endpoints,
    endpoints_berichten,
    endpoints_bezwaren,
    endpoints_catalogus,
    endpoints_levering,
)
from .aanvragen import on_toegang_event
from .iwmo import service as iwmo_service
from .iwmo.bsn import BsnBron, DevTokenBron, ToegangBsnBron
from .iwmo.xsd import Schemas, iwmo_dir
from .models import KERNEL
from .settings import IndicatieSettings
from .signalen import scanning

TAGS = [
    {"name": "producten", "description": "The product catalogue, versioned by date"},
    {"name": "aanvragen", "description": "Aanvragen, their decision term and beschikkingen"},
    {"name": "beschikkingen", "description": "Beschikkingen, eenvoudig maatwerk, documents"},
    {"name": "toewijzingen", "description": "Toewijzingen to providers, start, change, stop"},
    {"name": "bezwaren", "description": "Bezwaren against beschikkingen"},
    {"name": "cak-meldingen", "description": "Notifications to the CAK for the eigen bijdrage"},
    {"name": "berichten", "description": "iWmo 3.2 messages: a mailbox per provider"},
    {"name": "verzoeken", "description": "iWmo verzoeken om toewijzing and om wijziging"},
]


def create_app(settings: IndicatieSettings | None = None,
               bsn_bron: BsnBron | None = None) -> FastAPI:
    """``bsn_bron``: where the BSN of outgoing iWmo messages comes from; by default toegang
    (``WMO_TOEGANG_URL``) with a development service token."""
    settings = settings or IndicatieSettings()
    runtime = ServiceRuntime(settings, KERNEL)
    iwmo = iwmo_service.IwmoContext(
        schemas=Schemas(iwmo_dir(settings.iwmo_dir, settings.shared_dir)),
        gemeentecode=settings.gemeentecode,
        bsn_bron=bsn_bron or ToegangBsnBron(settings.toegang_url, DevTokenBron(settings)))

    async def handle(uow: UnitOfWork, events: list[CloudEvent]) -> None:
        for event in events:
            await on_toegang_event(uow.session, runtime, event)

    runtime.subscriptions.append(Subscription("indicatie.toegang", [TOPIC_TOEGANG], handle))
    app = create_service_app(
        runtime,
        title="Wmo indicatie",
        description="Aanvragen, beschikkingen, toewijzingen and bezwaren within the legal "
                    "terms.",
        routers=[endpoints_catalogus.router, endpoints.router, endpoints.beschikking_router,
                 endpoints_levering.router, endpoints_bezwaren.router,
                 endpoints_bezwaren.cak_router, endpoints_berichten.router,
                 endpoints_berichten.verzoek_router],
        tags=TAGS,
    )
    app.state.iwmo = iwmo
    for mounted in app.routes:
        sub = getattr(mounted, "app", None)
        if isinstance(sub, FastAPI):
            sub.state.iwmo = iwmo
    kernel_lifespan = app.router.lifespan_context
    interval = settings.deadline_scan_interval_s

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[None]:
        async with kernel_lifespan(a), contextlib.AsyncExitStack() as stack:
            if interval > 0:
                await stack.enter_async_context(scanning(runtime, interval))
            if settings.iwmo_interval_s > 0:
                await stack.enter_async_context(
                    iwmo_service.running(runtime, iwmo, settings.iwmo_interval_s))
            yield

    app.router.lifespan_context = lifespan
    return app
