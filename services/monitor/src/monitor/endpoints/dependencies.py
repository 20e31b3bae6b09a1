"""The monitor's role dependencies: who may read figures, who may read them exact, who may
take the person-level CBS export."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from wmokernel.auth import Principal, Role, require_roles

CBS_EXPORT = "cbs-export"
Viewer = Annotated[Principal, Depends(require_roles(Role.MONITOR_VIEWER, Role.GEMEENTE))]
CbsExporter = Annotated[Principal, Depends(require_roles(CBS_EXPORT))]
Jaar = Annotated[int, Query(ge=2000, le=2100, description="the report year")]
JaarOfHuidig = Annotated[int | None, Query(ge=2000, le=2100, description=(
    "the report year; default the current year"))]


def exact(principal: Principal) -> bool:
    """Only the gemeente's own back office sees unsuppressed figures."""
    return Role.GEMEENTE in principal.roles
