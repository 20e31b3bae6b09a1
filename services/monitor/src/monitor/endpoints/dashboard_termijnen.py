"""The dashboard's tables of the lawful process under "Wettelijke termijnen": klachten per
organisation, bezwaar and beroep, herbeoordelingen, the dwangsom and the step to the Wlz,
from the figures of ``service.dashboard.wettelijke_termijnen`` (already suppressed).

A hidden figure reads "<5" only where the service hides it for being 1 to 4 itself; where it
may also be hidden so that no small count follows by subtraction (the parts of a total, a
klachten row), or where it is a share or an amount, it reads "–": the page must not say
"<5" of a figure that is 5 or more."""

from __future__ import annotations

from datetime import date
from typing import Any

from wmokernel.events.klachten import KlachtBetreft
from wmokernel.regio import U16_GEMEENTEN

from ..domain.charts import getal, procent
from ..domain.suppression import label

MAANDEN_LANG = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december")

Rij = tuple[str, str]  # row header (with its unit), value


def datum(d: date) -> str:
    return f"{d.day} {MAANDEN_LANG[d.month - 1]} {d.year}"


def klein(n: int | None) -> str:
    """A count hidden only when it is 1 to 4 itself."""
    return label(n)


def verborgen(n: float | None) -> str:
    """A count that may be hidden to protect another, a share's parts: "–" when hidden."""
    return "–" if n is None else getal(n)


def pct(v: float | None) -> str:
    return "–" if v is None else procent(v)


def euro(cents: int | None) -> str:
    """Whole euros without decimals (the dwangsom's amounts are), else with cents."""
    if cents is None:
        return "–"
    return getal(cents / 100, 0 if cents % 100 == 0 else 2)


def _organisatie(betreft: str, code: str) -> str:
    if betreft == KlachtBetreft.GEMEENTE:
        return f"Gemeente {U16_GEMEENTEN.get(code, code)}"
    if betreft == KlachtBetreft.BUURTTEAM:
        return f"Buurtteam {code}"
    return f"Aanbieder (AGB {code})"


def _klachten(body: dict[str, Any]) -> list[dict[str, str]]:
    return [{"organisatie": _organisatie(r["betreft"], r["organisatieCode"]),
             "ontvangen": verborgen(r["ontvangen"]), "afgehandeld": verborgen(r["afgehandeld"]),
             "tijdig": verborgen(r["tijdig"]), "aandeel": pct(r["aandeelTijdig"]),
             "open": verborgen(r["openTermijnVerstreken"])} for r in body["organisaties"]]


def _bezwaar(b: dict[str, Any], peil: str) -> list[Rij]:
    return [
        ("Bezwaren ontvangen (aantal)", klein(b["ontvangen"])),
        ("Bezwaren beslist (aantal)", klein(b["beslist"])),
        ("Bezwaren beslist binnen de geldende termijn (aantal)",
         verborgen(b["beslist_binnen_termijn"])),
        ("Bezwaren beslist binnen de geldende termijn (%)",
         pct(b["percentage_binnen_termijn"])),
        ("Beslissing op bezwaar verdaagd (aantal)", klein(b["verdaagd"])),
        ("Beslissing op bezwaar uitgesteld met instemming (aantal)",
         klein(b["uitstel_met_instemming"])),
        (f"Bezwaren open na de termijn op {peil} (aantal)", klein(b["open_na_termijn"])),
    ]


def _beroep(b: dict[str, Any]) -> list[Rij]:
    return [
        ("Beroepen ingesteld (aantal)", klein(b["ingesteld"])),
        ("Beroepen ingesteld na de beroepstermijn (aantal)", klein(b["ingesteld_na_termijn"])),
        ("Uitspraken van de rechtbank (aantal)", klein(b["uitspraken"])),
        ("Uitspraken beroep gegrond (aantal)", klein(b["uitkomsten"]["gegrond"])),
        ("Beroep gegrond, gevolgd door een nieuwe beschikking (aantal)",
         klein(b["gegrond_gevolgd_door_nieuwe_beschikking"])),
    ]


def _herbeoordelingen(h: dict[str, Any], peil: str) -> list[Rij]:
    return [
        ("Herbeoordelingen met hun datum in het jaar (aantal)", klein(h["te_beoordelen"])),
        ("Herbeoordeling op tijd beslist (aantal)", verborgen(h["op_tijd"])),
        ("Herbeoordeling te laat beslist (aantal)", verborgen(h["te_laat"])),
        ("Herbeoordeling verlopen zonder besluit (aantal)",
         verborgen(h["verlopen_zonder_besluit"])),
        ("Herbeoordeling vervallen (aantal)", verborgen(h["vervallen"])),
        (f"Herbeoordeling open en over de datum op {peil} (aantal)",
         klein(h["open_achterstallig"])),
        ("Herbeoordeling op tijd beslist, van de afgelopen (%)", pct(h["aandeel_op_tijd"])),
    ]


def _dwangsom(d: dict[str, Any], peil: str) -> list[tuple[str, str, str]]:
    lopend, vast, prognose = d["lopend"], d["vast_te_stellen"], d["prognose"]
    return [
        (f"Lopende dwangsommen: verschuldigd op {peil}", klein(lopend["aantal"]),
         euro(lopend["verschuldigd_cents"])),
        ("Lopende dwangsommen: nog bij te komen tot het maximum", klein(lopend["aantal"]),
         euro(lopend["nog_mogelijk_cents"])),
        ("Beëindigd, nog niet vastgesteld", klein(vast["aantal"]),
         euro(vast["verschuldigd_cents"])),
        (f"Vastgesteld in {d['vastgesteld']['jaar']} tot en met {peil}",
         klein(d["vastgesteld"]["aantal"]), euro(d["vastgesteld"]["bedrag_cents"])),
        ("Prognose: open aanvragen over de beslistermijn, nog zonder ingebrekestelling "
         "(maximaal)", klein(prognose["aanvragen_termijn_verstreken"]),
         euro(prognose["maximaal_cents"])),
    ]


def _wlz(w: dict[str, Any]) -> list[Rij]:
    return [
        ("Wlz-signalen van buurtteams (aantal)", klein(w["signalen"])),
        ("Wlz-aanvragen bij het CIZ (aantal)", klein(w["ciz_aanvragen"])),
        ("Besluiten van het CIZ (aantal)", klein(w["besloten"])),
        ("Wlz toegekend (aantal)", verborgen(w["toegekend"])),
        ("Wlz afgewezen (aantal)", verborgen(w["afgewezen"])),
        ("Wlz toegekend, Wmo aansluitend beëindigd zonder gat (aantal)",
         verborgen(w["aansluitend"])),
        ("Wlz toegekend, met een gat of overlap met de Wmo (aantal)",
         verborgen(w["niet_aansluitend"])),
    ]


def tabellen(w: dict[str, Any]) -> dict[str, Any]:
    """The tables' rows, the peildatum and the maximum dwangsom, as the template shows them."""
    peil = datum(w["peildatum"])
    return {
        "peildatum": peil,
        "klachten": _klachten(w["klachten"]),
        "bezwaar": _bezwaar(w["bezwaar"]["bezwaren"], peil),
        "beroep": _beroep(w["bezwaar"]["beroepen"]),
        "herbeoordelingen": _herbeoordelingen(w["herbeoordelingen"], peil),
        "dwangsom": _dwangsom(w["dwangsom"], peil),
        "dwangsom_maximum": euro(w["dwangsom"]["maximum_per_ingebrekestelling_cents"]),
        "wlz": _wlz(w["wlz"]),
    }
