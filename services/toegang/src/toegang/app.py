from __future__ import annotations

import contextlib

from fastapi import FastAPI
from wmokernel.runtime import ServiceRuntime, create_service_app

from .endpoints import router as meldingen_router
from .endpoints_clienten import router as clienten_router
from .endpoints_onderzoek import router as onderzoek_router
from .models import KERNEL
from .settings import ToegangSettings
from .signals import watching_deadlines


class ToegangRuntime(ServiceRuntime):
    """The kernel runtime plus the deadline watcher of toegang."""

    def __init__(self, settings: ToegangSettings) -> None:
        super().__init__(settings, KERNEL)
        self.toegang_settings = settings
        self._background = contextlib.AsyncExitStack()

    async def start(self) -> None:
        await super().start()
        if self.toegang_settings.termijn_scan_interval_s > 0:
            await self._background.enter_async_context(watching_deadlines(
                self, self.toegang_settings.termijn_scan_interval_s,
                self.toegang_settings.termijn_nadert_werkdagen))

    async def stop(self) -> None:
        await self._background.aclose()
        await super().stop()


def create_app(settings: ToegangSettings | None = None) -> FastAPI:
    runtime = ToegangRuntime(settings or ToegangSettings())
    return create_service_app(
        runtime,
        title="Wmo toegang",
        description="Meldingen, first contact, onderzoek and verwijzingen; the client and "
        "consent registries. The only service that holds the BSN; everything it publishes "
        "carries a pseudonymous client id.",
        routers=[meldingen_router, onderzoek_router, clienten_router],
        tags=[{"name": "meldingen", "description": "Meldingen, first contact, outcomes"},
              {"name": "onderzoek", "description": "The onderzoek of Wmo 2015 art. 2.3.2"},
              {"name": "clienten", "description": "Client and consent registry"},
              {"name": "beheer", "description": "Operations: deadline scans"}],
    )
