"""The wachtlijst and its monthly averages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from wmokernel.dependencies import Paging, UnitOfWorkDep
from wmokernel.wire.apimodel import IsoDate

from ..domain.vormen import Vorm
from ..schemas import MaandgemiddeldenOut, WachtlijstOut
from ..service.wachtlijst import maandgemiddelden_van, wachtlijst
from .dependencies import AggregateReader, PersonReader

router = APIRouter(tags=["wachtlijst"])


@router.get("/wachtlijst", response_model=WachtlijstOut, summary="The wachtlijst")
async def get_wachtlijst(
    uow: UnitOfWorkDep, principal: PersonReader, paging: Paging,
    vorm: Annotated[Vorm | None, Query()] = None,
    peildatum: Annotated[IsoDate | None, Query()] = None,
) -> WachtlijstOut:
    """Waiting aanmeldingen per form in placement order (crisis, urgent, regular; then the
    longest wait), with the days since verwijzing against the norm (91 days, Living Lab 0).
    A municipality sees its own residents only."""
    items, total = await wachtlijst(uow, principal, vorm=vorm.value if vorm else None,
                                    peildatum=peildatum or date.today(), page=paging)
    return WachtlijstOut.of(items, total, paging)


@router.get("/wachtlijst/maandgemiddelden", response_model=MaandgemiddeldenOut,
            summary="Average number waiting per month")
async def get_maandgemiddelden(
    uow: UnitOfWorkDep, principal: AggregateReader,
    jaar: Annotated[int, Query(ge=2015, le=2100)],
) -> MaandgemiddeldenOut:
    """Per form and month: the mean over the month's days of the number waiting (aggregate)."""
    return await maandgemiddelden_van(uow, jaar, date.today())
