"""Klachten (Awb chapter 9) per organisation: received, handled, handled within the term, open
past the term and the outcomes, for the klachten received in a year as they stood on a
peildatum. Pure, no I/O.

A suppressed reader sees no count of 1 to 4 (``suppression.py``) and no count that gives one
away by subtraction. Within a row the figures add up: received = handled + open, handled =
on time + late, open = past the term + within it, handled = the sum of the outcomes (late
and open-within-the-term are not shown, but follow). No hidden count of 1-4 may follow from
the shown ones, and where a total is known the parts it hides must hold 0 or at least 5
klachten together; else the smallest shown part is hidden as well (or the total), until
that holds. Rows are not summed, so rows cannot give each other away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from wmokernel.events.klachten import KlachtUitkomst

from .suppression import THRESHOLD, is_small

UITKOMSTEN = tuple(u.value for u in KlachtUitkomst)
TELLINGEN = ("ontvangen", "afgehandeld", "tijdig", "open", "open_termijn_verstreken")
# not shown, but known to whoever subtracts
VERBORGEN = ("laat", "open_binnen_termijn")
RELATIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ontvangen", ("afgehandeld", "open")),
    ("afgehandeld", ("tijdig", "laat")),
    ("open", ("open_termijn_verstreken", "open_binnen_termijn")),
    ("afgehandeld", UITKOMSTEN),
)


@dataclass(frozen=True)
class Klacht:
    """One klacht received in the year, with its term in force and its handling if any."""

    betreft: str
    organisatie: str
    uiterlijk: date
    afgehandeld_op: date | None = None
    uitkomst: str | None = None
    binnen_termijn: bool | None = None


def tellingen(klachten: Iterable[Klacht], peildatum: date
              ) -> dict[tuple[str, str], dict[str, int]]:
    """Per (betreft, organisatie): every count of the row, the hidden parts included. A klacht
    handled after the peildatum is open on it."""
    rows: dict[tuple[str, str], Counter[str]] = {}
    for k in klachten:
        c = rows.setdefault((k.betreft, k.organisatie), Counter())
        c["ontvangen"] += 1
        if k.afgehandeld_op is not None and k.afgehandeld_op <= peildatum:
            c["afgehandeld"] += 1
            c["tijdig" if k.binnen_termijn else "laat"] += 1
            c[k.uitkomst or ""] += 1
        else:
            c["open"] += 1
            c["open_termijn_verstreken" if peildatum > k.uiterlijk else "open_binnen_termijn"] += 1
    keys = (*TELLINGEN, *VERBORGEN, *UITKOMSTEN)
    return {key: {n: c[n] for n in keys} for key, c in sorted(rows.items())}


def _bekend(waarden: Mapping[str, int], verborgen: set[str]) -> set[str]:
    """The figures a reader knows: those shown, and any the relations then give away."""
    bekend = set(waarden) - verborgen
    changed = True
    while changed:
        changed = False
        for totaal, delen in RELATIES:
            onbekend = [x for x in (totaal, *delen) if x not in bekend]
            if len(onbekend) == 1:
                bekend.add(onbekend[0])
                changed = True
    return bekend


def _geeft_weg(waarden: Mapping[str, int], verborgen: set[str], totaal: str,
               delen: tuple[str, ...]) -> bool:
    """Whether the relation gives a small count away: a hidden one of 1-4 the reader works
    out all the same, or hidden parts of a known total that add up to 1-4."""
    bekend = _bekend(waarden, verborgen)
    leden = (totaal, *delen)
    if any(x in verborgen and x in bekend and is_small(waarden[x])
           and all(y in bekend for y in leden) for x in leden):
        return True
    onbekend = sum(waarden[d] for d in delen if d not in bekend)
    return totaal in bekend and 0 < onbekend < THRESHOLD


def _kies(waarden: Mapping[str, int], verborgen: set[str], totaal: str,
          delen: tuple[str, ...]) -> str | None:
    """What to hide besides: the smallest shown part, else the total, the first that ends
    the give-away (another relation could still tell a hidden one); None when none is left."""
    kandidaten = sorted((d for d in delen if d not in verborgen and waarden[d] > 0),
                        key=lambda d: (waarden[d], d))
    if totaal not in verborgen:
        kandidaten.append(totaal)
    for k in kandidaten:
        if not _geeft_weg(waarden, verborgen | {k}, totaal, delen):
            return k
    return kandidaten[0] if kandidaten else None


def te_verbergen(waarden: Mapping[str, int]) -> set[str]:
    """The figures of a row a suppressed reader does not see (the unshown parts included)."""
    getoond = set(waarden) - set(VERBORGEN)
    verborgen = set(VERBORGEN) | {x for x in getoond if is_small(waarden[x])}
    while True:
        for totaal, delen in RELATIES:
            if not _geeft_weg(waarden, verborgen, totaal, delen):
                continue
            extra = _kies(waarden, verborgen, totaal, delen)
            if extra is None:  # nothing left to hide in the relation: the row goes whole
                verborgen |= getoond
            else:
                verborgen.add(extra)
            break
        else:
            return verborgen


def _camel(uitkomst: str) -> str:
    eerste, *rest = uitkomst.split("-")
    return eerste + "".join(w.capitalize() for w in rest)


def rij(betreft: str, organisatie: str, waarden: Mapping[str, int], onderdrukken: bool
        ) -> dict[str, Any]:
    """One organisation's figures, camelCase as the API shows them; hidden ones are null."""
    verborgen = te_verbergen(waarden) if onderdrukken else set()

    def waarde(naam: str) -> int | None:
        return None if naam in verborgen else waarden[naam]

    tijdig, afgehandeld = waarde("tijdig"), waarde("afgehandeld")
    aandeel = (round(100 * tijdig / afgehandeld, 1)
               if tijdig is not None and afgehandeld else None)
    return {
        "betreft": betreft, "organisatieCode": organisatie,
        "ontvangen": waarde("ontvangen"), "afgehandeld": afgehandeld, "tijdig": tijdig,
        "aandeelTijdig": aandeel, "open": waarde("open"),
        "openTermijnVerstreken": waarde("open_termijn_verstreken"),
        "uitkomsten": {_camel(u): waarde(u) for u in UITKOMSTEN},
        "onderdrukt": bool(verborgen - set(VERBORGEN)),
    }


def overzicht(jaar: int, peildatum: date, klachten: Iterable[Klacht], onderdrukken: bool
              ) -> dict[str, Any]:
    return {
        "jaar": jaar, "peildatum": peildatum, "onderdrukt": onderdrukken,
        "organisaties": [rij(b, o, w, onderdrukken)
                         for (b, o), w in tellingen(klachten, peildatum).items()],
    }
