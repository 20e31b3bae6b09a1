"""FastAPI dependencies shared by the routers (async on purpose: no thread-pool hop)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.runtime import ServiceRuntime


async def _runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


async def _today() -> date:
    return date.today()


Runtime = Annotated[ServiceRuntime, Depends(_runtime)]
Today = Annotated[date, Depends(_today)]
Reader = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.SYSTEEM))]
Gemeente = Annotated[Principal, Depends(require_roles(Role.GEMEENTE))]
Registrar = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.WMO_LOKET))]
Levering = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.SYSTEEM,
                                                      Role.AANBIEDER))]
Anyone = Annotated[Principal, Depends(require_roles(*Role))]
