"""The yearly Bijlage 3 report."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from wmokernel.dependencies import UnitOfWorkDep

from ..schemas import Bijlage3Rapport
from ..service.kpis import huidig_jaar
from ..service.rapportages import bijlage3_rapport
from .dependencies import JaarOfHuidig, Viewer, exact
from .presenters import CSV_RESPONSE, csv_response, wants_csv

router = APIRouter(tags=["kpis"])


def _report_csv(report: dict[str, Any]) -> Response:
    rows = []
    for t in report["tabellen"]:
        for r in t["rijen"]:
            rows.append({"tabel": t["titel"], "omschrijving": r["omschrijving"],
                         "norm": r["norm"],
                         **{y: ("<5" if c["waarde"] is None and c["aantal"] is None
                                else c["waarde"]) for y, c in r["cellen"].items()}})
    years = report["tabellen"][0]["jaren"]
    return csv_response(rows, ["tabel", "omschrijving", "norm", *years],
                        f"bijlage-3-{report['jaar']}.csv")


@router.get("/rapportages/bijlage-3", response_model=Bijlage3Rapport, responses=CSV_RESPONSE,
            summary="The yearly Bijlage 3 report")
async def get_bijlage3(request: Request, uow: UnitOfWorkDep, principal: Viewer,
                       jaar: JaarOfHuidig = None) -> Any:
    """The seeds' Bijlage 3 tables (rows and columns as in the seed: the year and the two before
    it) computed from events; CSV with ``Accept: text/csv``. Suppressed except for the
    gemeente."""
    jaar = jaar or huidig_jaar()
    suppressed = not exact(principal)
    report = await bijlage3_rapport(uow, jaar, suppressed)
    if wants_csv(request):
        return _report_csv(report)
    return Bijlage3Rapport.model_validate({**report, "onderdrukt": suppressed})
