"""The dwangsom bij niet tijdig beslissen (Awb 4:17 and 4:18): its first day, what is owed on
a day, when it ends and by when the bestuursorgaan sets it. Pure, no I/O: indicatie decides
with it and the monitor counts with the same rule.

A day counts once it has begun: as of a day ``op`` the day itself is owed, unless the
beschikking is given on it (the day of the decision is no day in default). The dwangsom days
are calendar days (Awb 4:17 lid 1 excludes the Algemene termijnenwet); the 2 weeks of
Awb 4:18 are an ordinary statutory term, so the termijnenwet does apply to them.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from .calendar import term_end
from .normen import (
    DWANGSOM_INGANG_WEKEN,
    DWANGSOM_MAX_DAGEN,
    DWANGSOM_TREDEN_CENTS,
    DWANGSOM_VASTSTELLING_WEKEN,
)

__all__ = [
    "MAXIMUM_CENTS", "Stand", "bedrag_cents", "beeindigd_op", "dagen_verschuldigd",
    "eerste_dag", "laatste_dag", "laatste_mogelijke_dag", "stand", "vaststellen_uiterlijk",
    "verschuldigd_cents",
]

MAXIMUM_CENTS = sum(dagen * cents for dagen, cents in DWANGSOM_TREDEN_CENTS)
"""The most a dwangsom can come to (Awb 4:17 lid 1 and 2)."""


class Stand(StrEnum):
    """Where a dwangsom stands on a day, before it is set (Awb 4:18)."""

    LOPEND = "lopend"  # still accruing, or its first day is yet to come
    GESTOPT_DOOR_BESCHIKKING = "gestopt-door-beschikking"  # the decision ended it
    MAXIMUM_BEREIKT = "maximum-bereikt"  # all 42 days were owed


def eerste_dag(ingebrekestelling_ontvangen_op: date) -> date:
    """Awb 4:17 lid 3: the day on which two weeks have passed since the ingebrekestelling was
    received (received on 1 March: the first day is 15 March). A beschikking given on that
    day still costs nothing, as it is not a day in default."""
    return ingebrekestelling_ontvangen_op + timedelta(weeks=DWANGSOM_INGANG_WEKEN)


def laatste_mogelijke_dag(eerste: date) -> date:
    """The 42nd day: no dwangsom is owed after it (Awb 4:17 lid 1)."""
    return eerste + timedelta(days=DWANGSOM_MAX_DAGEN - 1)


def beeindigd_op(eerste: date, beslist_op: date | None) -> date:
    """The first day on which nothing accrues any more: the day of the decision, or the day
    after the 42nd day, whichever comes first (the latter while no decision is known)."""
    na_maximum = eerste + timedelta(days=DWANGSOM_MAX_DAGEN)
    return na_maximum if beslist_op is None else min(beslist_op, na_maximum)


def dagen_verschuldigd(eerste: date, op: date, beslist_op: date | None = None) -> int:
    """Days owed as of ``op``: from the first day up to and including ``op``, never the day
    of the decision or any later day, at most 42."""
    einde = min(op + timedelta(days=1), beeindigd_op(eerste, beslist_op))
    return max(0, (einde - eerste).days)


def bedrag_cents(dagen: int) -> int:
    """Awb 4:17 lid 2: EUR 23 a day for days 1-14, EUR 35 for days 15-28, EUR 45 after;
    days past the 42nd add nothing."""
    if dagen < 0:
        raise ValueError("dagen must be >= 0")
    rest, totaal = min(dagen, DWANGSOM_MAX_DAGEN), 0
    for trede_dagen, cents in DWANGSOM_TREDEN_CENTS:
        deel = min(rest, trede_dagen)
        totaal += deel * cents
        rest -= deel
    return totaal


def verschuldigd_cents(eerste: date, op: date, beslist_op: date | None = None) -> int:
    return bedrag_cents(dagen_verschuldigd(eerste, op, beslist_op))


def laatste_dag(eerste: date, beslist_op: date | None) -> date | None:
    """The last day owed: the day before the decision or the 42nd day (while no decision is
    known, the 42nd); None when the decision came on or before the first day."""
    einde = beeindigd_op(eerste, beslist_op)
    return einde - timedelta(days=1) if einde > eerste else None


def vaststellen_uiterlijk(eerste: date, beslist_op: date | None) -> date | None:
    """Awb 4:18: the dwangsom is set by beschikking within 2 weeks after the last day for
    which it was owed (Algemene termijnenwet applied); None when nothing was owed."""
    laatste = laatste_dag(eerste, beslist_op)
    return None if laatste is None else term_end(laatste, weeks=DWANGSOM_VASTSTELLING_WEKEN)


def stand(eerste: date, op: date, beslist_op: date | None = None) -> Stand:
    """Where the dwangsom stands on ``op`` (a decision after ``op`` is not yet known then)."""
    bekend = beslist_op if beslist_op is not None and beslist_op <= op else None
    if op < beeindigd_op(eerste, bekend):
        return Stand.LOPEND
    if bekend is not None and bekend <= laatste_mogelijke_dag(eerste):
        return Stand.GESTOPT_DOOR_BESCHIKKING
    return Stand.MAXIMUM_BEREIKT
