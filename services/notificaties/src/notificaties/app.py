"""Composition root: the runtime, the subscription to the three domain topics, the delivery
job and the API."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import event as sa_event
from wmokernel.bewaartermijnen import bewaar_job
from wmokernel.catalogue import TOPIC_INDICATIE, TOPIC_OPVANG, TOPIC_TOEGANG
from wmokernel.runtime import Job, ServiceRuntime, Subscription, create_service_app
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from .endpoints import ROUTERS, TAGS
from .models import KERNEL
from .repository.persoonsgegevens import REGELS
from .service.afleveringen import Bezorger
from .service.domein_events import on_domain_events
from .settings import NotificatiesSettings


def create_app(settings: NotificatiesSettings | None = None) -> FastAPI:
    settings = settings or NotificatiesSettings()
    bezorger: Bezorger | None = None

    async def on_events(uow: UnitOfWork, events: list[CloudEvent]) -> None:
        if await on_domain_events(uow, events) and bezorger is not None:
            # new deliveries are sent as soon as the consumer's transaction commits
            wake = bezorger.wake
            sa_event.listen(uow.session.sync_session, "after_commit",
                            lambda _session: wake.set(), once=True)

    runtime = ServiceRuntime(settings, KERNEL, [Subscription(
        "notificaties.domein", [TOPIC_TOEGANG, TOPIC_INDICATIE, TOPIC_OPVANG], on_events)])
    bezorger = Bezorger(settings, runtime.unit_of_work)
    return create_service_app(
        runtime,
        title="Wmo notificaties",
        description="Notifications (webhooks) for municipal systems and the U16 region, in "
                    "the shape of the Notificaties API: kanalen, abonnementen, afleveringen.",
        routers=ROUTERS,
        tags=TAGS,
        jobs=[Job("afleveringen", settings.notificaties_interval_s, bezorger,
                  wake=bezorger.wake, close=bezorger.close),
              bewaar_job(REGELS, settings)],
    )
