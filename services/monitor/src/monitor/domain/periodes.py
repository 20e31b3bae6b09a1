"""The periods a KPI is reported in: the months, quarters or the whole of a year."""

from __future__ import annotations

from datetime import date, timedelta

PERIODES = {"maand": 1, "kwartaal": 3, "jaar": 12}  # months per period


def _label(begin: date, months: int) -> str:
    if months == 1:
        return f"{begin.year}-{begin.month:02d}"
    if months == 3:
        return f"{begin.year}-Q{(begin.month - 1) // 3 + 1}"
    return str(begin.year)


def periods(jaar: int, periode: str) -> list[tuple[int, str, date, date]]:
    """(index, label, first day, last day) of every period of ``jaar``."""
    months = PERIODES[periode]
    out = []
    for k, month in enumerate(range(1, 13, months)):
        begin = date(jaar, month, 1)
        after = date(jaar + 1, 1, 1) if month + months > 12 else date(jaar, month + months, 1)
        out.append((k, _label(begin, months), begin, after - timedelta(days=1)))
    return out
