from __future__ import annotations

from fastapi import FastAPI
from wmokernel.catalogue import DOMAIN_TOPICS
from wmokernel.runtime import ServiceRuntime, Subscription, create_service_app
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from .dashboard import install_dashboard
from .endpoints import router
from .models import KERNEL
from .projections import project
from .settings import MonitorSettings


async def _project(uow: UnitOfWork, events: list[CloudEvent]) -> None:
    await project(uow.session, events)


def create_app(settings: MonitorSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or MonitorSettings(), KERNEL,
                             [Subscription("monitor.readmodels", list(DOMAIN_TOPICS), _project)])
    app = create_service_app(
        runtime,
        title="Wmo monitor",
        description="KPIs from read models that are fed only by events.",
        routers=[router],
        tags=[{"name": "kpis", "description": "Figures against norms"}],
    )
    install_dashboard(app)
    return app
