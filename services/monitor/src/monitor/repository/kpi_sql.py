"""SQL building blocks of the KPI queries: the periods of a year and counting over intervals.

Every query gets the parameters of :func:`params` (``:begin`` and ``:eind``, the year's first
and last day; ``:volgend_jaar``, the day after; ``:maandgrenzen``, the first days of February
to the next January) and the CTE ``p(k, periode, begin, eind, maanden, laatste, lengte)`` of
:func:`periods_cte`: one row per period (``domain/periodes.py``), ``k`` counting from 0,
``maanden`` the bit mask of its months (bit 0 = January), ``laatste`` the bit of its last
month, ``lengte`` its months.

What runs over time (casussen, deliveries, placements, a waiting list) is counted without
joining every period to every interval: an interval becomes the 12-bit mask of the months it
runs in (:class:`Spans`), rows are counted per group and mask (a few hundred distinct masks at
most), and only those counts meet the periods (:func:`per_period`). For people, the masks of
one person are OR-ed first, so someone with two casussen in a period counts once. Bijlage 3
does the same with years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.periodes import PERIODES, periods


def periods_cte(jaar: int, periode: str) -> str:
    """``p`` as literal rows, so the planner knows there are 12, 4 or 1 (values are computed
    here from an int and dates, never from user text)."""
    g = PERIODES[periode]
    rows = ", ".join(
        f"({k}, '{label}', DATE '{b.isoformat()}', DATE '{e.isoformat()}', "
        f"{((1 << g) - 1) << (k * g)}, {1 << (k * g + g - 1)}, {g})"
        for k, label, b, e in periods(jaar, periode))
    return f"p(k, periode, begin, eind, maanden, laatste, lengte) AS (VALUES {rows})"


def params(jaar: int) -> dict[str, Any]:
    return {"begin": date(jaar, 1, 1), "eind": date(jaar, 12, 31),
            "volgend_jaar": date(jaar + 1, 1, 1),
            "maandgrenzen": [date(jaar + m // 12, m % 12 + 1, 1) for m in range(1, 13)]}


@dataclass(frozen=True)
class Spans:
    """Bit masks of the spans (months of a year, or years) that an interval touches. The
    fields name SQL parameters: the first span's first day, the last span's last day, the day
    after it, and the first days of spans 1, 2, … (a date array)."""

    begin: str = ":begin"
    eind: str = ":eind"
    na: str = ":volgend_jaar"
    grenzen: str = ":maandgrenzen"
    bigint: bool = False  # for more than 31 spans

    def index(self, d: str) -> str:
        """The span of date expression ``d`` (from the first day to the day after the last;
        the day after gives the number of spans): a binary search in the first days, cheaper
        than extracting year and month."""
        return f"width_bucket({d}, CAST({self.grenzen} AS date[]))"

    def bits(self, first: str, last: str) -> str:
        """Bits ``first`` to ``last`` inclusive (``last`` may be ``first`` - 1 or less: then
        the difference is 0 or negative and the mask 0)."""
        one = "CAST(1 AS bigint)" if self.bigint else "1"
        return f"greatest(0, ({one} << ({last} + 1)) - ({one} << {first}))"

    def running(self, start: str, stop: str) -> str:
        """The spans an interval overlaps (``stop`` inclusive, NULL = open), for rows with
        ``start <= eind AND (stop IS NULL OR stop >= begin)``."""
        return self.bits(self.index(f"greatest({start}, {self.begin})"),
                         self.index(f"least(coalesce({stop}, {self.eind}), {self.eind})"))

    def present_at_end(self, start: str, stop: str) -> str:
        """The spans at whose last day an interval runs (``start`` on or before it, ``stop``
        NULL or after it), for rows with ``start <= eind AND (stop IS NULL OR stop >=
        begin)``."""
        return self.bits(self.index(f"greatest({start}, {self.begin})"),
                         self.index(f"least(coalesce({stop}, {self.na}), {self.na})") + " - 1")


MAANDEN = Spans()
months_running = MAANDEN.running
month_ends_present = MAANDEN.present_at_end


def per_period(masks: str, test: str = "maanden", per_person: bool = False) -> str:
    """Cells counting the rows of CTE ``masks(groep, maand_mask[, wie])`` per period and group:
    a row counts in a period when its mask shares a bit with the period's ``maanden`` (any
    month of it) or ``laatste`` (its last month, for "on the last day"); with ``per_person``,
    once per ``wie``."""
    source = (f"(SELECT groep, bit_or(maand_mask) AS maand_mask FROM {masks} "
              f"GROUP BY wie, groep) x" if per_person else masks)
    return (f", per_mask AS (SELECT groep, maand_mask, count(*) AS n FROM {source} "
            f"GROUP BY 1, 2) "
            f"SELECT p.periode, c.groep, sum(c.n) AS aantal, NULL::int AS teller, "
            f"sum(c.n) AS waarde FROM per_mask c JOIN p ON c.maand_mask & p.{test} <> 0 "
            f"GROUP BY 1, 2")


_PCT = "round(100.0 * sum(CASE WHEN {c} THEN 1 ELSE 0 END) / nullif(count(*), 0), 1)"


def pct(cond: str) -> str:
    return _PCT.format(c=cond)


def share(cond: str) -> str:
    """``aantal, teller, waarde`` of a percentage KPI: the rows, those meeting ``cond``, %."""
    return (f"count(*) AS aantal, sum(CASE WHEN {cond} THEN 1 ELSE 0 END) AS teller, "
            f"{pct(cond)} AS waarde")


def dated(table: str, column: str, joins: str = "", where: str = "") -> str:
    """``FROM … GROUP BY`` of a KPI over dated facts: each counts in the period of its date."""
    cond = f" AND ({where})" if where else ""
    return (f"FROM p JOIN {table} ON {column} BETWEEN p.begin AND p.eind {joins} "
            f"WHERE {column} BETWEEN :begin AND :eind{cond} GROUP BY 1, 2")


@dataclass(frozen=True)
class KpiSql:
    """How a KPI of ``domain/kpis.py`` is computed: ``sql`` follows ``WITH p AS (…)``:
    [", cte AS (…), …"] then one SELECT of periode, groep, aantal, teller, waarde per period
    and group, where ``{dim}`` stands for the group expression (a constant for the total);
    ``dimensies`` maps each dimension the KPI has to its SQL expression."""

    dimensies: dict[str, str]
    sql: str
