"""The product catalogue, versioned by date."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep
from wmokernel.wire.apimodel import IsoDate

from ..schemas import AanbiederOut, ProductList, ProductOut
from ..service.catalogus import catalogus
from .dependencies import Anyone

router = APIRouter(tags=["producten"])


@router.get("/producten", response_model=ProductList, summary="List the product catalogue")
async def list_producten(uow: UnitOfWorkDep, principal: Anyone, today: Today, paging: Paging,
                         peildatum: Annotated[IsoDate | None, Query()] = None) -> ProductList:
    """The products valid on the peildatum (default today) with their iWmo productcategorie,
    eenheid and frequentie, tariff, contracted providers, the accountable provider per wijk,
    and the abonnementstarief of that date."""
    d = peildatum or today
    rows, tarief = await catalogus(uow, d)
    return ProductList.from_all(
        [ProductOut(
            code=p.code, naam=p.naam, productcategorie=p.productcategorie, eenheid=p.eenheid,
            frequentie=p.frequentie, soort=p.soort,
            standaard_volume=p.standaard_volume, max_volume=p.max_volume,
            min_duur_maanden=p.min_duur_maanden, max_duur_maanden=p.max_duur_maanden,
            intensiteit_wijzigbaar=p.intensiteit_wijzigbaar, geldig_van=p.geldig_van,
            geldig_tot=p.geldig_tot, tarief_cents=t,
            aanbieders=[AanbiederOut(code=c, naam=n) for c, n in contracten],
            wijk_verantwoordelijken=wijken)
            for p, t, contracten, wijken in rows],
        paging, peildatum=d, abonnementstarief_cents=tarief.bedrag_cents if tarief else None)
