"""Bezwaar and beroep against their legal terms."""

from __future__ import annotations

from fastapi import APIRouter
from wmokernel.dependencies import Today, UnitOfWorkDep

from ..schemas.termijnen_bezwaar import WettelijkeTermijnenBezwaar
from ..service.kpis import huidig_jaar
from ..service.termijnen_bezwaar import bezwaar_termijnen
from .dependencies import JaarOfHuidig, Viewer, exact

router = APIRouter(tags=["kpis"])


@router.get("/wettelijke-termijnen/bezwaar", response_model=WettelijkeTermijnenBezwaar,
            summary="Bezwaar and beroep against their legal terms")
async def get_bezwaar_termijnen(uow: UnitOfWorkDep, principal: Viewer, today: Today,
                                jaar: JaarOfHuidig = None) -> WettelijkeTermijnenBezwaar:
    """In one year (default: the current year), from events: bezwaren received (and of those
    filed by a gemachtigde), decided and decided within the decision term in force (6 or 12
    weeks, Awb 7:10 lid 1, as postponed under lid 3 or, with consent, lid 4), postponed, still
    open past that term on the peildatum, and the outcomes; beroepen lodged (and late, after
    the 6 weeks of Awb 6:7), uitspraken per outcome, and the gegrond ones after which the
    gemeente issued the new beschikking. Exact for the gemeente; for other readers counts of
    1 to 4 are hidden, and so is a share over them."""
    figures = await bezwaar_termijnen(uow, jaar or huidig_jaar(), today, exact(principal))
    return WettelijkeTermijnenBezwaar.model_validate(figures)
