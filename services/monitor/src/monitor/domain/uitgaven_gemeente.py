"""Spend per municipality of residence: the committed, realised and paid spend of the budget
view (``domain/budget.py``) split by the municipality its clients live in, so a U16
municipality reads what Utrecht spent on its residents.

A client's municipality is the latest one an event named for it (toegang: a melding's events
name it, absent means Utrecht; opvang: an aanmelding's events, absent means not known), by the
event's time, the event id breaking a tie: any order and any duplicate give the same answer.
It is joined to the spend when asked, so a municipality that becomes known after the
declaratie still counts. A client of whom no event named a municipality counts as
``onbekend``: not Utrecht, not guessed.

Suppression (``domain/suppression.py``): an amount that belongs to 1–4 clients is withheld,
and, since the municipalities together make the budget view's totals, so many more (the
smallest first) that the withheld ones hold at least 5 clients together: no withheld amount
can be found by subtracting the others from the total. The choice is made over all
municipalities at once, whoever reads, so one municipality's view and another's cannot be
combined to find it either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wmokernel.regio import CENTRUMGEMEENTE, U16_GEMEENTEN

from .suppression import THRESHOLD, is_small

ONBEKEND = "onbekend"  # no event named the client's municipality
POSTEN = ("gecommitteerd", "gerealiseerd", "betaald")


@dataclass(frozen=True)
class Woongemeente:
    """A municipality an event named for a client, with the event's time and id (the order
    in which the latest is chosen)."""

    client_id: str
    gemeente: str
    bekend_op: datetime
    event_id: str

    def key(self) -> tuple[datetime, str]:
        return self.bekend_op, self.event_id


@dataclass(frozen=True)
class Post:
    """One amount of one municipality: cents, and the distinct clients it belongs to."""

    cents: float
    clienten: int


def toegang_gemeente(gemeente: str | None) -> str:
    """Toegang's events name a resident's municipality where it is not Utrecht."""
    return gemeente or CENTRUMGEMEENTE


def laatste(feiten: Iterable[Woongemeente]) -> list[Woongemeente]:
    """Per client the latest (event time, then event id) of ``feiten``."""
    out: dict[str, Woongemeente] = {}
    for f in feiten:
        kept = out.get(f.client_id)
        if kept is None or f.key() > kept.key():
            out[f.client_id] = f
    return list(out.values())


def naam(gemeente: str) -> str | None:
    if gemeente == ONBEKEND:
        return "woongemeente onbekend"
    return U16_GEMEENTEN.get(gemeente)


def verborgen(clienten: Mapping[str, int]) -> set[str]:
    """The municipalities whose amount a suppressed reader does not see: 1–4 clients, then
    the smallest visible ones (that have clients) until the withheld ones hold at least 5
    clients together, or none is left."""
    hidden = {g for g, n in clienten.items() if is_small(n)}
    while 0 < sum(clienten[g] for g in hidden) < THRESHOLD:
        visible = sorted((n, g) for g, n in clienten.items() if g not in hidden and n > 0)
        if not visible:
            break
        hidden.add(visible[0][1])
    return hidden


def _k(cents: float) -> float:
    return round(cents / 100_000, 1)


def _post(p: Post | None, weg: bool) -> dict[str, Any]:
    p = p or Post(0, 0)
    if weg:
        return {"clienten": None if is_small(p.clienten) else p.clienten, "bedragK": None,
                "bedragCents": None, "onderdrukt": True}
    return {"clienten": p.clienten, "bedragK": _k(p.cents), "bedragCents": round(p.cents),
            "onderdrukt": False}


def overzicht(jaar: int, posten: Mapping[str, Mapping[str, Post]], suppressed: bool,
              alleen: str | None = None) -> dict[str, Any]:
    """The spend per municipality of ``jaar``: ``posten`` holds per kind (POSTEN) the amount
    per municipality. Every U16 municipality is listed (a zero where it has none), and any
    other the events named, and ``onbekend``; ``alleen``: that municipality only."""
    hidden = {soort: verborgen({g: p.clienten for g, p in posten.get(soort, {}).items()})
              if suppressed else set() for soort in POSTEN}
    codes = set(U16_GEMEENTEN) | {ONBEKEND}
    for per_gemeente in posten.values():
        codes |= set(per_gemeente)
    if alleen is not None:
        codes = {alleen}
    rows = [{"gemeente": g, "naam": naam(g),
             **{soort: _post(posten.get(soort, {}).get(g), g in hidden[soort])
                for soort in POSTEN}}
            for g in sorted(codes, key=lambda c: (c == ONBEKEND, c))]
    return {"jaar": jaar, "onderdrukt": suppressed, "gemeenten": rows}
