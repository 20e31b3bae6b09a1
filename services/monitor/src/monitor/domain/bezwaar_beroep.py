"""The bezwaar and beroep compliance figures of a year, from the counts the read models give:
the day "open past its term" is judged on, the share decided on time, and small-number
suppression for readers other than the gemeente. Pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wmokernel.events.indicatie import BeroepUitspraak, BezwaarUitkomst

from .suppression import suppress_cell, suppress_count


def peildatum(jaar: int, vandaag: date) -> date | None:
    """The day open bezwaren are judged on: today in the current year, the last day of a past
    year; None for a year not begun (nothing is open in it yet)."""
    if jaar > vandaag.year:
        return None
    return min(vandaag, date(jaar, 12, 31))


@dataclass
class Tellingen:
    """What the read models count for one year."""

    ontvangen: int = 0
    door_gemachtigde: int = 0
    besluiten: dict[str, tuple[int, int]] = field(default_factory=dict)  # uitkomst → (n, tijdig)
    verdagingen: dict[str, int] = field(default_factory=dict)  # soort → bezwaren
    open_na_termijn: int = 0
    beroepen: int = 0
    beroepen_na_termijn: int = 0
    uitspraken: dict[str, tuple[int, int]] = field(default_factory=dict)  # → (n, gevolgd)


def _pct(teller: int, noemer: int) -> float | None:
    return round(100.0 * teller / noemer, 1) if noemer else None


def cijfers(jaar: int, peil: date | None, t: Tellingen, exact: bool) -> dict[str, Any]:
    """The figures as the API gives them. A withdrawn bezwaar needed no decision: it counts
    among the outcomes, not among the decisions judged against their term."""
    besluiten = {u.value: t.besluiten.get(u.value, (0, 0)) for u in BezwaarUitkomst}
    beslist = sum(n for u, (n, _) in besluiten.items() if u != BezwaarUitkomst.INGETROKKEN)
    tijdig = sum(k for u, (_, k) in besluiten.items() if u != BezwaarUitkomst.INGETROKKEN)
    uitspraken = {u.value: t.uitspraken.get(u.value, (0, 0)) for u in BeroepUitspraak}
    gevolgd = uitspraken[BeroepUitspraak.GEGROND.value][1]

    def n(x: int) -> int | None:
        return x if exact else suppress_count(x)

    share = {"aantal": beslist, "teller": tijdig, "waarde": _pct(tijdig, beslist)}
    if not exact:
        share = suppress_cell(share)
    return {
        "jaar": jaar, "peildatum": peil, "onderdrukt": not exact,
        "bezwaren": {
            "ontvangen": n(t.ontvangen), "door_gemachtigde": n(t.door_gemachtigde),
            "beslist": share["aantal"], "beslist_binnen_termijn": share["teller"],
            "percentage_binnen_termijn": share["waarde"],
            "verdaagd": n(t.verdagingen.get("verdaging", 0)),
            "uitstel_met_instemming": n(t.verdagingen.get("uitstel-met-instemming", 0)),
            "open_na_termijn": n(t.open_na_termijn) if peil is not None else 0,
            "uitkomsten": {u.replace("-", "_"): n(c) for u, (c, _) in besluiten.items()},
        },
        "beroepen": {
            "ingesteld": n(t.beroepen), "ingesteld_na_termijn": n(t.beroepen_na_termijn),
            "uitspraken": n(sum(c for c, _ in uitspraken.values())),
            "uitkomsten": {u.replace("-", "_"): n(c) for u, (c, _) in uitspraken.items()},
            "gegrond_gevolgd_door_nieuwe_beschikking": n(gevolgd),
        },
    }
