"""The public dashboard: server-rendered HTML in Dutch with inline SVG charts.

No login is needed: it shows only aggregates, and every figure on it has passed small-number
suppression (counts of 1–4 read "<5", figures derived from them are withheld), so no person
can be recognised. Nothing to build: Jinja2 renders it, the charts are SVG made here.

Served at ``/dashboard`` (the public address) and, so the OpenAPI document describes its
query parameters ``jaar`` and ``gemeente``, at ``/api/v1/dashboard`` too.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from wmokernel.dependencies import Today, UnitOfWorkDep
from wmokernel.regio import U16_GEMEENTEN

from ..domain.charts import NBSP, bar_chart, getal, line_chart, procent
from ..domain.kpis import Kpi
from ..domain.suppression import label
from ..domain.u16 import ALLE
from ..service.dashboard import DashboardFigures, figures
from . import dashboard_termijnen

router = APIRouter()  # the public page, beside the API
api_router = APIRouter(tags=["kpis"])  # the same page in the API's document

MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
_env = Environment(loader=PackageLoader("monitor", "templates"),
                   autoescape=select_autoescape(["html"]))
# the waits: KPI id → (series name, unit of its days)
WACHT = {"wachttijd-eerste-contact": ("Eerste contact (norm 5 werkdagen)", "werkdagen"),
         "wachttijd-aanvullende-zorg": ("Aanvullende zorg (norm 14 dagen)", "dagen"),
         "wachttijd-opname": ("Opname opvang/BW (norm 91 dagen)", "dagen")}


def _fmt(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else getal(v, digits)


def _telling(v: float | None) -> str:
    """A (suppressed) count in a table: hidden reads "<5"."""
    return "<5" if v is None else getal(v)


def _getal(kpi: Kpi, v: float) -> str:
    return procent(v) if kpi.eenheid == "procent" else getal(v)


def _waarde(kpi: Kpi, cell: dict[str, Any] | None) -> str:
    """A KPI's (suppressed) figure as it reads in a table: a hidden count "<5"."""
    if cell is None:
        return "0" if kpi.eenheid != "procent" else "–"
    v = cell["waarde"]
    if v is None:
        return "<5" if kpi.eenheid != "procent" and cell["aantal"] is None else "–"
    return _getal(kpi, v)


def _jaarcijfer(kpi: Kpi, cell: dict[str, Any] | None) -> dict[str, str]:
    """A KPI's (suppressed) figure over the year as it reads in the dashboard's table."""
    if cell is None:
        return {"titel": kpi.titel, "omschrijving": kpi.omschrijving, "aantal": "0",
                "waarde": "–", "norm": _norm(kpi)}
    v = cell["waarde"]
    return {"titel": kpi.titel, "omschrijving": kpi.omschrijving,
            "aantal": label(cell["aantal"]), "waarde": "–" if v is None else _getal(kpi, v),
            "norm": _norm(kpi)}


def _hulpmiddel(kpi: Kpi, kwartalen: list[dict[str, Any] | None],
                jaar: dict[str, Any] | None) -> dict[str, Any]:
    return {"titel": kpi.titel, "omschrijving": kpi.omschrijving, "norm": _norm(kpi),
            "bron": kpi.bron, "kwartalen": [_waarde(kpi, c) for c in kwartalen],
            "jaar": _waarde(kpi, jaar),
            "aantal": "0" if jaar is None else label(jaar["aantal"])}


def _norm(kpi: Kpi) -> str:
    if kpi.norm is None:
        return "–"
    if kpi.eenheid == "procent":
        return procent(kpi.norm, 0)
    return f"{getal(kpi.norm)}{NBSP}{kpi.eenheid}"


def _pct(c: dict[str, Any] | None) -> float | None:
    if c is None or c.get("teller") is None or not c.get("aantal"):
        return None
    return round(100 * float(c["teller"]) / float(c["aantal"]), 1)


