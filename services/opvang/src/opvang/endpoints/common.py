"""Dependencies shared by the endpoints (all async: sync ones would run in a thread pool)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.problems import Forbidden
from wmokernel.runtime import ServiceRuntime

from ..domain.reference import CENTRUMGEMEENTE
from ..domain.zichtbaarheid import AANMELDERS, AGGREGATE_READERS, PERSON_READERS


async def _rt(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


async def _beheerder(
    principal: Annotated[Principal, Depends(require_roles(Role.REGIONALE_TOEGANG, Role.SYSTEEM,
                                                          Role.GEMEENTE))],
) -> Principal:
    """The register is kept by the Regionale toegang and Utrecht (centrumgemeente)."""
    if not principal.has_any((Role.REGIONALE_TOEGANG, Role.SYSTEEM)) and \
            principal.gemeente != CENTRUMGEMEENTE:
        raise Forbidden("only the centrumgemeente keeps the register of locations")
    return principal


Runtime = Annotated[ServiceRuntime, Depends(_rt)]
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
