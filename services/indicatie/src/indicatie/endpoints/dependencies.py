"""The roles of indicatie's endpoints and the iWmo context (async on purpose: no
thread-pool hop)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from wmokernel.auth import Principal, Role, require_roles

from ..service.iwmo.context import IwmoContext

Reader = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.SYSTEEM))]
Gemeente = Annotated[Principal, Depends(require_roles(Role.GEMEENTE))]
Registrar = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.WMO_LOKET))]
Levering = Annotated[Principal, Depends(require_roles(Role.GEMEENTE, Role.SYSTEEM,
                                                      Role.AANBIEDER))]
Aanbieder = Annotated[Principal, Depends(require_roles(Role.AANBIEDER))]
Anyone = Annotated[Principal, Depends(require_roles(*Role))]


async def _iwmo(request: Request) -> IwmoContext:
    """The context app.py built (the same the WMO301 job uses)."""
    iwmo: IwmoContext = request.app.state.iwmo
    return iwmo


Iwmo = Annotated[IwmoContext, Depends(_iwmo)]
