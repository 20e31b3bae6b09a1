"""The delivery periods of a toewijzing and the delivery status they give. Pure.

A period opens with a start (WMO305) and closes with a stop (WMO307). After a stop the care
may be restarted (a new period, Procesbeschrijving iWmo "Start en stop melden"); a temporary
stop (reden 20) may also be followed by a definitive stop of the same period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Periode:
    begindatum: date
    einddatum: date | None = None
    reden_beeindiging: str | None = None


@dataclass(frozen=True)
class Leveringsstand:
    status: str  # toegewezen, gestart, gestopt
    startdatum: date | None  # the first start: the wait from the verwijzing ends there
    stopdatum: date | None  # the stop of the latest period, if it is stopped
    reden_beeindiging: str | None


def laatste(perioden: Sequence[Periode]) -> Periode | None:
    return max(perioden, key=lambda p: p.begindatum, default=None)


def met_begindatum(perioden: Sequence[Periode], begindatum: date) -> Periode | None:
    return next((p for p in perioden if p.begindatum == begindatum), None)


def stand(perioden: Sequence[Periode]) -> Leveringsstand:
    """The status that follows from the (not withdrawn) periods."""
    last = laatste(perioden)
    if last is None:
        return Leveringsstand("toegewezen", None, None, None)
    first = min(p.begindatum for p in perioden)
    if last.einddatum is None:
        return Leveringsstand("gestart", first, None, None)
    return Leveringsstand("gestopt", first, last.einddatum, last.reden_beeindiging)
