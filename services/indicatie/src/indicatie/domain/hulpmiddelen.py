"""The depot of aids (herverstrekking). Pure: which products are aids, which item an issue
takes (reuse before new), the item's status transitions and what may be issued.

The seeds: hulpmiddelen (rolstoel, scootmobiel) come from 2 suppliers with a herverstrekking
rate of 85%, and the reuse inventory is checked before anything new is ordered
(../shared/domain/notes/002.md L2458-2469, 001.md L343-347).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from wmokernel.events.indicatie import Leveringsvorm

from .statussen import StateMachine

# WMO020 rolstoelen, vervoervoorzieningen, woonvoorzieningen, overige hulpmiddelen.
HULPMIDDEL_CATEGORIEEN = frozenset({"11", "12", "13", "14"})
HULPMIDDEL_LETTER = "X"  # the iWmo indeling's tussenletter for a hulpmiddel (e.g. 11X02)
STUKS = "82"  # WJ756 Stuks (output): one item; a budget in euro's (83) is no depot item


class Status(StrEnum):
    IN_DEPOT = "in-depot"
    VERSTREKT = "verstrekt"
    AFGESCHREVEN = "afgeschreven"


class Herkomst(StrEnum):
    NIEUW = "nieuw"  # bought new from a supplier
    RETOUR = "retour"  # returned by a resident (e.g. from before this register)


HULPMIDDEL = StateMachine("hulpmiddel", {
    (Status.IN_DEPOT, "verstrekken"): Status.VERSTREKT,
    (Status.VERSTREKT, "innemen-herbruikbaar"): Status.IN_DEPOT,
    (Status.VERSTREKT, "innemen-afschrijven"): Status.AFGESCHREVEN,
})


class NietVerstrekbaar(ValueError):
    """The granted product cannot be issued from the depot (an HTTP 422)."""


def is_hulpmiddel(product_code: str, productcategorie: str, eenheid: str) -> bool:
    """An aid the gemeente issues as an item: a category 11-14 product coded as a hulpmiddel,
    granted in stuks. Woningaanpassing budgets and vervoer passes are not."""
    return (productcategorie in HULPMIDDEL_CATEGORIEEN and len(product_code) == 5
            and product_code[2] == HULPMIDDEL_LETTER and eenheid == STUKS)


@dataclass(frozen=True)
class TeVerstrekken:
    """A granted product as far as issuing an aid on it matters."""

    product_code: str
    productcategorie: str
    eenheid: str
    leveringsvorm: Leveringsvorm
    beschikking_status: str
    ingangsdatum: date
    einddatum: date | None
    volume: int
    lopende_verstrekkingen: int


def keur_verstrekking(p: TeVerstrekken, verstrekt_op: date, today: date) -> None:
    """Raises when the product may not be issued on ``verstrekt_op``."""
    if p.beschikking_status != "afgegeven":
        raise NietVerstrekbaar(f"the beschikking has status {p.beschikking_status!r}: an aid "
                               "is issued on a product of an issued beschikking")
    if not is_hulpmiddel(p.product_code, p.productcategorie, p.eenheid):
        raise NietVerstrekbaar(f"product {p.product_code} is not an aid: it is not issued "
                               "from the depot")
    if p.leveringsvorm is Leveringsvorm.PGB:
        raise NietVerstrekbaar(f"{p.product_code} is granted as a PGB: the resident buys the "
                               "aid; the depot issues only in kind (ZIN)")
    if verstrekt_op > today:
        raise NietVerstrekbaar("verstrektOp lies in the future")
    if verstrekt_op < p.ingangsdatum or (p.einddatum is not None
                                         and verstrekt_op > p.einddatum):
        raise NietVerstrekbaar(f"verstrektOp {verstrekt_op} lies outside the granted period "
                               f"{p.ingangsdatum} - {p.einddatum or 'open'}")


def volume_verstrekt(p: TeVerstrekken) -> bool:
    """True when as many aids as granted are with the resident (a 409: take one back first)."""
    return p.lopende_verstrekkingen >= p.volume


@dataclass(frozen=True)
class DepotItem:
    id: object
    product_code: str
    status: str
    geregistreerd_op: date
    depotnummer: int


def kies_uit_depot(items: Iterable[DepotItem], product_code: str) -> DepotItem | None:
    """Reuse before new: the item of the product that has been in the depot longest (first
    in, first out), or None when a new one must be ordered."""
    kandidaten = [i for i in items
                  if i.product_code == product_code and i.status == Status.IN_DEPOT]
    return min(kandidaten, key=lambda i: (i.geregistreerd_op, i.depotnummer), default=None)


def is_herverstrekking(herkomst: str, eerder_verstrekt: bool) -> bool:
    """An issue counts as herverstrekking when the item was used before: issued from this
    depot earlier, or registered as returned. A new item issued for the first time (even one
    bought for stock) is not: the 85% norm measures reuse."""
    return eerder_verstrekt or herkomst == Herkomst.RETOUR


def na_inname(herbruikbaar: bool) -> str:
    """The action that takes an issued item back: into the depot or written off."""
    return "innemen-herbruikbaar" if herbruikbaar else "innemen-afschrijven"
