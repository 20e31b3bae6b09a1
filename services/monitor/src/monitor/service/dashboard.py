"""The public dashboard's figures, every one suppressed (``domain/suppression.py``): the waits
and the opvang per month, the funnel, the budget (per voorziening too), the legal-compliance
KPIs over the year, the depot's aids per quarter and over the year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wmokernel.unit_of_work import UnitOfWork

from ..domain.kpis import KPIS, Kpi
from ..domain.suppression import suppress_cells, suppress_count
from ..repository.budget import budget_view
from ..repository.kpis import funnel, kpi_cells, latest_year

WACHTTIJDEN = ("wachttijd-eerste-contact", "wachttijd-aanvullende-zorg", "wachttijd-opname")
Cell = dict[str, Any]


@dataclass(frozen=True)
class DashboardFigures:
    jaar: int
    waits: dict[str, list[Cell]]  # KPI id → its 12 monthly cells
    bezetting: list[Cell]
    wachtenden: list[Cell]
    trechter: list[tuple[str, int | None]]
    budget: dict[str, Any]
    termijnen: list[tuple[Kpi, Cell | None]]  # the KPI and its cell over the year
    # the KPI, its cells per quarter (None: nothing in it) and over the year
    hulpmiddelen: list[tuple[Kpi, list[Cell | None], Cell | None]]


async def _monthly(uow: UnitOfWork, kpi: str, jaar: int) -> list[Cell]:
    cells = suppress_cells(await kpi_cells(uow.session, KPIS[kpi], jaar, "maand"))
    by = {c["periode"]: c for c in cells}
    return [by.get(f"{jaar}-{m:02d}", {"aantal": 0, "teller": 0, "waarde": None})
            for m in range(1, 13)]


async def _termijnen(uow: UnitOfWork, jaar: int) -> list[tuple[Kpi, Cell | None]]:
    """Every legal-compliance KPI (thema rechtmatigheid, iWmo terms included) over the year."""
    rows = []
    for kpi in KPIS.values():
        if kpi.thema == "rechtmatigheid":
            cells = suppress_cells(await kpi_cells(uow.session, kpi, jaar, "jaar"))
            rows.append((kpi, cells[0] if cells else None))
    return rows


async def _hulpmiddelen(uow: UnitOfWork, jaar: int
                       ) -> list[tuple[Kpi, list[Cell | None], Cell | None]]:
    """The depot's KPIs (thema doelmatigheid) per quarter and over the year."""
    rows = []
    for kpi in KPIS.values():
        if kpi.thema == "doelmatigheid":
            q = {c["periode"]: c for c in suppress_cells(
                await kpi_cells(uow.session, kpi, jaar, "kwartaal"))}
            y = suppress_cells(await kpi_cells(uow.session, kpi, jaar, "jaar"))
            rows.append((kpi, [q.get(f"{jaar}-Q{k}") for k in range(1, 5)],
                         y[0] if y else None))
    return rows


async def figures(uow: UnitOfWork, jaar: int | None) -> DashboardFigures:
    """The figures of ``jaar`` (default: the year of the latest melding, else this year)."""
    jaar = jaar or await latest_year(uow.session) or date.today().year
    return DashboardFigures(
        jaar=jaar,
        waits={k: await _monthly(uow, k, jaar) for k in WACHTTIJDEN},
        bezetting=await _monthly(uow, "bezetting-opvang", jaar),
        wachtenden=await _monthly(uow, "wachtenden-opvang", jaar),
        trechter=[(name, suppress_count(n)) for name, n in await funnel(uow.session, jaar)],
        budget=await budget_view(uow.session, jaar, date(jaar, 12, 31), suppressed=True),
        termijnen=await _termijnen(uow, jaar), hulpmiddelen=await _hulpmiddelen(uow, jaar))
