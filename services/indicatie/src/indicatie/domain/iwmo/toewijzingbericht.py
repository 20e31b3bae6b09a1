"""What a toewijzingbericht (WMO301) holds, decided before a toewijzing is stored: a toewijzing
that no valid WMO301 could carry is refused at the API instead of being stored and then
never sent.

OP087: a WMO301 carries every toewijzing of the client with the provider that is valid on or
after the day of the message, plus every one changed since the previous message. TR361: the
same product may not occur twice with overlapping periods, unless one of them is the changed
(ended or withdrawn) toewijzing that another follows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .berichten import overlappen
from .codes import TIJDELIJK_GESTOPT, VERWIJDERD


@dataclass(frozen=True)
class Snapshotregel:
    """A toewijzing as the WMO301 snapshot sees it."""

    nummer: int
    code: str
    ingangsdatum: date
    einddatum: date | None
    status: str  # toegewezen, gestart, gestopt
    reden_beeindiging: str | None = None
    reden_wijziging: str | None = None
    te_melden: bool = False


def geldig(t: Snapshotregel, peildatum: date) -> bool:
    """A current toewijzing: not withdrawn, not ended before ``peildatum``, and not stopped
    for good (a temporarily stopped one is current)."""
    if t.reden_wijziging == VERWIJDERD or (t.einddatum is not None and t.einddatum < peildatum):
        return False
    return t.status != "gestopt" or t.reden_beeindiging == TIJDELIJK_GESTOPT


def in_snapshot(t: Snapshotregel, peildatum: date) -> bool:
    return t.te_melden or geldig(t, peildatum)


def overlappende(code: str, ingangsdatum: date, einddatum: date | None,
                 bestaand: Iterable[Snapshotregel], peildatum: date) -> Snapshotregel | None:
    """The toewijzing in the client's next WMO301 with this provider that a new toewijzing of
    ``code`` from ``ingangsdatum`` to ``einddatum`` would overlap (TR361), or None."""
    for t in bestaand:
        if (t.code == code and t.reden_wijziging is None and in_snapshot(t, peildatum)
                and overlappen(t.ingangsdatum, t.einddatum, ingangsdatum, einddatum)):
            return t
    return None


def overlap_in(bestaand: Iterable[Snapshotregel], peildatum: date
               ) -> tuple[Snapshotregel, Snapshotregel] | None:
    """Two toewijzingen of the client's next WMO301 that overlap (TR361), or None: the check
    of a whole new situation at once (a verzoek om wijziging honoured as a whole)."""
    regels = list(bestaand)
    for i, a in enumerate(regels):
        b = overlappende(a.code, a.ingangsdatum, a.einddatum, regels[i + 1:], peildatum) \
            if a.reden_wijziging is None and in_snapshot(a, peildatum) else None
        if b is not None:
            return a, b
    return None


def periode_tekst(begin: date, eind: date | None) -> str:
    return f"{begin.isoformat()} to {eind.isoformat() if eind else 'open-ended'}"
