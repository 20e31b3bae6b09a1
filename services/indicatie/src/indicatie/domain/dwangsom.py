"""Ingebrekestelling and dwangsom bij niet tijdig beslissen (Awb 4:17-4:18), for the
beschikking on an aanvraag (term: Wmo 2015 art. 2.3.5) and for the beslissing op bezwaar
(term: Awb 7:10), which Awb 4:17 covers alike. Pure, no I/O.

The days and amounts are the kernel's rule (``wmokernel.dwangsom``, which the monitor counts
with as well); this module adds whether an ingebrekestelling counts, where one stands on a day
and whether a vaststelling is right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wmokernel.dwangsom import (
    MAXIMUM_CENTS,
    Stand,
    bedrag_cents,
    beeindigd_op,
    dagen_verschuldigd,
    eerste_dag,
    laatste_dag,
    laatste_mogelijke_dag,
    stand,
    vaststellen_uiterlijk,
    verschuldigd_cents,
)
from wmokernel.events.dwangsom import GeenDwangsomGrond

__all__ = [
    "MAXIMUM_CENTS", "STATUSSEN", "VASTGESTELD", "DwangsomRegel", "GeenDwangsomGrond", "Stand",
    "Vaststelling", "bedrag_cents", "dagen_verschuldigd", "eerste_dag", "euro", "laatste_dag",
    "laatste_mogelijke_dag", "status", "toets_ingebrekestelling", "toets_vaststelling",
    "vaststellen_uiterlijk", "verschuldigd_cents",
]

VASTGESTELD = "vastgesteld"
STATUSSEN = (*(s.value for s in Stand), VASTGESTELD)


class DwangsomRegel(ValueError):
    """What the statute does not allow; the message names the rule (an HTTP 422)."""


def euro(cents: int) -> str:
    return f"EUR {cents // 100},{cents % 100:02d}"


def toets_ingebrekestelling(ontvangen_op: date, beslissen_uiterlijk: date,
                            beslist_op: date | None, vandaag: date) -> date:
    """The first dwangsom day of an ingebrekestelling received on ``ontvangen_op`` about a
    decision due on ``beslissen_uiterlijk`` (given on ``beslist_op``, if it was); raises
    :class:`DwangsomRegel` when it does not count."""
    if ontvangen_op > vandaag:
        raise DwangsomRegel("ontvangenOp lies in the future")
    if beslist_op is not None and beslist_op <= ontvangen_op:
        raise DwangsomRegel(
            f"Awb 4:17 lid 1: the decision was given on {beslist_op}, by the day the "
            f"ingebrekestelling was received ({ontvangen_op}): the gemeente was not in default")
    if ontvangen_op <= beslissen_uiterlijk:
        raise DwangsomRegel(
            f"Awb 4:17 lid 3: an ingebrekestelling counts only once the decision term has "
            f"passed; the term runs until {beslissen_uiterlijk} (Algemene termijnenwet "
            f"applied), so one received on {ontvangen_op} is premature")
    return eerste_dag(ontvangen_op)


def status(eerste: date, op: date, beslist_op: date | None,
           vastgesteld_op: date | None) -> str:
    """Where an ingebrekestelling stands on ``op``: lopend, gestopt-door-beschikking,
    maximum-bereikt, or vastgesteld once the dwangsom was set (Awb 4:18)."""
    if vastgesteld_op is not None and vastgesteld_op <= op:
        return VASTGESTELD
    return stand(eerste, op, beslist_op).value


@dataclass(frozen=True)
class Vaststelling:
    dagen: int
    bedrag_cents: int
    uiterlijk: date | None  # Awb 4:18; None when nothing was owed
    tijdig: bool


def toets_vaststelling(eerste: date, beslist_op: date | None, vastgesteld_op: date,
                       opgegeven_cents: int, grond: GeenDwangsomGrond | None,
                       vandaag: date) -> Vaststelling:
    """The vaststelling (Awb 4:18) of the dwangsom that began on ``eerste``: only once it has
    ended, and for exactly the amount the statute gives (nothing on a ground of
    Awb 4:17 lid 6); raises :class:`DwangsomRegel` otherwise."""
    if vastgesteld_op > vandaag:
        raise DwangsomRegel("vastgesteldOp lies in the future")
    bekend = beslist_op if beslist_op is not None and beslist_op <= vastgesteld_op else None
    einde = beeindigd_op(eerste, bekend)
    if vastgesteld_op < einde:
        raise DwangsomRegel(
            f"Awb 4:18: the dwangsom is set after the last day for which it is owed; on "
            f"{vastgesteld_op} it still runs (no decision given yet, its 42nd day is "
            f"{laatste_mogelijke_dag(eerste)})")
    dagen = 0 if grond is not None else dagen_verschuldigd(eerste, vastgesteld_op, bekend)
    bedrag = bedrag_cents(dagen)
    if opgegeven_cents != bedrag:
        waarom = (f"no dwangsom is owed on the ground {grond.value} (Awb 4:17 lid 6)"
                  if grond is not None else
                  f"{dagen} days owed come to {euro(bedrag)} (Awb 4:17 lid 2)")
        raise DwangsomRegel(f"bedragCents {opgegeven_cents} is not the amount owed: {waarom}, "
                            f"that is bedragCents {bedrag}")
    uiterlijk = vaststellen_uiterlijk(eerste, bekend)
    return Vaststelling(dagen=dagen, bedrag_cents=bedrag, uiterlijk=uiterlijk,
                        tijdig=uiterlijk is None or vastgesteld_op <= uiterlijk)
