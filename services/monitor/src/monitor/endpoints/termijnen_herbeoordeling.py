"""Herbeoordelingen against their dates, and the step to the Wlz."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from wmokernel.dependencies import Today, UnitOfWorkDep
from wmokernel.wire.apimodel import IsoDate

from ..schemas.herbeoordeling import HerbeoordelingenOverzicht, WlzOverzicht
from ..service import herbeoordeling
from ..service.kpis import huidig_jaar
from .dependencies import JaarOfHuidig, Viewer, exact

router = APIRouter(tags=["kpis"])


@router.get("/wettelijke-termijnen/herbeoordelingen", response_model=HerbeoordelingenOverzicht,
            summary="Herbeoordelingen against their dates")
async def get_herbeoordelingen(
    uow: UnitOfWorkDep, principal: Viewer, today: Today, jaar: JaarOfHuidig = None,
    peildatum: Annotated[IsoDate | None, Query(
        description="the day open reviews are judged on; default today")] = None,
) -> HerbeoordelingenOverzicht:
    """The periodic reviews whose herbeoordeling date falls in the year (default: the
    current one): decided on time (on or before that date), late, expired without decision
    (the einddatum passed and the care was ended), moot, or still open (and past their date
    on the peildatum); continued or ended. Exact for the gemeente; for other readers counts
    of 1–4 are hidden, and so are counts that would give them away by subtraction."""
    return HerbeoordelingenOverzicht.model_validate(await herbeoordeling.herbeoordelingen(
        uow, jaar or huidig_jaar(), peildatum or today, not exact(principal)))


@router.get("/wettelijke-termijnen/wlz", response_model=WlzOverzicht,
            summary="The step from the Wmo to the Wlz")
async def get_wlz(uow: UnitOfWorkDep, principal: Viewer,
                  jaar: JaarOfHuidig = None) -> WlzOverzicht:
    """Wlz signals from the buurtteams (per reason), CIZ aanvragen and the CIZ's outcomes in
    the year (default: the current one), and of the toekenningen how many ended the Wmo care
    exactly the day before the Wlz started: no gap, no overlap. Exact for the gemeente; for
    other readers counts of 1–4 are hidden."""
    return WlzOverzicht.model_validate(
        await herbeoordeling.wlz(uow, jaar or huidig_jaar(), not exact(principal)))
