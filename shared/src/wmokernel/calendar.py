"""Dutch legal calendar: Algemene termijnenwet feestdagen, werkdagen and Awb terms.

Pure functions, no I/O. The feestdagen of art. 3 Algemene termijnenwet are derived
from the ``holidays`` library, which lists more days (Good Friday, Easter Sunday,
Whit Sunday) and fewer (Liberation Day only every fifth year) than the Act.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

__all__ = [
    "OutsideCalendar",
    "add_werkdagen",
    "extend_to_werkdag",
    "feestdag_name",
    "feestdagen",
    "is_feestdag",
    "is_werkdag",
    "term_end",
    "werkdagen_between",
]

# Names as the library emits them with language="en_US" (pinned: without an explicit
# language the library returns its untranslated English names, whatever default_language
# claims). Anything not in this map (Good Friday, Easter Sunday, Pentecost) is dropped.
_ATW_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "New Year's Day": "Nieuwjaarsdag",
        "Easter Monday": "Tweede Paasdag",
        "Ascension Day": "Hemelvaartsdag",
        "Pentecost Monday": "Tweede Pinksterdag",
        "Christmas Day": "Eerste Kerstdag",
        "Second Day of Christmas": "Tweede Kerstdag",
        "King's Day": "Koningsdag",
        "Queen's Day": "Koninginnedag",
    }
)
_LIBERATION_DAY = "Bevrijdingsdag"
# Every year must yield these; a missing one means the library renamed a holiday and
# silently dropping it would make term calculations wrong.
_REQUIRED = frozenset(
    {
        "Nieuwjaarsdag",
        "Tweede Paasdag",
        "Hemelvaartsdag",
        "Tweede Pinksterdag",
        "Eerste Kerstdag",
        "Tweede Kerstdag",
    }
)


class OutsideCalendar(ValueError):
    """A date in a year the feestdagen are not known for: a term from it cannot be computed,
    so the date is refused (the API answers 422 with the range)."""

    def __init__(self, year: int, start: int | None, end: int | None) -> None:
        super().__init__(f"no Dutch holiday data for year {year}: the legal calendar covers "
                         f"{start}-{end}")
        self.year, self.start, self.end = year, start, end


@lru_cache(maxsize=256)
def feestdagen(year: int) -> Mapping[date, str]:
    """The algemeen erkende feestdagen (art. 3 Algemene termijnenwet) of ``year``.

    Maps each date to its Dutch name; days on which two feestdagen coincide get both
    names joined with " en ". Raises ValueError for years the library does not cover.
    """
    source = holidays.country_holidays("NL", years=year, language="en_US")
    start = getattr(source, "start_year", None)
    end = getattr(source, "end_year", None)
    if (start is not None and year < start) or (end is not None and year > end):
        raise OutsideCalendar(year, start, end)

    names: dict[date, list[str]] = {}
    for day in sorted(source):
        for name in source.get_list(day):
            if name in _ATW_NAMES:
                names.setdefault(day, []).append(_ATW_NAMES[name])
    names.setdefault(date(year, 5, 5), []).append(_LIBERATION_DAY)

    found = {n for day_names in names.values() for n in day_names}
    missing = _REQUIRED - found
    if missing or not found & {"Koningsdag", "Koninginnedag"}:
        raise RuntimeError(
            f"holidays library did not yield expected feestdagen for {year}: "
            f"missing {sorted(missing) or ['Koningsdag']}"
        )
    return MappingProxyType({day: " en ".join(n) for day, n in sorted(names.items())})


def feestdag_name(d: date) -> str | None:
    """Dutch name of the feestdag on ``d``, or None when ``d`` is not one."""
    return feestdagen(d.year).get(d)


def is_feestdag(d: date) -> bool:
    return d in feestdagen(d.year)


def is_werkdag(d: date) -> bool:
    """True when ``d`` is not a Saturday, Sunday or feestdag."""
    return d.weekday() < 5 and not is_feestdag(d)


def add_werkdagen(start: date, n: int) -> date:
    """The ``n``-th werkdag after ``start`` (``start`` itself is not counted)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    d = start
    while n > 0:
        d += timedelta(days=1)
        if is_werkdag(d):
            n -= 1
    return d


def werkdagen_between(start: date, end: date) -> int:
    """Number of werkdagen d with start < d <= end (0 when end <= start)."""
    count = 0
    d = start + timedelta(days=1)
    while d <= end:
        if is_werkdag(d):
            count += 1
        d += timedelta(days=1)
    return count


def extend_to_werkdag(d: date) -> date:
    """Art. 1 Algemene termijnenwet: a term ending on a Sat/Sun/feestdag moves to the
    next day that is none of these."""
    while not is_werkdag(d):
        d += timedelta(days=1)
    return d


def _add_months(d: date, months: int) -> date:
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    last_day = (first_of_next - timedelta(days=1)).day
    return date(year, month, min(d.day, last_day))


def term_end(event: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """Last day of an Awb term that starts running the day after ``event``.

    Months are applied first (same day number, clamped to the month's last day),
    then weeks and days. The result is extended per art. 1 and art. 2 of the
    Algemene termijnenwet.
    """
    if days < 0 or weeks < 0 or months < 0:
        raise ValueError("term components must be >= 0")
    if days == weeks == months == 0:
        raise ValueError("term must have a positive length")

    nominal = _add_months(event, months) + timedelta(days=days + 7 * weeks)
    end = extend_to_werkdag(nominal)
    # Art. 2: a term of at least three days must contain two non-Sat/Sun/feestdag days.
    # Since ``end`` is already a werkdag, moving to the next werkdag until two are
    # included is the same as extending day by day and re-applying art. 1.
    if (nominal - event).days >= 3:
        while werkdagen_between(event, end) < 2:
            end = add_werkdagen(end, 1)
    return end
