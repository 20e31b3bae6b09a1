"""Rules a beschikking's products must meet. Pure: the catalogue comes in as values.

Legal rules (validity, algemene voorzieningen, PGB conditions of Wmo 2015 art. 2.3.6,
contracted providers) can never be set aside. Policy rules of the verordening (duration,
maximum volume, the accountable provider per wijk) may be, as *eenvoudig maatwerk*: with a
reason and a second approver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from wmokernel.catalogue import Besluit
from wmokernel.events.indicatie import Leveringsvorm

from .catalogus import ProductDossier, ProductVersie, geldig_op, op_datum


class RegelOvertreding(ValueError):
    """A legal rule is broken (an HTTP 422)."""


@dataclass(frozen=True)
class PgbVoorwaarden:
    """Art. 2.3.6 Wmo 2015: the resident explains why ZIN does not fit, can manage the budget
    (alone or with help) and the quality of what is bought is safeguarded."""

    motivering_zin_past_niet: str
    budget_beheerbaar: bool
    kwaliteit_gewaarborgd: bool


@dataclass(frozen=True)
class ProductRegel:
    product_code: str
    leveringsvorm: Leveringsvorm
    ingangsdatum: date
    einddatum: date | None
    volume: int | None = None
    aanbieder: str | None = None
    wijk: str | None = None
    pgb: PgbVoorwaarden | None = None


@dataclass(frozen=True)
class GekeurdeRegel:
    regel: ProductRegel
    product: ProductVersie
    volume: int
    aanbieder: str | None
    tarief_cents: int
    afwijkingen: tuple[str, ...] = field(default=())


def keur_besluit(besluit: Besluit, aantal_producten: int) -> None:
    if besluit is Besluit.AFGEWEZEN and aantal_producten:
        raise RegelOvertreding("an afgewezen beschikking grants no products")
    if besluit is not Besluit.AFGEWEZEN and not aantal_producten:
        raise RegelOvertreding(f"a {besluit.value} beschikking names the granted products: "
                               "producten is empty (the provider's toewijzing, the CAK "
                               "notification and the eigen bijdrage follow from them)")


def keur_pgb(regel: ProductRegel, product: ProductVersie) -> None:
    if regel.leveringsvorm is not Leveringsvorm.PGB:
        if regel.pgb is not None:
            raise RegelOvertreding(f"{regel.product_code}: PGB conditions given for ZIN")
        return
    if product.soort != "maatwerk":
        raise RegelOvertreding(f"{regel.product_code}: a PGB is only for a maatwerkvoorziening")
    c = regel.pgb
    if c is None or not c.motivering_zin_past_niet.strip():
        raise RegelOvertreding(
            f"{regel.product_code}: a PGB needs the resident's reasons why ZIN does not fit "
            "(art. 2.3.6 Wmo 2015)")
    if not c.budget_beheerbaar:
        raise RegelOvertreding(
            f"{regel.product_code}: a PGB needs the resident to be able to manage the budget")
    if not c.kwaliteit_gewaarborgd:
        raise RegelOvertreding(
            f"{regel.product_code}: a PGB needs the quality of the bought care safeguarded")
    if regel.aanbieder is not None:
        raise RegelOvertreding(f"{regel.product_code}: with a PGB the resident buys the care; "
                               "name no provider")


def _aanbieder(regel: ProductRegel, product: ProductVersie,
               dossier: ProductDossier) -> tuple[str | None, list[str]]:
    if regel.leveringsvorm is Leveringsvorm.PGB:
        return None, []
    afwijkingen: list[str] = []
    aanbieder = regel.aanbieder
    if product.verantwoordelijke_per_wijk and regel.wijk:
        wijk = regel.wijk.lower()
        verantwoordelijke = op_datum(
            (v for v in dossier.verantwoordelijken if v.wijk == wijk), regel.ingangsdatum)
        if verantwoordelijke is None:
            raise RegelOvertreding(f"{regel.product_code}: no accountable provider in wijk "
                                   f"{regel.wijk!r} on {regel.ingangsdatum}")
        if aanbieder is None:
            aanbieder = verantwoordelijke.aanbieder
        elif aanbieder != verantwoordelijke.aanbieder:
            afwijkingen.append(f"{regel.product_code}: provider {aanbieder} is not the "
                               f"accountable provider {verantwoordelijke.aanbieder} of the wijk")
    if aanbieder is None:
        raise RegelOvertreding(f"{regel.product_code}: care in kind (ZIN) needs a provider")
    if not any(c.aanbieder == aanbieder and geldig_op(c, regel.ingangsdatum)
               for c in dossier.contracten):
        raise RegelOvertreding(f"{regel.product_code}: provider {aanbieder} holds no contract "
                               f"for this product on {regel.ingangsdatum}")
    return aanbieder, afwijkingen


def keur_regel(regel: ProductRegel, dossier: ProductDossier) -> GekeurdeRegel:
    """Checks one product line; raises on a legal rule, returns the policy deviations."""
    code = regel.product_code
    if not dossier.versies:
        raise RegelOvertreding(f"product {code} is not in the catalogue")
    if regel.einddatum is not None and regel.einddatum < regel.ingangsdatum:
        raise RegelOvertreding(f"{code}: einddatum lies before ingangsdatum")
    product = op_datum(dossier.versies, regel.ingangsdatum)
    if product is None:
        raise RegelOvertreding(f"product {code} is not valid on {regel.ingangsdatum}")
    if product.geldig_tot is not None and (regel.einddatum is None
                                           or regel.einddatum > product.geldig_tot):
        raise RegelOvertreding(f"product {code} is only valid until {product.geldig_tot}; "
                               "the einddatum must lie within it")
    if product.soort != "maatwerk":
        raise RegelOvertreding(f"product {code} is an algemene voorziening: it needs no "
                               "beschikking")
    keur_pgb(regel, product)
    tarief = op_datum((t for t in dossier.tarieven), regel.ingangsdatum)
    if tarief is None:
        raise RegelOvertreding(f"product {code} has no tariff on {regel.ingangsdatum}")
    volume = regel.volume if regel.volume is not None else product.standaard_volume
    if volume is None:
        raise RegelOvertreding(f"{code}: the omvang (volume) is required for this product")
    afwijkingen: list[str] = []
    if product.max_volume is not None and volume > product.max_volume:
        afwijkingen.append(f"{code}: volume {volume} exceeds the maximum {product.max_volume}")
    afwijkingen += _duur_afwijkingen(regel, product)
    aanbieder, provider_afwijkingen = _aanbieder(regel, product, dossier)
    afwijkingen += provider_afwijkingen
    return GekeurdeRegel(regel=regel, product=product, volume=volume, aanbieder=aanbieder,
                         tarief_cents=tarief.bedrag_cents, afwijkingen=tuple(afwijkingen))


def plus_maanden(d: date, maanden: int) -> date:
    """The same day number ``maanden`` later, clamped to the month's last day."""
    index = d.month - 1 + maanden
    year, month = d.year + index // 12, index % 12 + 1
    for day in range(d.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(d.day, 28))


def _duur_afwijkingen(regel: ProductRegel, product: ProductVersie) -> list[str]:
    code, van, tot = regel.product_code, regel.ingangsdatum, regel.einddatum
    out: list[str] = []
    if product.max_duur_maanden is not None:
        grens = plus_maanden(van, product.max_duur_maanden) - timedelta(days=1)
        if tot is None or tot > grens:
            out.append(f"{code}: the duration exceeds {product.max_duur_maanden} months")
    if product.min_duur_maanden is not None and tot is not None:
        grens = plus_maanden(van, product.min_duur_maanden) - timedelta(days=1)
        if tot < grens:
            out.append(f"{code}: the duration is shorter than {product.min_duur_maanden} months")
    return out
