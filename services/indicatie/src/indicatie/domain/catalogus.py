"""The product catalogue as pure values: every product, tariff, contract and abonnementstarief
is valid for a period, because the Wmo-verordening changes each year."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

# Beschermd wonen: no abonnementstarief (Wmo 2015, art. 2.1.4a).
ZONDER_ABONNEMENTSTARIEF = frozenset({"15"})


class Geldig(Protocol):
    @property
    def geldig_van(self) -> date: ...

    @property
    def geldig_tot(self) -> date | None: ...


def geldig_op(item: Geldig, d: date) -> bool:
    return item.geldig_van <= d and (item.geldig_tot is None or d <= item.geldig_tot)


T = TypeVar("T", bound=Geldig)


def op_datum(items: Iterable[T], d: date) -> T | None:
    """The item valid on ``d`` (the latest-starting one when periods overlap)."""
    valid = [i for i in items if geldig_op(i, d)]
    return max(valid, key=lambda i: i.geldig_van) if valid else None


@dataclass(frozen=True)
class ProductVersie:
    code: str
    naam: str
    productcategorie: str
    eenheid: str
    frequentie: str
    soort: str  # "algemeen" or "maatwerk"
    geldig_van: date
    geldig_tot: date | None
    standaard_volume: int | None = None
    max_volume: int | None = None
    min_duur_maanden: int | None = None
    max_duur_maanden: int | None = None
    intensiteit_wijzigbaar: bool = False  # ambulante begeleiding
    verantwoordelijke_per_wijk: bool = False  # one accountable provider per wijk


@dataclass(frozen=True)
class Tarief:
    product_code: str
    bedrag_cents: int
    geldig_van: date
    geldig_tot: date | None


@dataclass(frozen=True)
class Contract:
    product_code: str
    aanbieder: str
    geldig_van: date
    geldig_tot: date | None


@dataclass(frozen=True)
class VerantwoordelijkeAanbieder:
    wijk: str
    product_code: str
    aanbieder: str
    geldig_van: date
    geldig_tot: date | None


@dataclass(frozen=True)
class Abonnementstarief:
    bedrag_cents: int
    geldig_van: date
    geldig_tot: date | None


@dataclass(frozen=True)
class ProductDossier:
    """Everything the catalogue holds about one product code, over all periods."""

    versies: Sequence[ProductVersie]
    tarieven: Sequence[Tarief]
    contracten: Sequence[Contract]
    verantwoordelijken: Sequence[VerantwoordelijkeAanbieder]


def eigen_bijdrage_per_maand(categorieen: Iterable[str], peildatum: date,
                             tarieven: Iterable[Abonnementstarief]) -> int:
    """The abonnementstarief in cents per household per month, or 0 when no granted product
    carries one (beschermd wonen) or nothing is granted. Charged once per household."""
    if not any(c not in ZONDER_ABONNEMENTSTARIEF for c in categorieen):
        return 0
    tarief = op_datum(tarieven, peildatum)
    if tarief is None:
        raise LookupError(f"no abonnementstarief is set for {peildatum}")
    return tarief.bedrag_cents
