"""The public dashboard: server-rendered HTML in Dutch with inline SVG charts.

No login is needed: it shows only aggregates, and every figure on it has passed small-number
suppression (counts of 1–4 read "<5", figures derived from them are withheld), so no person
can be recognised. Nothing to build: Jinja2 renders it, the charts are SVG made here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from wmokernel.dependencies import UnitOfWorkDep

from ..domain.charts import bar_chart, line_chart
from ..domain.kpis import Kpi
from ..domain.suppression import label
from ..service.dashboard import DashboardFigures, figures

router = APIRouter()

MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
_env = Environment(loader=PackageLoader("monitor", "templates"),
                   autoescape=select_autoescape(["html"]))


def _fmt(v: float | None, digits: int = 0) -> str:
    if v is None:
        return "–"
    return f"{v:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _waarde(kpi: Kpi, cell: dict[str, Any] | None) -> str:
    """A KPI's (suppressed) figure as it reads in a table: a hidden count "<5"."""
    if cell is None:
        return "0" if kpi.eenheid != "procent" else "–"
    v = cell["waarde"]
    if v is None:
        return "<5" if kpi.eenheid != "procent" and cell["aantal"] is None else "–"
    return (f"{_fmt(v, 1)} %" if kpi.eenheid == "procent"
            else _fmt(v, 0 if float(v).is_integer() else 1))


def _jaarcijfer(kpi: Kpi, cell: dict[str, Any] | None) -> dict[str, str]:
    """A KPI's (suppressed) figure over the year as it reads in the dashboard's table."""
    if cell is None:
        return {"titel": kpi.titel, "omschrijving": kpi.omschrijving, "aantal": "0",
                "waarde": "–", "norm": _norm(kpi)}
    v = cell["waarde"]
    waarde = ("–" if v is None else f"{_fmt(v, 1)} %" if kpi.eenheid == "procent"
              else _fmt(v, 0 if float(v).is_integer() else 1))
    return {"titel": kpi.titel, "omschrijving": kpi.omschrijving,
            "aantal": label(cell["aantal"]), "waarde": waarde, "norm": _norm(kpi)}


def _hulpmiddel(kpi: Kpi, kwartalen: list[dict[str, Any] | None],
                jaar: dict[str, Any] | None) -> dict[str, Any]:
    return {"titel": kpi.titel, "omschrijving": kpi.omschrijving, "norm": _norm(kpi),
            "bron": kpi.bron, "kwartalen": [_waarde(kpi, c) for c in kwartalen],
            "jaar": _waarde(kpi, jaar),
            "aantal": "0" if jaar is None else label(jaar["aantal"])}


def _norm(kpi: Kpi) -> str:
    if kpi.norm is None:
        return "–"
    return f"{_fmt(kpi.norm)} %" if kpi.eenheid == "procent" else f"{_fmt(kpi.norm)} {kpi.eenheid}"


def _pct(c: dict[str, Any]) -> float | None:
    if c.get("teller") is None or not c.get("aantal"):
        return None
    return round(100 * float(c["teller"]) / float(c["aantal"]), 1)


def render(f: DashboardFigures) -> str:
    jaar, waits, trechter, budget = f.jaar, f.waits, f.trechter, f.budget
    termijnen = [_jaarcijfer(kpi, cell) for kpi, cell in f.termijnen]
    hulpmiddelen = [_hulpmiddel(kpi, q, y) for kpi, q, y in f.hulpmiddelen]
    wait_series = [("Eerste contact (norm 5 werkdagen)",
                    [_pct(c) for c in waits["wachttijd-eerste-contact"]]),
                   ("Aanvullende zorg (norm 14 dagen)",
                    [_pct(c) for c in waits["wachttijd-aanvullende-zorg"]]),
                   ("Opname opvang/BW (norm 91 dagen)",
                    [_pct(c) for c in waits["wachttijd-opname"]])]
    wait_rows = [{"maand": MAANDEN[i], "cellen": [
        (_fmt(s[1][i], 1) + " %" if s[1][i] is not None else "–",
         _fmt(waits[k][i]["waarde"], 1)) for s, k in zip(wait_series, waits, strict=True)]}
        for i in range(12)]
    occ = [c["waarde"] if c["aantal"] is not None else None for c in f.bezetting]
    wl = [c["waarde"] if c["aantal"] is not None else None for c in f.wachtenden]
    charts = {
        "wachttijden": line_chart(
            "grafiek-wachttijden", f"Wachttijd binnen de norm per maand, {jaar}",
            "Aandeel cliënten dat binnen de norm geholpen werd, per maand, voor eerste contact, "
            "aanvullende zorg en opname. De gestippelde lijn is 100 procent.",
            MAANDEN, wait_series, 100, norm=100, norm_label="100 %"),
        "trechter": bar_chart(
            "grafiek-trechter", f"Van melding tot start ondersteuning, {jaar}",
            "Aantallen meldingen, afgeronde onderzoeken, aanvragen, beschikkingen en gestarte "
            "ondersteuning in het jaar.", [n for n, _ in trechter],
            [("Aantal", [None if v is None else float(v) for _, v in trechter])]),
        "opvang": line_chart(
            "grafiek-opvang", f"Bezetting en wachtlijst opvang en beschermd wonen, {jaar}",
            "Bezette plekken aan het eind van elke maand en het aantal wachtenden.",
            MAANDEN, [("Bezette plekken", occ), ("Wachtenden", wl)],
            max([v for v in occ + wl if v is not None] + [1]) * 1.1),
        "budget": bar_chart(
            "grafiek-budget",
            f"Budget, verplichtingen, realisatie en prognose per doelstelling, {jaar}",
            "Per doelstelling I tot en met V de begroting, de gecommitteerde uitgaven uit "
            "beschikkingen, de gerealiseerde uitgaven uit goedgekeurde declaraties en de "
            "prognose tot het jaareinde, in duizenden euro's; onderaan de taakstelling Wmo.",
            [f"Doelstelling {r['doelstelling']}" for r in budget["regels"]]
            + ["Taakstelling Wmo"],
            [("Begroting", [r["begrotingK"] for r in budget["regels"]]
              + [budget["taakstellingWmoK"]]),
             ("Gecommitteerd", [r["gecommitteerdK"] for r in budget["regels"]] + [None]),
             ("Gerealiseerd", [r["gerealiseerdK"] for r in budget["regels"]] + [None]),
             ("Prognose", [r["prognoseK"] for r in budget["regels"]] + [None])],
            missing="–"),
    }
    return _env.get_template("dashboard.html").render(
        jaar=jaar, charts=charts, wait_series=wait_series, wait_rows=wait_rows,
        trechter=[(n, label(v)) for n, v in trechter],
        opvang_rows=[(MAANDEN[i], _fmt(occ[i]) if occ[i] is not None else "<5",
                      _fmt(wl[i], 1) if wl[i] is not None else "<5") for i in range(12)],
        budget=budget, fmt=_fmt, termijnen=termijnen, hulpmiddelen=hulpmiddelen)


@router.get("/dashboard", include_in_schema=False, response_class=HTMLResponse)
async def dashboard(uow: UnitOfWorkDep, jaar: int | None = Query(None, ge=2000, le=2100)
                    ) -> HTMLResponse:
    """Public, suppressed figures only: no login (see the module docstring)."""
    return HTMLResponse(render(await figures(uow, jaar)))
