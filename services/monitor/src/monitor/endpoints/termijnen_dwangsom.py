"""What late decisions cost: the dwangsom bij niet tijdig beslissen (Awb 4:17-4:18)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from wmokernel.dependencies import Today, UnitOfWorkDep
from wmokernel.problems import Unprocessable
from wmokernel.wire.apimodel import IsoDate

from ..schemas.dwangsom import DwangsomOverzicht
from ..service.dwangsom import overzicht
from .dependencies import Viewer, exact

router = APIRouter(tags=["kpis"])


@router.get("/wettelijke-termijnen/dwangsom", response_model=DwangsomOverzicht,
            summary="Dwangsommen for late decisions")
async def get_dwangsom(
    uow: UnitOfWorkDep, principal: Viewer, today: Today,
    op: Annotated[IsoDate | None, Query(description="the peildatum; default today")] = None,
) -> DwangsomOverzicht:
    """On the peildatum: the running ingebrekestellingen and the dwangsom they owe (and can
    still add), those ended but not yet set, the amounts set by beschikking this year, and
    the exposure: open aanvragen past their decision term without an ingebrekestelling, at
    EUR 1,442 each if each got one that day. Computed with indicatie's rule; counts of 1-4
    and their amounts withheld except for the gemeente."""
    peildatum = op or today
    if not date(2000, 1, 1) <= peildatum <= date(2100, 12, 31):
        raise Unprocessable("op must lie between 2000-01-01 and 2100-12-31")
    return DwangsomOverzicht.model_validate(
        await overzicht(uow, peildatum, exact(principal)))
