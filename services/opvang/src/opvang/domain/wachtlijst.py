"""Wachtlijst arithmetic: priority, wait against the norm, average number waiting (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .vormen import norm_dagen

PRIORITEITEN = ("crisis", "urgent", "regulier")


def prioriteit(*, crisis: bool, urgent: bool) -> str:
    return "crisis" if crisis else "urgent" if urgent else "regulier"


def prioriteit_rang(naam: str) -> int:
    return PRIORITEITEN.index(naam)


@dataclass(frozen=True, slots=True)
class Wachttijd:
    wachtdagen: int
    norm_dagen: int

    @property
    def over_norm(self) -> bool:
        return self.wachtdagen > self.norm_dagen


def wachttijd(vorm: str, verwezen_op: date, peildatum: date) -> Wachttijd:
    """Days from verwijzing to ``peildatum`` (the opname, or today while waiting)."""
    return Wachttijd(max(0, (peildatum - verwezen_op).days), norm_dagen(vorm))


@dataclass(frozen=True, slots=True)
class Wachtperiode:
    """One aanmelding's time on the wachtlijst: [van, tot), ``tot`` None while still waiting."""

    vorm: str
    van: date
    tot: date | None


def maandgemiddelden(perioden: Iterable[Wachtperiode], jaar: int,
                     vandaag: date) -> dict[str, list[float | None]]:
    """Average number waiting per month and form: the mean over the month's days of the number
    waiting that day. Months after ``vandaag`` are None; the current month counts up to today."""
    start_jaar, eind_jaar = date(jaar, 1, 1), date(jaar + 1, 1, 1)
    laatste = min(eind_jaar, vandaag + timedelta(days=1))  # exclusive
    dagen: dict[str, list[int]] = defaultdict(lambda: [0] * 12)
    for p in perioden:
        van = max(p.van, start_jaar)
        tot = min(p.tot or laatste, laatste)
        maand = van.month
        while van < tot:
            maand_eind = date(jaar + (maand == 12), maand % 12 + 1, 1)
            stuk_eind = min(tot, maand_eind)
            dagen[p.vorm][maand - 1] += (stuk_eind - van).days
            van, maand = stuk_eind, maand + 1
    uit: dict[str, list[float | None]] = {}
    for vorm, per_maand in dagen.items():
        rij: list[float | None] = []
        for m in range(1, 13):
            begin = date(jaar, m, 1)
            if begin >= laatste:
                rij.append(None)
                continue
            eind = min(date(jaar + (m == 12), m % 12 + 1, 1), laatste)
            rij.append(round(per_maand[m - 1] / (eind - begin).days, 2))
        uit[vorm] = rij
    return uit


__all__ = ["PRIORITEITEN", "Wachtperiode", "Wachttijd", "maandgemiddelden",
           "prioriteit", "prioriteit_rang", "wachttijd"]
