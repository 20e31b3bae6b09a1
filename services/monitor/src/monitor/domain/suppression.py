"""Small-number suppression: every aggregate that leaves the service (the public dashboard,
role ``monitor-viewer``, every export) hides counts of 1 to 4 so that no person can be
recognised, and withholds figures derived from a hidden count.

One pure function, :func:`suppress_cell`, is used everywhere; the gemeente's own back office
(role ``gemeente``, the controller) may see exact figures in the authenticated API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

THRESHOLD = 5
COUNT_FIELDS = ("aantal", "teller")
DERIVED_FIELDS = ("waarde",)


def is_small(n: int | None) -> bool:
    """A count from 1 to 4 (0 is no person and stays visible)."""
    return n is not None and 0 < n < THRESHOLD


def suppress_count(n: int | None) -> int | None:
    return None if is_small(n) else n


def suppress_cell(cell: Mapping[str, Any]) -> dict[str, Any]:
    """Hide small counts in a cell; withhold its derived figure when any count under it is
    hidden, or when the complement ``aantal - teller`` is small (it would give the hidden
    part away by subtraction). Keys other than counts and derived figures pass unchanged."""
    out = dict(cell)
    aantal, teller = cell.get("aantal"), cell.get("teller")
    hidden = any(is_small(cell.get(f)) for f in COUNT_FIELDS)
    if aantal is not None and teller is not None and is_small(aantal - teller):
        hidden = True
        out["teller"] = None
    for f in COUNT_FIELDS:
        if f in out:
            out[f] = suppress_count(out[f])
    if hidden:
        for f in DERIVED_FIELDS:
            if f in out:
                out[f] = None
    return out


def suppress_cells(cells: list[dict[str, Any]], apply: bool = True) -> list[dict[str, Any]]:
    return [suppress_cell(c) for c in cells] if apply else [dict(c) for c in cells]


def label(n: int | None, suppressed_marker: str = "<5") -> str:
    """How a (possibly hidden) count reads in a public table or CSV."""
    return suppressed_marker if n is None else f"{n:,}".replace(",", ".")


def suppress_doorlooptijden(figures: dict[str, Any]) -> dict[str, Any]:
    """The chain's counts and lead times for a suppressed reader: small counts hidden, and
    the averages and the share over them withheld."""
    out = dict(figures)
    small = {k for k in ("meldingen", "aanvragen", "beschikkingen") if is_small(out[k])}
    for k in ("meldingen", "aanvragen", "beschikkingen"):
        out[k] = suppress_count(out[k])
    if small & {"aanvragen", "meldingen"}:
        out["gemiddeldeDagenMeldingTotAanvraag"] = None
    if small:
        for k in ("gemiddeldeDagenAanvraagTotBeschikking",
                  "gemiddeldeDagenMeldingTotBeschikking", "aandeelBeschikkingenBinnenTermijn"):
            out[k] = None
    return out


def suppress_report(report: dict[str, Any]) -> dict[str, Any]:
    """The Bijlage 3 report with every cell suppressed (changed in place, and returned)."""
    for tabel in report["tabellen"]:
        for rij in tabel["rijen"]:
            rij["cellen"] = {y: suppress_cell(c) for y, c in rij["cellen"].items()}
    return report
