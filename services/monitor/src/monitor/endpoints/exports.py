"""The exports: every KPI in one document, and the CBS Monitor Sociaal Domein export."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from wmokernel.dependencies import UnitOfWorkDep

from ..schemas import CbsExport, CbsRegel, KpiCel, KpiReeks, Periode
from ..service import kpis
from ..service.kpis import huidig_jaar
from ..service.rapportages import cbs_export
from .dependencies import CbsExporter, JaarOfHuidig, Viewer
from .presenters import CSV_RESPONSE, csv_response, definitie, wants_csv

router = APIRouter(tags=["kpis"])


@router.get("/exports/kpis", response_model=list[KpiReeks], responses=CSV_RESPONSE,
            summary="Export every KPI")
async def export_kpis(request: Request, uow: UnitOfWorkDep, principal: Viewer,
                      jaar: JaarOfHuidig = None,
                      periode: Annotated[Periode, Query(description="granularity")] = "maand",
                      ) -> Any:
    """Every KPI of the year in one document (JSON or CSV), always with small-number
    suppression, per group for each dimension the KPI has and as a total."""
    jaar = jaar or huidig_jaar()
    series = await kpis.export(uow, jaar, periode)
    if wants_csv(request):
        rows = [{"kpi": k, "dimensie": d or "", **c} for k, d, cells in series for c in cells]
        return csv_response(rows, ["kpi", "dimensie", "periode", "groep", "aantal", "teller",
                                   "waarde"], f"kpis-{jaar}.csv")
    return [KpiReeks(kpi=definitie(k), jaar=jaar, periode=periode, dimensie=d, onderdrukt=True,
                     cellen=[KpiCel.model_validate(c) for c in cells]) for k, d, cells in series]


@router.get("/exports/cbs-monitor-sociaal-domein", response_model=CbsExport,
            responses=CSV_RESPONSE, summary="CBS Monitor Sociaal Domein export")
async def export_cbs(request: Request, uow: UnitOfWorkDep, principal: CbsExporter,
                     jaar: JaarOfHuidig = None) -> Any:
    """Person × productcategorie × leveringsvorm with start, end and reden beëindiging for the
    CBS Gemeentelijke Monitor Sociaal Domein; pseudonymous client ids only; role
    ``cbs-export`` only."""
    jaar = jaar or huidig_jaar()
    rows = await cbs_export(uow, jaar)
    if wants_csv(request):
        return csv_response(rows, ["clientId", "productcategorie", "leveringsvorm", "begindatum",
                                   "einddatum", "redenBeeindiging"], f"cbs-{jaar}.csv")
    return CbsExport(jaar=jaar, items=[CbsRegel.model_validate(r) for r in rows])
