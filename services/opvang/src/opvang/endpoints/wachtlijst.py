from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from ..domain.vormen import Vorm
from ..overzicht import maandgemiddelden_van, wachtlijst
from ..schemas import MaandgemiddeldenOut, WachtlijstOut
from .common import AggregateReader, PersonReader, Runtime

router = APIRouter(tags=["wachtlijst"])


@router.get("/wachtlijst", response_model=WachtlijstOut, summary="The wachtlijst")
async def get_wachtlijst(
    rt: Runtime, principal: PersonReader,
    vorm: Annotated[Vorm | None, Query()] = None,
    peildatum: Annotated[date | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> WachtlijstOut:
    """Waiting aanmeldingen per form in placement order (crisis, urgent, regular; then the
    longest wait), with the days since verwijzing against the norm (91 days, Living Lab 0).
    A municipality sees its own residents only."""
    async with rt.transaction() as session:
        items = await wachtlijst(session, rt, principal, vorm=vorm.value if vorm else None,
                                 peildatum=peildatum or date.today(), limit=limit)
    return WachtlijstOut(items=items)


@router.get("/wachtlijst/maandgemiddelden", response_model=MaandgemiddeldenOut,
            summary="Average number waiting per month")
async def get_maandgemiddelden(
    rt: Runtime, principal: AggregateReader,
    jaar: Annotated[int, Query(ge=2015, le=2100)],
) -> MaandgemiddeldenOut:
    """Per form and month: the mean over the month's days of the number waiting (aggregate)."""
    async with rt.transaction() as session:
        return await maandgemiddelden_van(session, jaar, date.today())
