"""The budget view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from wmokernel.dependencies import UnitOfWorkDep
from wmokernel.wire.apimodel import IsoDate

from ..schemas import BudgetOverzicht
from ..service.kpis import huidig_jaar
from ..service.rapportages import budget
from .dependencies import JaarOfHuidig, Viewer, exact

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
