"""The budget view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.dependencies import UnitOfWorkDep
from wmokernel.problems import Forbidden
from wmokernel.wire.apimodel import IsoDate

from ..domain.uitgaven_gemeente import ONBEKEND
from ..schemas import BudgetOverzicht
from ..schemas.uitgaven_gemeente import UitgavenPerGemeente
from ..service.kpis import huidig_jaar
from ..service.rapportages import budget
from ..service.uitgaven_gemeente import uitgaven
from .dependencies import JaarOfHuidig, Viewer, exact
from .kpis import eigen_gemeente

router = APIRouter(tags=["kpis"])


@router.get("/budgetten", response_model=BudgetOverzicht, summary="Budget against spend")
async def get_budget(
    uow: UnitOfWorkDep, principal: Viewer, jaar: JaarOfHuidig = None,
    peildatum: Annotated[IsoDate | None, Query(description="the forecast's reference day")] = None,
) -> BudgetOverzicht:
    """Budget per doelstelling I–V and the taakstelling (× €1,000), committed spend from
    beschikkingen (tariff × omvang), realised spend (the approved prestaties of the year's
    care), paid spend (the year's care in executed payment batches), a linear forecast to the
    year's end, and the same spend per voorziening (WMO020 product category; categories of
    1–4 clients withheld except for the gemeente; see domain/budget.py)."""
    jaar = jaar or huidig_jaar()
    return BudgetOverzicht.model_validate(
        await budget(uow, jaar, peildatum, not exact(principal)))


# the spend's readers: the monitor's viewers, and a U16 municipality for its own residents
UitgavenLezer = Annotated[Principal, Depends(require_roles(
    Role.MONITOR_VIEWER, Role.GEMEENTE, Role.U16_GEMEENTE))]
GemeenteKeuze = Annotated[str | None, Query(
    pattern=rf"^([0-9]{{4}}|{ONBEKEND})$",
    description="a municipality of residence (CBS code), or 'onbekend'; default: every one "
    "(a U16 municipality: its own, the only one it may ask for)")]


@router.get("/budgetten/uitgaven-per-gemeente", response_model=UitgavenPerGemeente,
            summary="Spend per municipality of residence", responses={403: {
                "description": "Not allowed for your role, or (a U16 municipality) another "
                               "municipality's spend"}})
async def get_uitgaven_per_gemeente(
    uow: UnitOfWorkDep, principal: UitgavenLezer, jaar: JaarOfHuidig = None,
    gemeente: GemeenteKeuze = None,
) -> UitgavenPerGemeente:
    """Committed, realised and paid spend of the year (the budget view's, see `GET
    /budgetten`) per municipality its clients live in: every U16 municipality, any other an
    event named, and `onbekend` for clients no toegang or opvang event named a municipality
    for (not counted as Utrecht). A client's municipality is the latest one an event named,
    joined when asked, so one that becomes known later moves the client's spend there.

    A U16 municipality (role `u16-gemeente`) reads its own residents' spend only (asking for
    another: 403). Exact for the gemeente; for other readers an amount of 1–4 clients is
    withheld (`onderdrukt`), and so are as many others as keep it from being found by
    subtraction."""
    eigen = eigen_gemeente(principal)
    if eigen is not None:
        if gemeente not in (None, eigen):
            raise Forbidden(f"a U16 municipality reads its own residents' spend ({eigen}) only")
        gemeente = eigen
    return UitgavenPerGemeente.model_validate(
        await uitgaven(uow, jaar or huidig_jaar(), not exact(principal), gemeente))
