"""Delivery rules: the signature, the retry schedule and the order per resource."""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 15 * 60.0


class Status(StrEnum):
    WACHTEND = "wachtend"
    AFGELEVERD = "afgeleverd"
    DEAD_LETTER = "dead-letter"


def nieuw_secret() -> str:
    """The per-subscription HMAC key, returned to the subscriber once."""
    return secrets.token_urlsafe(32)


def handtekening(secret: str, body: bytes) -> str:
    """The ``X-Notificatie-Signature`` value: HMAC-SHA256 of the exact body bytes."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def klopt(secret: str, body: bytes, signature: str) -> bool:
    """What a receiver does: compare in constant time."""
    return hmac.compare_digest(handtekening(secret, body), signature)


def wachttijd_s(poging: int, *, base_s: float = BACKOFF_BASE_S, cap_s: float = BACKOFF_CAP_S,
                rnd: Callable[[], float] = random.random) -> float:
    """Exponential backoff with full jitter after failed attempt ``poging`` (1, 2, ...):
    uniform in [0, min(cap, base * 2^(poging-1))]."""
    ceiling = min(cap_s, base_s * 2.0 ** min(max(poging, 1) - 1, 60))
    return rnd() * ceiling


@dataclass(frozen=True)
class NaMislukking:
    status: Status
    volgende_poging: datetime | None


def na_mislukking(poging: int, *, nu: datetime, sinds: datetime, max_leeftijd_s: float,
                  rnd: Callable[[], float] = random.random,
                  base_s: float = BACKOFF_BASE_S, cap_s: float = BACKOFF_CAP_S) -> NaMislukking:
    """After failed attempt ``poging``: try again later, or give up (dead-letter) once the
    delivery has been trying for ``max_leeftijd_s`` since ``sinds``."""
    if (nu - sinds).total_seconds() >= max_leeftijd_s:
        return NaMislukking(Status.DEAD_LETTER, None)
    wacht = wachttijd_s(poging, base_s=base_s, cap_s=cap_s, rnd=rnd)
    return NaMislukking(Status.WACHTEND, nu + timedelta(seconds=wacht))


@dataclass(frozen=True)
class Kandidaat:
    """A pending delivery as the order rule sees it; ``volgnummer`` orders creation."""

    volgnummer: int
    abonnement: str
    hoofd_object: str
    volgende_poging: datetime


def aan_de_beurt(wachtend: Iterable[Kandidaat], nu: datetime) -> list[Kandidaat]:
    """The deliveries that may be sent now: due, and the oldest pending one of their
    subscription and hoofdObject (a later step waits for the earlier one, so a receiver sees
    a resident's steps in order). The repository applies the same rule in SQL."""
    eerste: dict[tuple[str, str], Kandidaat] = {}
    for k in sorted(wachtend, key=lambda k: k.volgnummer):
        eerste.setdefault((k.abonnement, k.hoofd_object), k)
    return [k for k in eerste.values() if k.volgende_poging <= nu]
