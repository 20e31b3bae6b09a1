"""The public dashboard's figures, every one suppressed (``domain/suppression.py``): the waits
and the opvang per month, the funnel, the budget (per voorziening too), the legal-compliance
KPIs over the year, the depot's aids per quarter and over the year.

Scoped to one U16 municipality, only what the read models hold per municipality changes: the
opvang and beschermd wonen figures (wachttijd tot opname, bezetting, wachtlijst, uitstroom),
by the municipality of residence the opvang events name, and the spend on its residents
(``domain/uitgaven_gemeente.py``). Toegang, indicatie, the iWmo terms, the aids and the budget
are gemeente Utrecht's own Wmo and are not split by municipality.

The legal terms of the lawful process (klachten, bezwaar and beroep, herbeoordelingen, the
dwangsom, the step to the Wlz) come from the same services as the monitor's
``/wettelijke-termijnen/*`` endpoints, suppressed as those give them to a monitor viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wmokernel.problems import Unprocessable
from wmokernel.regio import U16_GEMEENTEN
from wmokernel.unit_of_work import UnitOfWork

from ..domain.bezwaar_beroep import peildatum as termijn_peildatum
from ..domain.kpis import KPIS, Kpi
from ..domain.suppression import suppress_cells, suppress_count
from ..domain.u16 import ALLE
from ..repository.budget import budget_view
from ..repository.dashboard import aanvragen_na_melding, jaren, uitstroom_per_maand
from ..repository.kpis import funnel, kpi_cells
from . import herbeoordeling
from .dwangsom import overzicht as dwangsom_overzicht
from .klachten import klachten_per_organisatie
from .termijnen_bezwaar import bezwaar_termijnen
from .uitgaven_gemeente import uitgaven

WACHTTIJDEN = ("wachttijd-eerste-contact", "wachttijd-aanvullende-zorg", "wachttijd-opname")
# the KPIs with a municipality (the opvang's): scoped when the reader picks one
PER_GEMEENTE = ("wachttijd-opname", "bezetting-opvang", "wachtenden-opvang")
Cell = dict[str, Any]


@dataclass(frozen=True)
class DashboardFigures:
    jaar: int
    jaren: list[int]  # the years to choose from: those the data covers, and this year
    gemeente: str | None  # CBS code of the U16 municipality shown, None: all
    waits: dict[str, list[Cell]]  # KPI id → its 12 monthly cells
    waits_jaar: dict[str, Cell | None]  # KPI id → its cell over the year (the days)
    bezetting: list[Cell]
    wachtenden: list[Cell]
    uitstroom: list[int | None]  # placements ended per month (suppressed)
    trechter: list[tuple[str, int | None]]
    aanvragen_na_melding: int | None  # of the funnel's aanvragen, those from a melding
    budget: dict[str, Any]
    termijnen: list[tuple[Kpi, Cell | None]]  # the KPI and its cell over the year
    # the KPI, its cells per quarter (None: nothing in it) and over the year
    hulpmiddelen: list[tuple[Kpi, list[Cell | None], Cell | None]]
    uitgaven: dict[str, Any] | None = None  # the spend on the municipality's residents
    # klachten, bezwaar, herbeoordelingen, dwangsom, Wlz (``wettelijke_termijnen``)
    wettelijke_termijnen: dict[str, Any] | None = None


async def _cells(uow: UnitOfWork, kpi: str, jaar: int, periode: str,
                 gemeente: str | None) -> list[Cell]:
    """The KPI's suppressed cells; only ``gemeente``'s group where it has the dimension."""
    if gemeente is None or kpi not in PER_GEMEENTE:
        return suppress_cells(await kpi_cells(uow.session, KPIS[kpi], jaar, periode))
    return suppress_cells([c for c in await kpi_cells(uow.session, KPIS[kpi], jaar, periode,
                                                      "gemeente") if c["groep"] == gemeente])


async def _monthly(uow: UnitOfWork, kpi: str, jaar: int, gemeente: str | None) -> list[Cell]:
    by = {c["periode"]: c for c in await _cells(uow, kpi, jaar, "maand", gemeente)}
    return [by.get(f"{jaar}-{m:02d}", {"aantal": 0, "teller": 0, "waarde": None})
            for m in range(1, 13)]


async def _jaarcel(uow: UnitOfWork, kpi: str, jaar: int, gemeente: str | None) -> Cell | None:
    cells = await _cells(uow, kpi, jaar, "jaar", gemeente)
    return cells[0] if cells else None


def check_gemeente(gemeente: str | None) -> str | None:
    """The CBS code asked for (None for all: absent or ``alle``), or a 422 naming the valid
    ones."""
    if gemeente is None or gemeente == ALLE:
        return None
    if gemeente not in U16_GEMEENTEN:
        raise Unprocessable(
            f"gemeente {gemeente!r} is no U16 municipality: give '{ALLE}' or one of the CBS "
            "codes " + ", ".join(f"{c} ({n})" for c, n in U16_GEMEENTEN.items()))
    return gemeente


async def _jaren(uow: UnitOfWork, jaar: int) -> list[int]:
    span = await jaren(uow.session)
    years = {jaar, date.today().year}
    if span is not None:
        years |= set(range(max(span[0], 2000), min(span[1], 2100) + 1))
    return sorted(years)


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


async def wettelijke_termijnen(uow: UnitOfWork, jaar: int, vandaag: date) -> dict[str, Any]:
    """The year's klachten per organisation, bezwaar and beroep, herbeoordelingen, dwangsom
    and Wlz step, each suppressed as its endpoint gives it to a monitor viewer. What stands
    open is judged on the peildatum: today in the current year, 31 December of a past one."""
    peil = termijn_peildatum(jaar, vandaag) or vandaag
    return {
        "peildatum": peil,
        "klachten": await klachten_per_organisatie(uow, jaar, peil, True),
        "bezwaar": await bezwaar_termijnen(uow, jaar, vandaag, False),
        "herbeoordelingen": await herbeoordeling.herbeoordelingen(uow, jaar, peil, True),
        "dwangsom": await dwangsom_overzicht(uow, peil, False),
        "wlz": await herbeoordeling.wlz(uow, jaar, True),
    }


async def figures(uow: UnitOfWork, jaar: int | None, gemeente: str | None = None,
                  vandaag: date | None = None) -> DashboardFigures:
    """The figures of ``jaar`` (default: this year), the opvang's of ``gemeente``'s residents
    only when given (a CBS code of the U16, or ``alle``; another: 422)."""
    g = check_gemeente(gemeente)
    vandaag = vandaag or date.today()
    jaar = jaar or vandaag.year
    uit = await uitstroom_per_maand(uow.session, jaar, g)
    return DashboardFigures(
        jaar=jaar, jaren=await _jaren(uow, jaar), gemeente=g,
        waits={k: await _monthly(uow, k, jaar, g) for k in WACHTTIJDEN},
        waits_jaar={k: await _jaarcel(uow, k, jaar, g) for k in WACHTTIJDEN},
        bezetting=await _monthly(uow, "bezetting-opvang", jaar, g),
        wachtenden=await _monthly(uow, "wachtenden-opvang", jaar, g),
        uitstroom=[suppress_count(uit.get(m, 0)) for m in range(1, 13)],
        trechter=[(name, suppress_count(n)) for name, n in await funnel(uow.session, jaar)],
        aanvragen_na_melding=suppress_count(await aanvragen_na_melding(uow.session, jaar)),
        budget=await budget_view(uow.session, jaar, date(jaar, 12, 31), suppressed=True),
        termijnen=await _termijnen(uow, jaar), hulpmiddelen=await _hulpmiddelen(uow, jaar),
        uitgaven=None if g is None else (await uitgaven(uow, jaar, True, g))["gemeenten"][0],
        wettelijke_termijnen=await wettelijke_termijnen(uow, jaar, vandaag))
