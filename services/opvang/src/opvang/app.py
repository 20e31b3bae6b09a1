from __future__ import annotations

from fastapi import FastAPI
from wmokernel.catalogue import TOPIC_TOEGANG
from wmokernel.runtime import ServiceRuntime, Subscription, create_service_app
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from .endpoints import ROUTERS, TAGS
from .models import KERNEL
from .settings import OpvangSettings
from .toegang_events import on_toegang_event


def create_app(settings: OpvangSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or OpvangSettings(), KERNEL)

    async def handle(uow: UnitOfWork, events: list[CloudEvent]) -> None:
        for event in events:
            await on_toegang_event(uow.session, runtime, event)

    runtime.subscriptions.append(Subscription("opvang.toegang", [TOPIC_TOEGANG], handle))
    return create_service_app(
        runtime,
        title="Wmo opvang",
        description="U16 placement in maatschappelijke opvang and beschermd wonen.",
        routers=ROUTERS,
        tags=TAGS,
    )
