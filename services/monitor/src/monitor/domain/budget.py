"""Budget view: the budget per doelstelling I–V and the taakstelling (reference data,
× €1,000, ../shared/domain/DOMAIN.md §6), committed spend from beschikkingen, realised spend
from declaraties, a forecast.

- committed: per granted product, tarief × volume × the number of its frequentie periods
  (per dag, week, maand) that fall inside the year (einddatum open = to the year's end); a
  volume "totaal binnen geldigheidsduur" counts once, in the year of its ingangsdatum.
  Categories 01–14 fall under doelstelling IV, 15–18 (BW, opvang) under V.
- realised: the sum of declaraties dated in the year (null while none exist).
- forecast: realised spend to the peildatum (or, without declaraties, committed spend to the
  peildatum) extrapolated linearly to the year's end: to-date × days in year / days elapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Begroting:
    """The budget of one doelstelling (× €1,000)."""

    doelstelling: str
    omschrijving: str
    bedrag_k: float


def _k(cents: float | None) -> float | None:
    return None if cents is None else round(float(cents) / 100_000, 1)


def peildatum_in(jaar: int, peildatum: date) -> date:
    """The forecast's reference day, kept within the year."""
    return min(max(peildatum, date(jaar, 1, 1)), date(jaar, 12, 31))


def overzicht(jaar: int, peil: date, begroting: list[Begroting], committed: dict[str, float],
              committed_to_date: dict[str, float], realised: dict[str, float] | None,
              taakstelling: tuple[float, float] | None) -> dict[str, Any]:
    """The budget view: per doelstelling its budget, committed and realised spend and the
    forecast (``realised`` None: no declaraties yet; amounts in cents, shown × €1,000)."""
    begin, end = date(jaar, 1, 1), date(jaar, 12, 31)
    fraction = ((peil - begin).days + 1) / ((end - begin).days + 1)
    regels = []
    for r in begroting:
        basis = committed_to_date.get(r.doelstelling) if realised is None else \
            realised.get(r.doelstelling)
        regels.append({
            "doelstelling": r.doelstelling, "omschrijving": r.omschrijving,
            "begrotingK": r.bedrag_k,
            "gecommitteerdK": _k(committed.get(r.doelstelling)),
            "gerealiseerdK": None if realised is None else _k(realised.get(r.doelstelling)),
            "prognoseK": None if basis is None else _k(basis / fraction),
        })
    return {
        "jaar": jaar, "peildatum": peil.isoformat(),
        "prognoseBasis": "gecommitteerd" if realised is None else "gerealiseerd",
        "regels": regels,
        "taakstellingWmoK": None if taakstelling is None else taakstelling[0],
        "taakstellingTotaalK": None if taakstelling is None else taakstelling[1],
    }
