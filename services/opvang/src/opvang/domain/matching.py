"""Matching waiting clients to free places: pure domain logic, no I/O.

A place fits a client when the form matches, a place is free, the client meets the location's
target-group constraints (age, gender, specialisms the client needs) and the location is inside
the region unless a bovenregionaal placement was approved as an exception.

Fitting places rank lexicographically (../shared/domain/DOMAIN.md §5, placement policy):
1. inside the region before bovenregionaal (outside the region only as an approved exception);
2. the client's own municipality first;
3. regional spread: the municipality whose places of this form are least occupied first;
4. the location with the most free places, then the location id (a stable order).

A full allocation round assigns waiting clients by priority (crisis, urgent, regular), then by
the longest wait since verwijzing, each to the best place still free. Because capacity only
decreases during a round, a client profile that found nothing once finds nothing later: such
profiles are remembered, which keeps the round near-linear when the places run out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Plek:
    """A location with its free places, as matching sees it."""

    id: str
    vorm: str
    gemeente: str
    bovenregionaal: bool
    capaciteit: int
    bezet: int
    min_leeftijd: int | None = None
    max_leeftijd: int | None = None
    geslacht: str | None = None  # None: every gender
    specialismen: frozenset[str] = field(default_factory=frozenset)

    @property
    def vrij(self) -> int:
        return self.capaciteit - self.bezet


@dataclass(slots=True, frozen=True)
class Wachtende:
    """A waiting client (an aanmelding), as matching sees it."""

    id: str
    vorm: str
    gemeente: str | None
    verwezen_op: date
    prioriteit: int = 2  # 0 crisis, 1 urgent, 2 regular
    leeftijd: int | None = None
    geslacht: str | None = None
    specialismen: frozenset[str] = frozenset()
    bovenregionaal_toegestaan: bool = False


@dataclass(slots=True, frozen=True)
class Voorstel:
    plek: Plek
    rang: int
    eigen_gemeente: bool
    gemeente_bezettingsgraad: float


def past(plek: Plek, w: Wachtende) -> bool:
    """Whether the client may be placed there now (ignoring the ranking)."""
    if plek.vorm != w.vorm or plek.bezet >= plek.capaciteit:
        return False
    if plek.bovenregionaal and not w.bovenregionaal_toegestaan:
        return False
    return _doelgroep_past(plek, w)


def _doelgroep_past(plek: Plek, w: Wachtende) -> bool:
    if plek.min_leeftijd is not None and (w.leeftijd is None or w.leeftijd < plek.min_leeftijd):
        return False
    if plek.max_leeftijd is not None and (w.leeftijd is None or w.leeftijd > plek.max_leeftijd):
        return False
    if plek.geslacht is not None and w.geslacht != plek.geslacht:
        return False
    return not w.specialismen or w.specialismen <= plek.specialismen


class PlekIndex:
    """Locations indexed per form and per (form, municipality), with occupancy sums per
    (form, municipality) for the regional spread. Built once; updated as places are taken."""

    def __init__(self, plekken: Iterable[Plek]) -> None:
        self.plekken: dict[str, Plek] = {}
        # Free locations per form, and per (form, municipality); dicts keep insertion order.
        self.vrij_per_vorm: dict[str, dict[str, Plek]] = defaultdict(dict)
        self.vrij_per_gemeente: dict[tuple[str, str], dict[str, Plek]] = defaultdict(dict)
        self._cap: dict[tuple[str, str], int] = defaultdict(int)
        self._bezet: dict[tuple[str, str], int] = defaultdict(int)
        for p in plekken:
            self.plekken[p.id] = p
            key = (p.vorm, p.gemeente)
            self._cap[key] += p.capaciteit
            self._bezet[key] += p.bezet
            if p.vrij > 0:
                self.vrij_per_vorm[p.vorm][p.id] = p
                self.vrij_per_gemeente[key][p.id] = p

    def bezettingsgraad(self, vorm: str, gemeente: str) -> float:
        cap = self._cap.get((vorm, gemeente), 0)
        return self._bezet.get((vorm, gemeente), 0) / cap if cap else 1.0

    def neem(self, plek: Plek) -> None:
        """One place of ``plek`` is taken."""
        if plek.vrij <= 0:
            raise ValueError(f"location {plek.id} is full")
        plek.bezet += 1
        self._bezet[(plek.vorm, plek.gemeente)] += 1
        if plek.vrij == 0:
            self.vrij_per_vorm[plek.vorm].pop(plek.id, None)
            self.vrij_per_gemeente[(plek.vorm, plek.gemeente)].pop(plek.id, None)

    def _sleutel(self, p: Plek, w: Wachtende) -> tuple[bool, bool, float, int, str]:
        return (p.bovenregionaal, p.gemeente != w.gemeente,
                self.bezettingsgraad(p.vorm, p.gemeente), -p.vrij, p.id)

    def voorstel(self, w: Wachtende, limit: int | None = None) -> list[Voorstel]:
        """Every free place that fits, best first."""
        kandidaten = [p for p in self.vrij_per_vorm.get(w.vorm, {}).values() if past(p, w)]
        kandidaten.sort(key=lambda p: self._sleutel(p, w))
        if limit is not None:
            kandidaten = kandidaten[:limit]
        return [Voorstel(p, i + 1, p.gemeente == w.gemeente,
                         round(self.bezettingsgraad(p.vorm, p.gemeente), 4))
                for i, p in enumerate(kandidaten)]

    def beste(self, w: Wachtende) -> Plek | None:
        """The best free place for ``w`` (the head of :meth:`voorstel`), found faster."""
        if w.gemeente is not None:
            eigen = self.vrij_per_gemeente.get((w.vorm, w.gemeente))
            if eigen:
                best = self._beste_uit(eigen.values(), w, binnen_regio=True)
                if best is not None:
                    return best
        alle = self.vrij_per_vorm.get(w.vorm)
        if not alle:
            return None
        best = self._beste_uit(alle.values(), w, binnen_regio=True)
        if best is None and w.bovenregionaal_toegestaan:
            best = self._beste_uit(alle.values(), w, binnen_regio=False)
        return best

    def _beste_uit(self, plekken: Iterable[Plek], w: Wachtende, *,
                   binnen_regio: bool) -> Plek | None:
        best: Plek | None = None
        best_key: tuple[float, int, str] | None = None
        graad = self.bezettingsgraad
        for p in plekken:
            if p.bovenregionaal == binnen_regio or not _doelgroep_past(p, w):
                continue
            key = (graad(p.vorm, p.gemeente), -p.vrij, p.id)
            if best_key is None or key < best_key:
                best, best_key = p, key
        return best


def volgorde(w: Wachtende) -> tuple[int, date, str]:
    """Allocation order: priority, then the longest wait since verwijzing."""
    return (w.prioriteit, w.verwezen_op, w.id)


def toewijzingsronde(wachtenden: Sequence[Wachtende],
                     plekken: Iterable[Plek] | PlekIndex) -> list[tuple[str, str]]:
    """One full allocation round: (aanmelding id, location id) pairs, in allocation order.

    The ``Plek`` objects are updated in place (their ``bezet`` counts go up)."""
    index = plekken if isinstance(plekken, PlekIndex) else PlekIndex(plekken)
    toegewezen: list[tuple[str, str]] = []
    zonder_plek: set[tuple[str, int | None, str | None, frozenset[str], bool]] = set()
    for w in sorted(wachtenden, key=volgorde):
        if not index.vrij_per_vorm.get(w.vorm):
            continue
        profiel = (w.vorm, w.leeftijd, w.geslacht, w.specialismen, w.bovenregionaal_toegestaan)
        if profiel in zonder_plek:
            continue
        plek = index.beste(w)
        if plek is None:
            zonder_plek.add(profiel)
            continue
        index.neem(plek)
        toegewezen.append((w.id, plek.id))
    return toegewezen
