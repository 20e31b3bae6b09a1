"""Budget view: the budget per doelstelling I–V and the taakstelling (reference data,
× €1,000, ../shared/domain/DOMAIN.md §6), and per voorziening (WMO020 product category)
committed, realised and paid spend, with a forecast per doelstelling.

- committed: per granted product, tarief × volume × the number of its frequentie periods
  (per dag, week, maand) that fall inside the year (einddatum open = to the year's end); a
  volume "totaal binnen geldigheidsduur" counts once, in the year of its ingangsdatum.
  Categories 01–14 fall under doelstelling IV, 15–18 (BW, opvang) under V.
- realised: the sum of the approved prestaties (debet minus credit) whose care period began
  in the year, whenever they were declared (null while the year has none).
- paid: the net amount of the year's care in the payment batches the bank executed (null
  while none is paid).
- forecast: realised spend of the care up to the peildatum (or, without declaraties,
  committed spend to the peildatum) extrapolated linearly to the year's end: to-date × days in
  year / days elapsed.

Per voorziening the amounts rest on few clients at times; for a suppressed reader a category
with 1–4 clients is withheld, and so many more of its doelstelling (the smallest first) that
the withheld ones cannot be told apart by subtracting from the doelstelling's total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .reference import PRODUCTCATEGORIEEN
from .suppression import THRESHOLD, is_small

# the doelstellingen whose spend is granted per product category (I–III are algemene
# voorzieningen: no beschikkingen, no declaraties)
MET_CATEGORIEEN = ("IV", "V")


@dataclass(frozen=True)
class Begroting:
    """The budget of one doelstelling (× €1,000)."""

    doelstelling: str
    omschrijving: str
    bedrag_k: float


@dataclass(frozen=True)
class Uitgaven:
    """What the read models hold for a year, per product category, in cents. ``realised`` and
    ``paid`` are None while the year has no approved prestatie or paid batch at all."""

    committed: Mapping[str, float]
    committed_to_date: Mapping[str, float]  # only categories of which something began by then
    realised: Mapping[str, int] | None
    realised_to_date: Mapping[str, int]  # care that began on or before the peildatum
    paid: Mapping[str, int] | None
    clienten: Mapping[str, int]  # distinct clients with a product or prestatie in the year


def doelstelling(productcategorie: str) -> str:
    """The doelstelling a WMO020 category is budgeted under: 15–18 V, the rest IV."""
    return "V" if productcategorie >= "15" else "IV"


def _k(cents: float | None) -> float | None:
    return None if cents is None else round(float(cents) / 100_000, 1)


def peildatum_in(jaar: int, peildatum: date) -> date:
    """The forecast's reference day, kept within the year."""
    return min(max(peildatum, date(jaar, 1, 1)), date(jaar, 12, 31))


def _sum(values: Mapping[str, float], cats: list[str]) -> float | None:
    present = [values[c] for c in cats if c in values]
    return sum(present) if present else None


def withheld(clienten: Mapping[str, int], categorieen: list[str]) -> tuple[set[str], set[str]]:
    """The categories whose amounts a suppressed reader does not see, and the doelstellingen
    whose totals must go too: a category with 1–4 clients, then per doelstelling the smallest
    visible ones until the withheld ones hold at least 5 clients together (or none is left:
    then the doelstelling's total would show them, so it goes)."""
    hidden = {c for c in categorieen if is_small(clienten.get(c, 0))}
    totals_hidden: set[str] = set()
    for doel in MET_CATEGORIEEN:
        mine = sorted((c for c in categorieen if doelstelling(c) == doel),
                      key=lambda c: (clienten.get(c, 0), c))
        while 0 < sum(clienten.get(c, 0) for c in mine if c in hidden) < THRESHOLD:
            visible = [c for c in mine if c not in hidden]
            if not visible:
                totals_hidden.add(doel)
                break
            hidden.add(visible[0])
    return hidden, totals_hidden


def overzicht(jaar: int, peil: date, begroting: list[Begroting], u: Uitgaven,
              taakstelling: tuple[float, float] | None, suppressed: bool = False
              ) -> dict[str, Any]:
    """The budget view: per doelstelling its budget, committed, realised and paid spend and the
    forecast, and per product category its committed, realised and paid spend (amounts in
    cents from the read models, shown × €1,000 and, for realised and paid, in cents too)."""
    begin, end = date(jaar, 1, 1), date(jaar, 12, 31)
    fraction = ((peil - begin).days + 1) / ((end - begin).days + 1)
    categorieen = sorted(set(u.committed) | set(u.realised or {}) | set(u.paid or {}))
    hidden, totals_hidden = (withheld(u.clienten, categorieen) if suppressed
                             else (set(), set()))
    regels = []
    for r in begroting:
        cats = [c for c in categorieen if doelstelling(c) == r.doelstelling]
        # a doelstelling without any granted, declared or paid category shows nothing
        has = bool(cats) and r.doelstelling not in totals_hidden
        realised = (None if u.realised is None or not has
                    else int(sum(u.realised.get(c, 0) for c in cats)))
        paid = None if u.paid is None or not has else int(sum(u.paid.get(c, 0) for c in cats))
        basis = (_sum(u.committed_to_date, cats) if u.realised is None
                 else float(sum(u.realised_to_date.get(c, 0) for c in cats)))
        regels.append({
            "doelstelling": r.doelstelling, "omschrijving": r.omschrijving,
            "begrotingK": r.bedrag_k,
            "gecommitteerdK": _k(_sum(u.committed, cats)) if has else None,
            "gerealiseerdK": _k(realised), "gerealiseerdCents": realised,
            "betaaldK": _k(paid), "betaaldCents": paid,
            "prognoseK": None if basis is None or not has else _k(basis / fraction),
        })
    voorzieningen = []
    for c in categorieen:
        weg = c in hidden
        realised = None if u.realised is None or weg else u.realised.get(c, 0)
        paid = None if u.paid is None or weg else u.paid.get(c, 0)
        n = u.clienten.get(c, 0)
        voorzieningen.append({
            "productcategorie": c, "omschrijving": PRODUCTCATEGORIEEN.get(c, f"Categorie {c}"),
            "doelstelling": doelstelling(c),
            "clienten": None if suppressed and is_small(n) else n, "onderdrukt": weg,
            "gecommitteerdK": None if weg else _k(u.committed.get(c)),
            "gerealiseerdK": _k(realised), "gerealiseerdCents": realised,
            "betaaldK": _k(paid), "betaaldCents": paid,
        })
    return {
        "jaar": jaar, "peildatum": peil.isoformat(),
        "prognoseBasis": "gecommitteerd" if u.realised is None else "gerealiseerd",
        "regels": regels, "voorzieningen": voorzieningen,
        "taakstellingWmoK": None if taakstelling is None else taakstelling[0],
        "taakstellingTotaalK": None if taakstelling is None else taakstelling[1],
    }
