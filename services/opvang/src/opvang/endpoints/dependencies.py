"""The role dependencies of opvang's endpoints (all async: sync ones would run in a thread
pool). Who sees which rows is decided in the use cases, by ``domain/zichtbaarheid.py``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.problems import Forbidden

from ..domain.zichtbaarheid import (
    AANMELDERS,
    AGGREGATE_READERS,
    PERSON_READERS,
    beheert_register,
)


async def _beheerder(
    principal: Annotated[Principal, Depends(require_roles(Role.REGIONALE_TOEGANG, Role.SYSTEEM,
                                                          Role.GEMEENTE))],
) -> Principal:
    """The register is kept by the Regionale toegang and Utrecht (centrumgemeente)."""
    if not beheert_register(principal):
        raise Forbidden("only the centrumgemeente keeps the register of locations")
    return principal


PersonReader = Annotated[Principal, Depends(require_roles(*PERSON_READERS))]
AggregateReader = Annotated[Principal, Depends(require_roles(*AGGREGATE_READERS))]
Aanmelder = Annotated[Principal, Depends(require_roles(*AANMELDERS))]
RegionaleToegang = Annotated[Principal, Depends(require_roles(Role.REGIONALE_TOEGANG))]
Plaatser = Annotated[Principal, Depends(require_roles(Role.REGIONALE_TOEGANG, Role.SYSTEEM))]
Zorgverlener = Annotated[Principal, Depends(require_roles(Role.REGIONALE_TOEGANG, Role.SYSTEEM,
                                                          Role.AANBIEDER))]
IntakeDoener = Annotated[Principal, Depends(require_roles(Role.REGIONALE_TOEGANG,
                                                          Role.STADSTEAM, Role.GEMEENTE))]
Beoordelaar = Annotated[Principal, Depends(require_roles(Role.REGIONALE_TOEGANG,
                                                         Role.GEMEENTE))]
Woningaanbieder = Annotated[Principal, Depends(require_roles(
    Role.REGIONALE_TOEGANG, Role.SYSTEEM, Role.AANBIEDER, Role.GEMEENTE, Role.U16_GEMEENTE))]
Beheerder = Annotated[Principal, Depends(_beheerder)]
