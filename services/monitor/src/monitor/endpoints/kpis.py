"""The KPI endpoints: the chain's lead times, the list of KPIs, one KPI's figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.dependencies import Paging, UnitOfWorkDep
from wmokernel.problems import Forbidden, NotFound, Unprocessable
from wmokernel.wire.apimodel import IsoDate

from ..domain.kpis import KPIS, PER_GEMEENTE, NotPerGemeente, UnknownDimension
from ..schemas import Doorlooptijden, KpiCel, KpiDefinities, KpiReeks, Periode
from ..service import kpis
from .dependencies import Viewer, exact
from .presenters import CSV_RESPONSE, csv_response, definitie, wants_csv

router = APIRouter(tags=["kpis"])

# The KPI readers: the monitor's viewers, and a U16 municipality for its own residents.
KpiLezer = Annotated[Principal, Depends(require_roles(Role.MONITOR_VIEWER, Role.GEMEENTE,
                                                      Role.U16_GEMEENTE))]
_FORBIDDEN_U16: dict[int | str, dict[str, Any]] = {403: {
    "description": "Not allowed for your role, or (a U16 municipality) a KPI that is not kept "
                   "per municipality"}}


def eigen_gemeente(principal: Principal) -> str | None:
    """The municipality a U16 municipality's figures are scoped to, whatever it asks; None
    for the monitor's own readers (the gemeente and monitor viewers see the region)."""
    if principal.has_any((Role.GEMEENTE, Role.MONITOR_VIEWER)):
        return None
    if not principal.gemeente:
        raise Forbidden("a U16 municipality's token names its municipality (claim gemeente)")
    return principal.gemeente


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


@router.get("/kpis", response_model=KpiDefinities, summary="List the KPIs",
            responses=_FORBIDDEN_U16)
async def list_kpis(principal: KpiLezer, paging: Paging) -> KpiDefinities:
    """Every KPI with its theme, unit, norm and the dimensions it can be split by; for a U16
    municipality (role `u16-gemeente`) the KPIs it reads of its own residents: those kept per
    municipality (opvang and beschermd wonen)."""
    ids = KPIS if eigen_gemeente(principal) is None else sorted(PER_GEMEENTE)
    return KpiDefinities.from_all([definitie(k) for k in ids], paging)


@router.get("/kpis/{kpiId}", response_model=KpiReeks,
            responses={**CSV_RESPONSE, **_FORBIDDEN_U16}, summary="Figures of one KPI")
async def get_kpi(
    request: Request, uow: UnitOfWorkDep, principal: KpiLezer,
    kpi_id: Annotated[str, Path(alias="kpiId", description="the KPI's id, see GET /kpis")],
    jaar: Annotated[int | None, Query(
        ge=2000, le=2100, description="the report year; default: the current year")] = None,
    periode: Annotated[Periode, Query(description="maand, kwartaal or jaar")] = "jaar",
    dimensie: Annotated[str | None, Query(
        description="wijk, voorziening, aanbieder, gemeente, soort or berichttype (where the "
                    "KPI has it; see GET /kpis)")] = None,
) -> Any:
    """A KPI per month, quarter or year (default: the current year), optionally per wijk,
    provision, provider, U16 municipality, kind (of verzoek, term or message) or iWmo
    berichttype; CSV with ``Accept: text/csv``. Counts below 5 are hidden except for the
    gemeente.

    A U16 municipality (role `u16-gemeente`) reads the KPIs kept per municipality (opvang and
    beschermd wonen: wachttijd, wachtenden, bezetting, uitstroom) of its own residents only,
    whatever it asks (per `gemeente` it gets its own group), with counts below 5 hidden; any
    other KPI is 403 to it."""
    if kpi_id not in KPIS:
        raise NotFound(f"KPI {kpi_id}")
    gemeente = eigen_gemeente(principal)
    suppressed = not exact(principal)
    jaar = jaar or kpis.huidig_jaar()
    try:
        cells = await kpis.reeks(uow, KPIS[kpi_id], jaar, periode, dimensie, suppressed,
                                 gemeente)
    except UnknownDimension as exc:
        raise Unprocessable(str(exc)) from exc
    except NotPerGemeente as exc:
        raise Forbidden(str(exc)) from exc
    if wants_csv(request):
        return csv_response([{"kpi": kpi_id, **c} for c in cells],
                            ["kpi", "periode", "groep", "aantal", "teller", "waarde"],
                            f"{kpi_id}-{jaar}.csv")
    return KpiReeks(kpi=definitie(kpi_id), jaar=jaar, periode=periode, dimensie=dimensie,
                    onderdrukt=suppressed, cellen=[KpiCel.model_validate(c) for c in cells])
