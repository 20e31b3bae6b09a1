"""The KPI use cases: the chain's lead times, one KPI's series, every KPI for export; exact
for the gemeente, suppressed for everyone else (``domain/suppression.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from wmokernel.unit_of_work import UnitOfWork

from ..domain.kpis import KPIS, Kpi
from ..domain.suppression import suppress_cells, suppress_doorlooptijden
from ..repository import kpis

Cells = list[dict[str, Any]]


async def doorlooptijden(uow: UnitOfWork, van: date | None, tot: date | None,
                         exact: bool) -> dict[str, Any]:
    figures: dict[str, Any] = dict(await kpis.doorlooptijden(uow.session, van, tot))
    return figures if exact else suppress_doorlooptijden(figures)


async def reeks(uow: UnitOfWork, kpi: Kpi, jaar: int, periode: str, dimensie: str | None,
                suppressed: bool, gemeente: str | None = None) -> Cells:
    """A KPI's cells (:class:`~monitor.domain.kpis.UnknownDimension` for a dimension it
    lacks); of ``gemeente``'s residents only when given (a U16 municipality's own figures,
    :class:`~monitor.domain.kpis.NotPerGemeente` for a KPI not kept per municipality)."""
    cells = await kpis.kpi_cells(uow.session, kpi, jaar, periode, dimensie, gemeente)
    return suppress_cells(cells, suppressed)


def huidig_jaar() -> int:
    """The year a KPI request without ``jaar`` is about."""
    return date.today().year


async def export(uow: UnitOfWork, jaar: int, periode: str
                 ) -> list[tuple[str, str | None, Cells]]:
    """Every KPI as a total and per group of each of its dimensions, always suppressed."""
    series = []
    for kpi_id, kpi in KPIS.items():
        for dim in [None, *sorted(kpi.dimensies)]:
            cells = suppress_cells(await kpis.kpi_cells(uow.session, kpi, jaar, periode, dim))
            series.append((kpi_id, dim, cells))
    return series
