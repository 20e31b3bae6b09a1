"""The roles of indicatie's endpoints and the iWmo context (async on purpose: no
thread-pool hop)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.dependencies import Runtime

from ..service.iwmo.context import IwmoContext

Reader = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.SYSTEEM))]
Gemeente = Annotated[Principal, Depends(require_roles(Role.GEMEENTE))]
Registrar = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.WMO_LOKET))]
Levering = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.SYSTEEM,
                                                      Role.AANBIEDER))]
Aanbieder = Annotated[Principal, Depends(require_roles(Role.AANBIEDER))]
Anyone = Annotated[Principal, Depends(require_roles(*Role))]


async def _iwmo(runtime: Runtime) -> IwmoContext:
    # The API is a sub-app mounted by the kernel, whose state holds only the runtime: the
    # context comes from the runtime's settings, as app.py builds it for the jobs.
    settings: Any = runtime.settings
    return IwmoContext.from_settings(settings)


Iwmo = Annotated[IwmoContext, Depends(_iwmo)]
