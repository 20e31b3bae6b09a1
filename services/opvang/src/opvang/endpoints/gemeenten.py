from __future__ import annotations

from datetime import date
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query
from wmokernel.auth import Role
from wmokernel.problems import NotFound

from ..domain.zichtbaarheid import scope_of
from ..models import Gemeente
from ..overzicht import gemeente_overzicht
from ..schemas import GemeenteList, GemeenteOut, GemeenteOverzicht
from .common import AggregateReader, Runtime

router = APIRouter(tags=["regio"])


@router.get("/gemeenten", response_model=GemeenteList, summary="The U16 municipalities")
async def list_gemeenten(rt: Runtime, principal: AggregateReader) -> GemeenteList:
    """The 16 municipalities of the region, with Utrecht as centrumgemeente."""
    async with rt.transaction() as session:
        rows = (await session.scalars(sa.select(Gemeente).order_by(Gemeente.naam))).all()
    return GemeenteList(items=[
        GemeenteOut(cbs_code=g.cbs_code, naam=g.naam, centrumgemeente=g.centrumgemeente)
        for g in rows
    ])


@router.get("/gemeenten/{cbsCode}/overzicht", response_model=GemeenteOverzicht,
            summary="Overview for one U16 municipality")
async def get_overzicht(
    rt: Runtime, principal: AggregateReader,
    cbs_code: Annotated[str, Path(alias="cbsCode", pattern=r"^[0-9]{4}$")],
    peildatum: Annotated[date | None, Query()] = None,
) -> GemeenteOverzicht:
    """Aggregates for a U16 partner: its residents per form (aangemeld, waiting and over the
    norm, placed, admitted, out, blocked outflow) and the occupancy of the locations in its
    territory. A U16 municipality sees only its own overview (others: 404)."""
    scope = scope_of(principal)
    eigen = scope.alles or principal.has_any((Role.MONITOR_VIEWER,)) or \
        scope.gemeente == cbs_code
    async with rt.transaction() as session:
        gemeente = await session.get(Gemeente, cbs_code)
        if gemeente is None or not eigen:
            raise NotFound(f"gemeente {cbs_code}")
        return await gemeente_overzicht(session, cbs_code, gemeente.naam,
                                        peildatum or date.today())
