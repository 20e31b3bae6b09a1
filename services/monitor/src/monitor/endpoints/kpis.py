"""The KPI endpoints: the chain's lead times, the list of KPIs, one KPI's figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from wmokernel.dependencies import Paging, UnitOfWorkDep
from wmokernel.problems import NotFound, Unprocessable
from wmokernel.wire.apimodel import IsoDate

from ..domain.kpis import KPIS, UnknownDimension
from ..schemas import Doorlooptijden, KpiCel, KpiDefinities, KpiReeks, Periode
from ..service import kpis
from .dependencies import Jaar, Viewer, exact
from .presenters import CSV_RESPONSE, csv_response, definitie, wants_csv

router = APIRouter(tags=["kpis"])


@router.get("/kpis/doorlooptijden", response_model=Doorlooptijden,
            summary="Counts and lead times of the chain")
async def get_doorlooptijden(
    uow: UnitOfWorkDep, principal: Viewer,
    van: Annotated[IsoDate | None, Query(description="first day (inclusive)")] = None,
    tot: Annotated[IsoDate | None, Query(description="last day (inclusive)")] = None,
) -> Doorlooptijden:
    """Meldingen, aanvragen and beschikkingen in the period, and the average days between
    them, from the read models (events only). Exact for the gemeente; for other readers counts
    below 5 are hidden and so are the averages over them."""
    if van is not None and tot is not None and tot < van:
        raise Unprocessable("tot must not lie before van")
    figures = await kpis.doorlooptijden(uow, van, tot, exact(principal))
    return Doorlooptijden.model_validate(figures)


@router.get("/kpis", response_model=KpiDefinities, summary="List the KPIs")
async def list_kpis(principal: Viewer, paging: Paging) -> KpiDefinities:
    """Every KPI with its theme, unit, norm and the dimensions it can be split by."""
    return KpiDefinities.from_all([definitie(k) for k in KPIS], paging)


@router.get("/kpis/{kpiId}", response_model=KpiReeks, responses=CSV_RESPONSE,
            summary="Figures of one KPI")
async def get_kpi(
    request: Request, uow: UnitOfWorkDep, principal: Viewer,
    kpi_id: Annotated[str, Path(alias="kpiId", description="the KPI's id, see GET /kpis")],
    jaar: Jaar = 2024,
    periode: Annotated[Periode, Query(description="maand, kwartaal or jaar")] = "jaar",
    dimensie: Annotated[str | None, Query(
        description="wijk, voorziening, aanbieder, gemeente, soort or berichttype (where the "
                    "KPI has it; see GET /kpis)")] = None,
) -> Any:
    """A KPI per month, quarter or year, optionally per wijk, provision, provider, U16
    municipality, kind (of verzoek, term or message) or iWmo berichttype; CSV with ``Accept:
    text/csv``. Counts below 5 are hidden except for the gemeente."""
    if kpi_id not in KPIS:
        raise NotFound(f"KPI {kpi_id}")
    suppressed = not exact(principal)
    try:
        cells = await kpis.reeks(uow, KPIS[kpi_id], jaar, periode, dimensie, suppressed)
    except UnknownDimension as exc:
        raise Unprocessable(str(exc)) from exc
    if wants_csv(request):
        return csv_response([{"kpi": kpi_id, **c} for c in cells],
                            ["kpi", "periode", "groep", "aantal", "teller", "waarde"],
                            f"{kpi_id}-{jaar}.csv")
    return KpiReeks(kpi=definitie(kpi_id), jaar=jaar, periode=periode, dimensie=dimensie,
                    onderdrukt=suppressed, cellen=[KpiCel.model_validate(c) for c in cells])
