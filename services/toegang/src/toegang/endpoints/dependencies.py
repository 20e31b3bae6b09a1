"""The role dependencies of toegang's endpoints (the caller, the unit of work and today come
from ``wmokernel.dependencies``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from wmokernel.auth import Principal, Role, require_roles

from ..domain.inzage import WORKER_ROLES

# A worker or another municipal system that hands in meldingen and contacts.
Submitter = Annotated[Principal, Depends(require_roles(*WORKER_ROLES, Role.SYSTEEM))]
# Who registers a melding: a submitter, or a U16 municipality for its own residents.
Melder = Annotated[Principal, Depends(require_roles(*WORKER_ROLES, Role.SYSTEEM,
                                                    Role.U16_GEMEENTE))]
System = Annotated[Principal, Depends(require_roles(Role.SYSTEEM))]
