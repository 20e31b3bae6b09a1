"""The U16 region and the overview per municipality (aggregates)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from wmokernel.dependencies import Paging, UnitOfWorkDep
from wmokernel.wire.apimodel import IsoDate

from ..schemas import GemeenteList, GemeenteOut, GemeenteOverzicht
from ..service import overzicht
from .dependencies import AggregateReader

router = APIRouter(tags=["regio"])


@router.get("/gemeenten", response_model=GemeenteList, summary="The U16 municipalities")
async def list_gemeenten(uow: UnitOfWorkDep, principal: AggregateReader,
                         paging: Paging) -> GemeenteList:
    """The 16 municipalities of the region, with Utrecht as centrumgemeente."""
    return GemeenteList.from_all([
        GemeenteOut(cbs_code=g.cbs_code, naam=g.naam, centrumgemeente=g.centrumgemeente)
        for g in await overzicht.gemeenten(uow)
    ], paging)


@router.get("/gemeenten/{cbsCode}/overzicht", response_model=GemeenteOverzicht,
            summary="Overview for one U16 municipality")
async def get_overzicht(
    uow: UnitOfWorkDep, principal: AggregateReader,
    cbs_code: Annotated[str, Path(alias="cbsCode", pattern=r"^[0-9]{4}$")],
    peildatum: Annotated[IsoDate | None, Query()] = None,
) -> GemeenteOverzicht:
    """Aggregates for a U16 partner: its residents per form (aangemeld, waiting and over the
    norm, placed, admitted, out, blocked outflow) and the occupancy of the locations in its
    territory. A U16 municipality sees only its own overview (others: 404)."""
    return await overzicht.gemeente_overzicht(uow, principal, cbs_code,
                                              peildatum or date.today())