def _wacht_legenda(naam: str, eenheid: str, cell: dict[str, Any] | None, waar: str) -> str:
    """A wait's series name with its year: the share within the norm and the days beside it."""
    pct, dagen = _pct(cell), None if cell is None else cell["waarde"]
    if pct is None and dagen is None:
        return f"{naam}{waar}: " + ("geen cliënten" if cell is None or cell["aantal"] == 0
                                    else "niet getoond (kleine aantallen)")
    return (f"{naam}{waar}: " + ("aandeel –" if pct is None else
                                 f"{procent(pct, 0)} binnen de norm")
            + ", " + ("gemiddelde –" if dagen is None else f"gemiddeld {getal(dagen)} {eenheid}"))


def _waits(f: DashboardFigures, naam: str) -> tuple[list[tuple[str, list[float | None]]],
                                                   list[tuple[str, str]], list[dict[str, Any]]]:
    series, headers = [], []
    for k, (titel, eenheid) in WACHT.items():
        waar = ("" if f.gemeente is None else f", {naam}" if k == "wachttijd-opname"
                else ", heel Utrecht")
        series.append((_wacht_legenda(titel, eenheid, f.waits_jaar[k], waar),
                       [_pct(c) for c in f.waits[k]]))
        headers.append((titel + waar, eenheid))
    rows = [{"maand": MAANDEN[i], "cellen": [
        (procent(p) if (p := _pct(f.waits[k][i])) is not None else "–",
         "–" if (d := f.waits[k][i]["waarde"]) is None else getal(d)) for k in WACHT]}
        for i in range(12)]
    return series, headers, rows


# the spend on a municipality's residents: kind → its row header
UITGAVEN = {"gecommitteerd": "Gecommitteerd (beschikkingen)",
            "gerealiseerd": "Gerealiseerd (goedgekeurde declaraties)",
            "betaald": "Betaald (uitgevoerde betaalopdrachten)"}


