"""Composition root: the runtime, the subscription to toegang's events and the API."""

from __future__ import annotations

from fastapi import FastAPI
from wmokernel.bewaartermijnen import bewaar_job
from wmokernel.catalogue import TOPIC_TOEGANG
from wmokernel.runtime import ServiceRuntime, Subscription, create_service_app
from wmokernel.tracing import event_trace
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from .endpoints import ROUTERS, TAGS
from .models import KERNEL
from .repository.persoonsgegevens import REGELS
from .service.toegang_events import on_toegang_event
from .settings import OpvangSettings


async def _on_toegang_events(uow: UnitOfWork, events: list[CloudEvent]) -> None:
    for event in events:
        with event_trace(event):
            await on_toegang_event(uow, event)


def create_app(settings: OpvangSettings | None = None) -> FastAPI:
    settings = settings or OpvangSettings()
    runtime = ServiceRuntime(settings, KERNEL,
                             [Subscription("opvang.toegang", [TOPIC_TOEGANG], _on_toegang_events)])
    return create_service_app(
        runtime,
        title="Wmo opvang",
        description="U16 placement in maatschappelijke opvang and beschermd wonen.",
        routers=ROUTERS,
        tags=TAGS,
        jobs=[bewaar_job(REGELS, settings)],
    )
