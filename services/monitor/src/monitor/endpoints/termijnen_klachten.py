"""Klachten (Awb chapter 9) per organisation against their legal terms."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from wmokernel.dependencies import Today, UnitOfWorkDep
from wmokernel.wire.apimodel import IsoDate

from ..schemas.klachten import KlachtenOverzicht
from ..service.klachten import klachten_per_organisatie
from ..service.kpis import huidig_jaar
from .dependencies import JaarOfHuidig, Viewer, exact

router = APIRouter(tags=["kpis"])


@router.get("/wettelijke-termijnen/klachten", response_model=KlachtenOverzicht,
            summary="Klachten per organisation against their terms")
async def get_klachten(
    uow: UnitOfWorkDep, principal: Viewer, today: Today, jaar: JaarOfHuidig = None,
    peildatum: Annotated[IsoDate | None, Query(
        description="the day the klachten are counted on; default today")] = None,
) -> KlachtenOverzicht:
    """Per organisation (the gemeente, a buurtteam, a provider) the klachten received in the
    year (default: the current one) up to the peildatum (default: today): how many were
    handled by then, how many within their term (6 weeks, 10 with a klachtadviescommissie, 4
    more once postponed: Awb 9:11; 4 weeks for niet-in-behandeling: Awb 9:8 lid 3), how many
    are open past their term, and the outcomes. Exact for the gemeente; for other readers
    counts of 1–4 are hidden, and so are counts that would give them away by subtraction."""
    jaar = jaar or huidig_jaar()
    peil: date = peildatum or today
    return KlachtenOverzicht.model_validate(
        await klachten_per_organisatie(uow, jaar, peil, not exact(principal)))