def _uitgaven(row: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """The spend table's rows: kind, clients ("<5" when hidden), amount × €1,000 ("–"
    when withheld)."""
    if row is None:
        return []
    return [(titel, _telling(row[k]["clienten"]), _fmt(row[k]["bedragK"], 1))
            for k, titel in UITGAVEN.items()]


def render(f: DashboardFigures) -> str:
    jaar, trechter, budget = f.jaar, f.trechter, f.budget
    naam = "alle U16-gemeenten" if f.gemeente is None else U16_GEMEENTEN[f.gemeente]
    wait_series, wait_headers, wait_rows = _waits(f, naam)
    # a month-end count: hidden (None) when small, 0 when no one
    occ: list[float | None] = [None if c["aantal"] is None else float(c["waarde"] or 0)
                               for c in f.bezetting]
    wl: list[float | None] = [None if c["aantal"] is None else float(c["waarde"] or 0)
                              for c in f.wachtenden]
    uit = [None if v is None else float(v) for v in f.uitstroom]
    aanvragen = dict(trechter).get("Aanvraag")
    charts = {
        "wachttijden": line_chart(
            "grafiek-wachttijden",
            f"Aandeel cliënten binnen de wachttijdnorm (%) per maand, {jaar}",
            "Aandeel cliënten dat binnen de norm geholpen werd, in procenten, per maand, voor "
            "eerste contact, aanvullende zorg en opname; in de legenda ook het aandeel en de "
            "gemiddelde wachttijd in dagen over het jaar. De gestippelde lijn is 100 procent.",
            MAANDEN, wait_series, y_title="Aandeel binnen de norm (%)", y_whole=False,
            y_max=100, norm=100, norm_label=f"100{NBSP}%"),
        "trechter": bar_chart(
            "grafiek-trechter", f"Van melding tot start ondersteuning: aantallen in {jaar}",
            "Aantallen meldingen, afgeronde onderzoeken, aanvragen, beschikkingen en gestarte "
            "ondersteuning in het jaar, elk geteld in het jaar waarin het gebeurde. Een "
            "aanvraag komt niet altijd uit een melding, zie de toelichting.",
            [n for n, _ in trechter],
            [("Aantal", [None if v is None else float(v) for _, v in trechter])],
            value_title="aantal", value_whole=True, label_title="Stap in de keten"),
        "opvang": line_chart(
            "grafiek-opvang",
            f"Bezetting, wachtlijst en uitstroom opvang en beschermd wonen, {naam}, {jaar}",
            "Bezette plekken en wachtenden aan het eind van elke maand, en het aantal "
            "plaatsingen dat in de maand eindigde (uitstroom).",
            MAANDEN, [("Bezette plekken (eind van de maand)", occ),
                      ("Wachtenden (eind van de maand)", wl),
                      ("Uitstroom (in de maand)", uit)],
            y_title="aantal (plekken, personen)", y_whole=True),
        "budget": bar_chart(
            "grafiek-budget",
            f"Budget, verplichtingen, realisatie en prognose per doelstelling, {jaar} "
            f"(× €{NBSP}1.000)",
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
            value_title=f"bedrag (× €{NBSP}1.000)", value_whole=False,
            label_title="Doelstelling", missing="–"),
    }
    return _env.get_template("dashboard.html").render(
        jaar=jaar, jaren=f.jaren, gemeente=f.gemeente or ALLE, gemeenten=sorted(
            U16_GEMEENTEN.items(), key=lambda g: g[1]), alle=ALLE, naam=naam,
        per_gemeente=f.gemeente is not None, charts=charts, wait_headers=wait_headers,
        wait_rows=wait_rows, trechter=[(n, label(v)) for n, v in trechter],
        aanvragen=label(aanvragen), na_melding=label(f.aanvragen_na_melding),
        opvang_rows=[(MAANDEN[i], *(_telling(v[i]) for v in (occ, wl, uit)))
                     for i in range(12)],
        budget=budget, fmt=_fmt, termijnen=[_jaarcijfer(k, c) for k, c in f.termijnen],
        hulpmiddelen=[_hulpmiddel(kpi, q, y) for kpi, q, y in f.hulpmiddelen],
        uitgaven=_uitgaven(f.uitgaven),
        uitgaven_onderdrukt=f.uitgaven is not None and any(
            f.uitgaven[k]["onderdrukt"] for k in UITGAVEN),
        wt=None if f.wettelijke_termijnen is None
        else dashboard_termijnen.tabellen(f.wettelijke_termijnen))


Jaar = Annotated[int | None, Query(ge=2000, le=2100, description=(
    "the calendar year shown; default this year (the selector offers the years the data "
    "covers)"))]
Gemeente = Annotated[str | None, Query(
    description="the U16 municipality (CBS code) whose residents' opvang and beschermd wonen "
    f"figures, and the spend on them, are shown, or '{ALLE}' (the default: all); toegang, "
    "indicatie, the iWmo terms, the aids and the budget are gemeente Utrecht's and not split "
    "by municipality. Another value: 422.", json_schema_extra={"enum": [ALLE, *U16_GEMEENTEN]})]


async def _page(uow: UnitOfWorkDep, today: Today, jaar: Jaar = None,
                gemeente: Gemeente = None) -> HTMLResponse:
    """Public, suppressed figures only: no login (see the module docstring)."""
    return HTMLResponse(render(await figures(uow, jaar, gemeente, today)))


router.add_api_route("/dashboard", _page, methods=["GET"], include_in_schema=False,
                     response_class=HTMLResponse)
api_router.add_api_route(
    "/dashboard", _page, methods=["GET"], response_class=HTMLResponse,
    summary="The public dashboard (HTML)",
    description="The public dashboard as a Dutch HTML page with SVG charts, also served at "
    "the service's `/dashboard` without login: every figure is suppressed (counts of 1–4 "
    "read \"<5\"); under \"Wettelijke termijnen\" also klachten, bezwaar and beroep, "
    "herbeoordelingen, the dwangsom (EUR) and the step to the Wlz, suppressed as "
    "`/wettelijke-termijnen/*` gives them to a monitor viewer. Scoped to a U16 "
    "municipality (`gemeente`) only the opvang and beschermd wonen figures change "
    "(wachttijd tot opname, bezetting, wachtlijst, uitstroom), and the page adds the spend "
    "on its residents (amounts of 1–4 clients withheld); the page says which parts are not "
    "split by municipality.",
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}},
               422: {"description": "jaar outside 2000–2100 or gemeente no U16 CBS code"}})
