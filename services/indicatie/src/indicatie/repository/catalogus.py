"""Reads of the product catalogue; turns rows into the pure values of ``catalogus``."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from ..domain.catalogus import (
    Abonnementstarief,
    Contract,
    ProductDossier,
    ProductVersie,
    Tarief,
    VerantwoordelijkeAanbieder,
    geldig_op,
)
from ..models import (
    Aanbieder,
    AbonnementstariefRij,
    Product,
    ProductContract,
    ProductTarief,
    WijkVerantwoordelijke,
)


def _versie(p: Product) -> ProductVersie:
    return ProductVersie(
        code=p.code, naam=p.naam, productcategorie=p.productcategorie, eenheid=p.eenheid,
        frequentie=p.frequentie, soort=p.soort, geldig_van=p.geldig_van, geldig_tot=p.geldig_tot,
        standaard_volume=p.standaard_volume, max_volume=p.max_volume,
        min_duur_maanden=p.min_duur_maanden, max_duur_maanden=p.max_duur_maanden,
        intensiteit_wijzigbaar=p.intensiteit_wijzigbaar,
        verantwoordelijke_per_wijk=p.verantwoordelijke_per_wijk)


async def product_dossier(session: AsyncSession, code: str) -> ProductDossier:
    versies = (await session.scalars(sa.select(Product).where(Product.code == code))).all()
    tarieven = (await session.scalars(
        sa.select(ProductTarief).where(ProductTarief.product_code == code))).all()
    contracten = (await session.scalars(
        sa.select(ProductContract).where(ProductContract.product_code == code))).all()
    wijken = (await session.scalars(
        sa.select(WijkVerantwoordelijke).where(WijkVerantwoordelijke.product_code == code))).all()
    return ProductDossier(
        versies=[_versie(p) for p in versies],
        tarieven=[Tarief(t.product_code, t.bedrag_cents, t.geldig_van, t.geldig_tot)
                  for t in tarieven],
        contracten=[Contract(c.product_code, c.aanbieder, c.geldig_van, c.geldig_tot)
                    for c in contracten],
        verantwoordelijken=[VerantwoordelijkeAanbieder(w.wijk, w.product_code, w.aanbieder,
                                                       w.geldig_van, w.geldig_tot)
                            for w in wijken],
    )


async def abonnementstarieven(session: AsyncSession) -> list[Abonnementstarief]:
    rows = (await session.scalars(sa.select(AbonnementstariefRij))).all()
    return [Abonnementstarief(r.bedrag_cents, r.geldig_van, r.geldig_tot) for r in rows]


async def product_versie_op(session: AsyncSession, code: str, d: date) -> ProductVersie | None:
    row = await session.scalar(
        sa.select(Product).where(
            Product.code == code, Product.geldig_van <= d,
            sa.or_(Product.geldig_tot.is_(None), Product.geldig_tot >= d))
        .order_by(Product.geldig_van.desc()).limit(1))
    return _versie(row) if row is not None else None


def _valid(model: type[Product] | type[ProductTarief] | type[ProductContract]
           | type[WijkVerantwoordelijke], d: date) -> sa.ColumnElement[bool]:
    return sa.and_(model.geldig_van <= d,
                   sa.or_(model.geldig_tot.is_(None), model.geldig_tot >= d))


async def catalogus_op(session: AsyncSession, d: date) -> list[
        tuple[ProductVersie, int | None, list[tuple[str, str]], dict[str, str]]]:
    """Every product valid on ``d`` with its tariff, contracted providers and, per wijk,
    the accountable provider."""
    producten = (await session.scalars(
        sa.select(Product).where(_valid(Product, d)).order_by(Product.code))).all()
    tarieven = {t.product_code: t.bedrag_cents for t in (await session.scalars(
        sa.select(ProductTarief).where(_valid(ProductTarief, d)))).all()}
    contracten = (await session.execute(
        sa.select(ProductContract.product_code, Aanbieder.code, Aanbieder.naam)
        .join(Aanbieder, Aanbieder.code == ProductContract.aanbieder)
        .where(_valid(ProductContract, d)).order_by(Aanbieder.code))).all()
    wijken = (await session.scalars(
        sa.select(WijkVerantwoordelijke).where(_valid(WijkVerantwoordelijke, d)))).all()
    out = []
    for p in producten:
        versie = _versie(p)
        assert geldig_op(versie, d)
        out.append((
            versie, tarieven.get(p.code),
            [(code, naam) for pc, code, naam in contracten if pc == p.code],
            {w.wijk: w.aanbieder for w in wijken if w.product_code == p.code},
        ))
    return out
