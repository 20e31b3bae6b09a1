from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field
from wmokernel.auth import Principal, Role, require_roles
from wmokernel.problems import NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime
from wmokernel.wire.apimodel import CamelModel

from .bijlage3 import bijlage3
from .budget import budget_view
from .cbs import cbs_rows
from .kpis import KPIS, UnknownDimension, doorlooptijden, kpi_cells
from .suppression import is_small, suppress_cell, suppress_cells, suppress_count

router = APIRouter(tags=["kpis"])

CBS_EXPORT = "cbs-export"
Viewer = Annotated[Principal, Depends(require_roles(Role.MONITOR_VIEWER, Role.GEMEENTE))]
CbsExporter = Annotated[Principal, Depends(require_roles(CBS_EXPORT))]
Periode = Literal["maand", "kwartaal", "jaar"]
CSV = "text/csv"
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {CSV: {"schema": {"type": "string"}}},
          "description": "JSON, or CSV when the Accept header asks for text/csv"}}


def exact(principal: Principal) -> bool:
    """Only the gemeente's own back office sees unsuppressed figures."""
    return Role.GEMEENTE in principal.roles


def wants_csv(request: Request) -> bool:
    return CSV in request.headers.get("accept", "")


def csv_response(rows: list[dict[str, Any]], columns: list[str], filename: str) -> Response:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return Response(buf.getvalue(), media_type=f"{CSV}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


class Doorlooptijden(CamelModel):
    """Counts along the chain melding → aanvraag → beschikking and the days between."""

    meldingen: int | None
    aanvragen: int | None
    beschikkingen: int | None
    gemiddelde_dagen_melding_tot_aanvraag: float | None
    gemiddelde_dagen_aanvraag_tot_beschikking: float | None
    gemiddelde_dagen_melding_tot_beschikking: float | None
    aandeel_beschikkingen_binnen_termijn: float | None = Field(
        description="percentage of beschikkingen within the 2-week term")


class KpiDefinitie(CamelModel):
    """A KPI the monitor computes from events."""

    id: str
    titel: str
    omschrijving: str
    thema: str
    eenheid: str
    norm: float | None
    dimensies: list[str]


class KpiDefinities(CamelModel):
    """The KPIs on offer."""

    items: list[KpiDefinitie]


class KpiCel(CamelModel):
    """One figure: a period and group, its base count, the part meeting the norm, the value.
    Counts of 1–4 are null for suppressed readers, and so is a value derived from them."""

    periode: str
    groep: str
    aantal: int | None
    teller: int | None
    waarde: float | None


class KpiReeks(CamelModel):
    """A KPI's figures per period (and group) of a year."""

    kpi: KpiDefinitie
    jaar: int
    periode: Periode
    dimensie: str | None
    onderdrukt: bool = Field(description="true when counts below 5 are hidden")
    cellen: list[KpiCel]


class Bijlage3Cel(CamelModel):
    """One year's figure of a row."""

    aantal: int | None
    waarde: float | None


class Bijlage3Rij(CamelModel):
    """A row of a Bijlage 3 table."""

    omschrijving: str
    norm: float | None
    cellen: dict[str, Bijlage3Cel]


class Bijlage3Tabel(CamelModel):
    """A table of Bijlage 3 with the seed's rows and year columns."""

    id: str
    titel: str
    met_norm: bool
    jaren: list[str]
    rijen: list[Bijlage3Rij]


class Bijlage3Rapport(CamelModel):
    """The yearly report in the shape of the seeds' Bijlage 3."""

    jaar: int
    onderdrukt: bool
    tabellen: list[Bijlage3Tabel]


class BudgetRegel(CamelModel):
    """Budget, committed, realised and forecast spend of one doelstelling (× €1,000)."""

    doelstelling: str
    omschrijving: str
    begroting_k: float
    gecommitteerd_k: float | None
    gerealiseerd_k: float | None
    prognose_k: float | None


class BudgetOverzicht(CamelModel):
    """The budget view of a year against the taakstelling."""

    jaar: int
    peildatum: date
    prognose_basis: Literal["gerealiseerd", "gecommitteerd"]
    regels: list[BudgetRegel]
    taakstelling_wmo_k: float | None
    taakstelling_totaal_k: float | None


class CbsRegel(CamelModel):
    """One person × productcategorie × leveringsvorm (pseudonymous id only)."""

    client_id: str
    productcategorie: str
    leveringsvorm: str
    begindatum: date
    einddatum: date | None
    reden_beeindiging: str | None


class CbsExport(CamelModel):
    """CBS Gemeentelijke Monitor Sociaal Domein style person-level export."""

    jaar: int
    items: list[CbsRegel]


async def _rt(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


Runtime = Annotated[ServiceRuntime, Depends(_rt)]
Jaar = Annotated[int, Query(ge=2000, le=2100, description="the report year")]


@router.get("/kpis/doorlooptijden", response_model=Doorlooptijden,
            summary="Counts and lead times of the chain")
async def get_doorlooptijden(
    rt: Runtime, principal: Viewer,
    van: Annotated[date | None, Query(description="first day (inclusive)")] = None,
    tot: Annotated[date | None, Query(description="last day (inclusive)")] = None,
) -> Doorlooptijden:
    """Meldingen, aanvragen and beschikkingen in the period, and the average days between
    them, from the read models (events only). Exact for the gemeente; for other readers counts
    below 5 are hidden and so are the averages over them."""
    if van is not None and tot is not None and tot < van:
        raise Unprocessable("tot must not lie before van")
    async with rt.transaction() as session:
        figures: dict[str, Any] = dict(await doorlooptijden(session, van, tot))
    if not exact(principal):
        small = {k for k in ("meldingen", "aanvragen", "beschikkingen") if is_small(figures[k])}
        for k in ("meldingen", "aanvragen", "beschikkingen"):
            figures[k] = suppress_count(figures[k])
        if small & {"aanvragen", "meldingen"}:
            figures["gemiddeldeDagenMeldingTotAanvraag"] = None
        if small:
            for k in ("gemiddeldeDagenAanvraagTotBeschikking",
                      "gemiddeldeDagenMeldingTotBeschikking", "aandeelBeschikkingenBinnenTermijn"):
                figures[k] = None
    return Doorlooptijden.model_validate(figures)


def _definitie(kpi_id: str) -> KpiDefinitie:
    k = KPIS[kpi_id]
    return KpiDefinitie(id=k.id, titel=k.titel, omschrijving=k.omschrijving, thema=k.thema,
                        eenheid=k.eenheid, norm=k.norm, dimensies=sorted(k.dimensies))


@router.get("/kpis", response_model=KpiDefinities, summary="List the KPIs")
async def list_kpis(principal: Viewer) -> KpiDefinities:
    """Every KPI with its theme, unit, norm and the dimensions it can be split by."""
    return KpiDefinities(items=[_definitie(k) for k in KPIS])


@router.get("/kpis/{kpiId}", response_model=KpiReeks, responses=CSV_RESPONSE,
            summary="Figures of one KPI")
async def get_kpi(
    request: Request, rt: Runtime, principal: Viewer,
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
    try:
        async with rt.transaction() as session:
            cells = await kpi_cells(session, KPIS[kpi_id], jaar, periode, dimensie)
    except UnknownDimension as exc:
        raise Unprocessable(str(exc)) from exc
    suppressed = not exact(principal)
    cells = suppress_cells(cells, suppressed)
    if wants_csv(request):
        return csv_response([{"kpi": kpi_id, **c} for c in cells],
                            ["kpi", "periode", "groep", "aantal", "teller", "waarde"],
                            f"{kpi_id}-{jaar}.csv")
    return KpiReeks(kpi=_definitie(kpi_id), jaar=jaar, periode=periode, dimensie=dimensie,
                    onderdrukt=suppressed, cellen=[KpiCel.model_validate(c) for c in cells])


def _suppress_report(report: dict[str, Any]) -> dict[str, Any]:
    for tabel in report["tabellen"]:
        for rij in tabel["rijen"]:
            rij["cellen"] = {y: suppress_cell(c) for y, c in rij["cellen"].items()}
    return report


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
async def get_bijlage3(request: Request, rt: Runtime, principal: Viewer,
                       jaar: Jaar = 2024) -> Any:
    """The seeds' Bijlage 3 tables (rows and columns as in the seed: the year and the two before
    it) computed from events; CSV with ``Accept: text/csv``. Suppressed except for the
    gemeente."""
    async with rt.transaction() as session:
        report = await bijlage3(session, jaar)
    suppressed = not exact(principal)
    if suppressed:
        report = _suppress_report(report)
    if wants_csv(request):
        return _report_csv(report)
    return Bijlage3Rapport.model_validate({**report, "onderdrukt": suppressed})


@router.get("/budgetten", response_model=BudgetOverzicht, summary="Budget against spend")
async def get_budget(
    rt: Runtime, principal: Viewer, jaar: Jaar = 2024,
    peildatum: Annotated[date | None, Query(description="the forecast's reference day")] = None,
) -> BudgetOverzicht:
    """Budget per doelstelling I–V and the taakstelling (× €1,000), committed spend from
    beschikkingen (tariff × omvang), realised spend from declaraties, and a linear forecast to
    the year's end (see budget.py)."""
    async with rt.transaction() as session:
        view = await budget_view(session, jaar, peildatum)
    return BudgetOverzicht.model_validate(view)


@router.get("/exports/kpis", response_model=list[KpiReeks], responses=CSV_RESPONSE,
            summary="Export every KPI")
async def export_kpis(request: Request, rt: Runtime, principal: Viewer, jaar: Jaar = 2024,
                      periode: Annotated[Periode, Query(description="granularity")] = "maand",
                      ) -> Any:
    """Every KPI of the year in one document (JSON or CSV), always with small-number
    suppression, per group for each dimension the KPI has and as a total."""
    series = []
    async with rt.transaction() as session:
        for kpi_id, kpi in KPIS.items():
            for dim in [None, *sorted(kpi.dimensies)]:
                cells = suppress_cells(await kpi_cells(session, kpi, jaar, periode, dim))
                series.append((kpi_id, dim, cells))
    if wants_csv(request):
        rows = [{"kpi": k, "dimensie": d or "", **c} for k, d, cells in series for c in cells]
        return csv_response(rows, ["kpi", "dimensie", "periode", "groep", "aantal", "teller",
                                   "waarde"], f"kpis-{jaar}.csv")
    return [KpiReeks(kpi=_definitie(k), jaar=jaar, periode=periode, dimensie=d, onderdrukt=True,
                     cellen=[KpiCel.model_validate(c) for c in cells]) for k, d, cells in series]


@router.get("/exports/cbs-monitor-sociaal-domein", response_model=CbsExport,
            responses=CSV_RESPONSE, summary="CBS Monitor Sociaal Domein export")
async def export_cbs(request: Request, rt: Runtime, principal: CbsExporter,
                     jaar: Jaar = 2024) -> Any:
    """Person × productcategorie × leveringsvorm with start, end and reden beëindiging for the
    CBS Gemeentelijke Monitor Sociaal Domein; pseudonymous client ids only; role
    ``cbs-export`` only."""
    async with rt.transaction() as session:
        rows = await cbs_rows(session, jaar)
    if wants_csv(request):
        return csv_response(rows, ["clientId", "productcategorie", "leveringsvorm", "begindatum",
                                   "einddatum", "redenBeeindiging"], f"cbs-{jaar}.csv")
    return CbsExport(jaar=jaar, items=[CbsRegel.model_validate(r) for r in rows])
