"""The beschikking as a readable document for the resident, in HTML and PDF. Pure rendering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from .pdf import Line, render_pdf

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
EENHEDEN = {"01": "minuten", "04": "uur", "14": "etmalen", "16": "dagdelen (4 uur)",
            "82": "stuks", "83": "euro", "84": "stuks"}
FREQUENTIES = {"1": "per dag", "2": "per week", "4": "per maand",
               "6": "in totaal in de looptijd"}
BESLUITEN = {"toegekend": "Wij kennen uw aanvraag toe.",
             "deels": "Wij kennen uw aanvraag gedeeltelijk toe.",
             "afgewezen": "Wij wijzen uw aanvraag af."}
LEVERINGSVORMEN = {"zin": "zorg in natura (via een gecontracteerde aanbieder)",
                   "pgb": "persoonsgebonden budget (pgb)"}


def datum(d: date | None) -> str:
    return "—" if d is None else f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def euro(cents: int) -> str:
    return f"€ {cents // 100},{cents % 100:02d}"


@dataclass(frozen=True)
class ProductRegelView:
    naam: str
    code: str
    productcategorie: str
    volume: int
    eenheid: str
    frequentie: str
    leveringsvorm: str
    ingangsdatum: date
    einddatum: date | None
    aanbieder: str | None


@dataclass(frozen=True)
class BeschikkingView:
    kenmerk: str
    client_id: str
    ontvangen_op: date
    afgegeven_op: date | None
    besluit: str
    motivering: str
    producten: Sequence[ProductRegelView]
    eigen_bijdrage_cents: int
    bezwaar_uiterlijk: date | None
    concept: bool


def _regels(p: ProductRegelView) -> list[tuple[str, str]]:
    out = [("Product", f"{p.naam} ({p.code}, categorie {p.productcategorie})"),
           ("Omvang", f"{p.volume} {EENHEDEN.get(p.eenheid, p.eenheid)} "
                      f"{FREQUENTIES.get(p.frequentie, p.frequentie)}"),
           ("Leveringsvorm", LEVERINGSVORMEN.get(p.leveringsvorm, p.leveringsvorm)),
           ("Ingangsdatum", datum(p.ingangsdatum)),
           ("Einddatum", datum(p.einddatum) if p.einddatum else "geen (tot herbeoordeling)")]
    if p.aanbieder:
        out.append(("Aanbieder", p.aanbieder))
    return out


def _bijdrage_tekst(v: BeschikkingView) -> str:
    if v.eigen_bijdrage_cents:
        return (f"U betaalt een eigen bijdrage van {euro(v.eigen_bijdrage_cents)} per maand per "
                "huishouden (het abonnementstarief). Het CAK stuurt u hiervoor de rekening.")
    return "U betaalt voor deze beslissing geen eigen bijdrage."


def _bezwaar_tekst(v: BeschikkingView) -> str:
    return ("Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. Uw bezwaarschrift "
            f"moet uiterlijk {datum(v.bezwaar_uiterlijk)} bij ons binnen zijn (zes weken na de "
            "dag waarop dit besluit is verzonden).")


def render_html(v: BeschikkingView) -> str:
    producten = Markup("").join(
        Markup("<section class=\"product\"><dl>{}</dl></section>").format(
            Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, w) for k, w in _regels(p)))
        for p in v.producten)
    concept = Markup("<p class=\"concept\"><strong>CONCEPT — nog niet afgegeven</strong></p>"
                     ) if v.concept else Markup("")
    html = Markup("""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Beschikking Wmo {kenmerk}</title>
<style>body{{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.5}}
dt{{font-weight:bold}}section.product{{border-top:1px solid #ccc}}</style></head>
<body><header><p>Gemeente Utrecht — Wet maatschappelijke ondersteuning 2015</p>
<h1>Beschikking</h1>{concept}
<p>Kenmerk: {kenmerk}<br>Cliënt: {client}<br>Datum aanvraag: {ontvangen}<br>
Datum besluit: {afgegeven}</p></header>
<h2>Ons besluit</h2><p>{besluit}</p>
<h2>Waarom wij zo besluiten</h2><p>{motivering}</p>
<h2>Wat u krijgt</h2>{producten}
<h2>Eigen bijdrage</h2><p>{bijdrage}</p>
<h2>Bezwaar maken</h2><p>{bezwaar}</p>
</body></html>
""").format(kenmerk=v.kenmerk, concept=concept, client=v.client_id,
            ontvangen=datum(v.ontvangen_op), afgegeven=datum(v.afgegeven_op),
            besluit=BESLUITEN.get(v.besluit, v.besluit), motivering=escape(v.motivering),
            producten=producten or Markup("<p>Geen voorzieningen.</p>"),
            bijdrage=_bijdrage_tekst(v), bezwaar=_bezwaar_tekst(v))
    return str(html)


def render_beschikking_pdf(v: BeschikkingView) -> bytes:
    lines = [Line("Gemeente Utrecht - Wet maatschappelijke ondersteuning 2015", 9),
             Line("Beschikking", 18, bold=True)]
    if v.concept:
        lines.append(Line("CONCEPT - nog niet afgegeven", 12, bold=True))
    lines += [Line(f"Kenmerk: {v.kenmerk}"), Line(f"Cliënt: {v.client_id}"),
              Line(f"Datum aanvraag: {datum(v.ontvangen_op)}"),
              Line(f"Datum besluit: {datum(v.afgegeven_op)}"), Line(""),
              Line("Ons besluit", 13, bold=True), Line(BESLUITEN.get(v.besluit, v.besluit)),
              Line(""), Line("Waarom wij zo besluiten", 13, bold=True), Line(v.motivering),
              Line(""), Line("Wat u krijgt", 13, bold=True)]
    if not v.producten:
        lines.append(Line("Geen voorzieningen."))
    for p in v.producten:
        lines += [Line(f"{k}: {w}") for k, w in _regels(p)] + [Line("")]
    lines += [Line("Eigen bijdrage", 13, bold=True), Line(_bijdrage_tekst(v)), Line(""),
              Line("Bezwaar maken", 13, bold=True), Line(_bezwaar_tekst(v))]
    return render_pdf(lines, title=f"Beschikking {v.kenmerk}")
