"""The role dependencies of notificaties' endpoints: who may subscribe. What a subscription may
receive is decided in ``domain/reikwijdte.py``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from wmokernel.auth import Principal, require_roles

from ..domain.reikwijdte import ABONNEE_ROLLEN

Abonnee = Annotated[Principal, Depends(require_roles(*ABONNEE_ROLLEN))]
