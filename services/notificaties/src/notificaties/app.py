"""Composition root: the runtime, the subscription to the three domain topics, the delivery
job and the API."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from wmokernel.catalogue import TOPIC_INDICATIE, TOPIC_OPVANG, TOPIC_TOEGANG
from wmokernel.runtime import Job, ServiceRuntime, Subscription, create_service_app
from wmokernel.unit_of_work import UnitOfWork

from .endpoints import ROUTERS, TAGS
from .models import KERNEL
from .service.afleveringen import bezorg
from .service.domein_events import on_domain_events
from .settings import NotificatiesSettings


class _Bezorger:
    """The delivery job with one HTTP client for the life of the process: connections to the
    subscribers' receivers are kept open between rounds instead of set up per round."""

    def __init__(self, settings: NotificatiesSettings) -> None:
        self._settings = settings
        self._http: httpx.AsyncClient | None = None

    async def __call__(self, uow: UnitOfWork) -> None:
        if self._http is None:
            n = max(1, self._settings.notificaties_gelijktijdig)
            self._http = httpx.AsyncClient(
                timeout=self._settings.notificaties_timeout_s, follow_redirects=False,
                limits=httpx.Limits(max_connections=n, max_keepalive_connections=n))
        await bezorg(uow, http=self._http)


def create_app(settings: NotificatiesSettings | None = None) -> FastAPI:
    settings = settings or NotificatiesSettings()
    runtime = ServiceRuntime(settings, KERNEL, [Subscription(
        "notificaties.domein", [TOPIC_TOEGANG, TOPIC_INDICATIE, TOPIC_OPVANG],
        on_domain_events)])
    return create_service_app(
        runtime,
        title="Wmo notificaties",
        description="Notifications (webhooks) for municipal systems and the U16 region, in "
                    "the shape of the Notificaties API: kanalen, abonnementen, afleveringen.",
        routers=ROUTERS,
        tags=TAGS,
        jobs=[Job("afleveringen", settings.notificaties_interval_s, _Bezorger(settings))],
    )
