"""The depot of aids (herverstrekking): items, their issue on a granted product and their
return."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response
from wmokernel.dependencies import Paging, Today, UnitOfWorkDep

from ..models.hulpmiddelen import Hulpmiddel, HulpmiddelVerstrekking
from ..schemas.hulpmiddelen import (
    HulpmiddelDetailOut,
    HulpmiddelIn,
    HulpmiddelList,
    HulpmiddelOut,
    HulpmiddelStatus,
    InnameIn,
    VerstrekkingIn,
    VerstrekkingOut,
)
from ..service import hulpmiddelen
from .dependencies import Registrar

router = APIRouter(tags=["hulpmiddelen"])


def _item(h: Hulpmiddel) -> dict[str, object]:
    return {"id": h.id, "depotnummer": h.depotnummer, "product_code": h.product_code,
            "productcategorie": h.productcategorie, "serienummer": h.serienummer,
            "herkomst": h.herkomst, "status": h.status, "leverancier": h.leverancier,
            "aangeschaft_op": h.aangeschaft_op, "geregistreerd_op": h.geregistreerd_op,
            "afgeschreven_op": h.afgeschreven_op}


def _verstrekking(v: HulpmiddelVerstrekking, h: Hulpmiddel) -> VerstrekkingOut:
    return VerstrekkingOut(
        id=v.id, hulpmiddel_id=h.id, depotnummer=h.depotnummer, product_code=h.product_code,
        beschikt_product_id=v.beschikt_product_id, client_id=v.client_id,
        verstrekt_op=v.verstrekt_op, herverstrekking=v.herverstrekking,
        ingenomen_op=v.ingenomen_op, herbruikbaar=v.herbruikbaar,
        hulpmiddel_status=h.status)


@router.post("/hulpmiddelen", status_code=201, response_model=HulpmiddelOut,
             summary="Register an aid in the depot")
async def post_hulpmiddel(data: HulpmiddelIn, uow: UnitOfWorkDep, principal: Registrar,
                          today: Today, response: Response) -> HulpmiddelOut:
    """An aid bought new or returned, into the depot; only products that are aids (iWmo
    categories 11-14, coded as hulpmiddel, in stuks), else 422. A serial number known for the
    product: 409."""
    item = await hulpmiddelen.register(uow, data, today)
    response.headers["Location"] = f"/api/v1/hulpmiddelen/{item.id}"
    return HulpmiddelOut.model_validate(_item(item))


@router.get("/hulpmiddelen", response_model=HulpmiddelList, summary="List the depot's aids")
async def list_hulpmiddelen(
    uow: UnitOfWorkDep, principal: Registrar, paging: Paging,
    product_code: Annotated[str | None, Query(alias="productCode",
                                              pattern=r"^[0-9]{2}[A-Z][0-9]{2}$")] = None,
    status: Annotated[HulpmiddelStatus | None, Query()] = None,
) -> HulpmiddelList:
    """The aids the gemeente owns, by depotnummer: what is in the depot to be issued again
    (``status=in-depot``), with residents, or written off."""
    rows, total = await hulpmiddelen.list_hulpmiddelen(uow, product_code, status, paging)
    return HulpmiddelList.of([HulpmiddelOut.model_validate(_item(h)) for h in rows], total,
                             paging)


@router.get("/hulpmiddelen/{hulpmiddel_id}", response_model=HulpmiddelDetailOut,
            summary="Read an aid and its verstrekkingen")
async def get_hulpmiddel(hulpmiddel_id: uuid.UUID, uow: UnitOfWorkDep,
                         principal: Registrar) -> HulpmiddelDetailOut:
    """One aid with every verstrekking of it (to which resident, on which granted product,
    returned when); the read is audit-logged per resident."""
    item, verstrekkingen = await hulpmiddelen.lees_hulpmiddel(uow, principal, hulpmiddel_id)
    return HulpmiddelDetailOut.model_validate(
        {**_item(item), "verstrekkingen": [_verstrekking(v, item) for v in verstrekkingen]})


@router.post("/hulpmiddelen/{hulpmiddel_id}/innames", status_code=201,
             response_model=VerstrekkingOut, summary="Take an issued aid back")
async def post_inname(hulpmiddel_id: uuid.UUID, data: InnameIn, uow: UnitOfWorkDep,
                      principal: Registrar, today: Today) -> VerstrekkingOut:
    """Ends the aid's verstrekking: herbruikbaar puts it back in the depot, else it is written
    off. An aid not with a resident: 409."""
    verstrekking, item = await hulpmiddelen.neem_in(uow, principal, hulpmiddel_id, data, today)
    return _verstrekking(verstrekking, item)


@router.post("/beschikte-producten/{beschikt_product_id}/verstrekkingen", status_code=201,
             response_model=VerstrekkingOut, summary="Issue an aid on a granted product")
async def post_verstrekking(beschikt_product_id: uuid.UUID, data: VerstrekkingIn,
                            uow: UnitOfWorkDep, principal: Registrar,
                            today: Today) -> VerstrekkingOut:
    """Reuse before new: an item of the product in the depot when there is one
    (``herverstrekking`` true when it was used before), else a new one from the product's
    supplier. 422 for a product that is not an aid, a PGB (the resident buys it) or a
    beschikking not issued; 409 when the named item is not in the depot or the granted
    number is already with the resident."""
    verstrekking, item = await hulpmiddelen.verstrek(uow, principal, beschikt_product_id, data,
                                                     today)
    return _verstrekking(verstrekking, item)
