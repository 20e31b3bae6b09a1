"""Kanalen: the channels a subscription can follow, with the filters each offers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from wmokernel.dependencies import Paging, UnitOfWorkDep
from wmokernel.problems import NotFound

from ..models import Kanaal
from ..repository import kanalen as repo
from ..schemas import KanaalList, KanaalOut
from .dependencies import Abonnee

router = APIRouter(tags=["kanalen"])


def kanaal_out(k: Kanaal) -> KanaalOut:
    return KanaalOut(naam=k.naam, omschrijving=k.omschrijving, hoofd_object=k.hoofd_object,
                     resource=k.resource, filters=list(k.filters))


@router.get("/kanalen", response_model=KanaalList, summary="List the kanalen")
async def list_kanalen(uow: UnitOfWorkDep, _: Abonnee, paging: Paging) -> KanaalList:
    """The kanalen, by name: one per kind of resource in the domain services."""
    rows, total = await repo.page(uow.session, paging)
    return KanaalList.of([kanaal_out(k) for k in rows], total, paging)


@router.get("/kanalen/{naam}", response_model=KanaalOut, summary="Read a kanaal")
async def get_kanaal(naam: Annotated[str, Path(max_length=40)], uow: UnitOfWorkDep,
                     _: Abonnee) -> KanaalOut:
    """One kanaal and the kenmerken its notifications carry (the filters); 404 if unknown."""
    k = await repo.get(uow.session, naam)
    if k is None:
        raise NotFound(f"kanaal {naam!r}")
    return kanaal_out(k)
