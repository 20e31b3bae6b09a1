"""Use cases of the depot of aids: register an item, issue an aid on a granted product
(reuse before new), take it back."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.events.indicatie import HulpmiddelIngenomen, HulpmiddelVerstrekt, Leveringsvorm
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.catalogus import geldig_op, op_datum
from ..domain.hulpmiddelen import (
    HULPMIDDEL,
    DepotItem,
    Herkomst,
    NietVerstrekbaar,
    Status,
    TeVerstrekken,
    is_herverstrekking,
    is_hulpmiddel,
    keur_verstrekking,
    kies_uit_depot,
    na_inname,
    volume_verstrekt,
)
from ..domain.statussen import OngeldigeOvergang
from ..models.hulpmiddelen import Hulpmiddel, HulpmiddelVerstrekking
from ..repository import beschikkingen
from ..repository import hulpmiddelen as repo
from ..repository.catalogus import product_dossier
from ..schemas.hulpmiddelen import HulpmiddelIn, InnameIn, VerstrekkingIn
from .aanvragen import get_aanvraag


async def register(uow: UnitOfWork, data: HulpmiddelIn, today: date) -> Hulpmiddel:
    """An item into the depot. Holds no client data: not audit-logged."""
    geregistreerd_op = data.geregistreerd_op or today
    if geregistreerd_op > today:
        raise Unprocessable("geregistreerdOp lies in the future")
    if data.aangeschaft_op is not None and data.aangeschaft_op > geregistreerd_op:
        raise Unprocessable("aangeschaftOp lies after geregistreerdOp")
    dossier = await product_dossier(uow.session, data.product_code)
    product = op_datum(dossier.versies, geregistreerd_op)
    if product is None:
        raise Unprocessable(f"product {data.product_code} is not in the catalogue on "
                            f"{geregistreerd_op}")
    if not is_hulpmiddel(product.code, product.productcategorie, product.eenheid):
        raise Unprocessable(f"product {product.code} ({product.naam}) is not an aid: the "
                            "depot holds only hulpmiddelen")
    if data.leverancier is not None and not any(
            c.aanbieder == data.leverancier and geldig_op(c, data.aangeschaft_op
                                                          or geregistreerd_op)
            for c in dossier.contracten):
        raise Unprocessable(f"supplier {data.leverancier} holds no contract for "
                            f"{product.code}")
    item = Hulpmiddel(
        id=uuid.uuid4(), product_code=product.code, productcategorie=product.productcategorie,
        serienummer=data.serienummer, herkomst=data.herkomst, status=Status.IN_DEPOT,
        leverancier=data.leverancier, aangeschaft_op=data.aangeschaft_op,
        geregistreerd_op=geregistreerd_op)
    uow.session.add(item)
    await uow.session.flush()  # a serial number twice for one product: 409
    return item


async def get_hulpmiddel(uow: UnitOfWork, hulpmiddel_id: uuid.UUID,
                         for_update: bool = False) -> Hulpmiddel:
    item = await repo.get(uow.session, hulpmiddel_id, for_update)
    if item is None:
        raise NotFound(f"hulpmiddel {hulpmiddel_id}")
    return item


async def list_hulpmiddelen(uow: UnitOfWork, product_code: str | None, status: str | None,
                            page: PageRequest) -> tuple[list[Hulpmiddel], int]:
    return await repo.list_(uow.session, product_code, status, page)


async def lees_hulpmiddel(uow: UnitOfWork, principal: Principal, hulpmiddel_id: uuid.UUID,
                          ) -> tuple[Hulpmiddel, list[HulpmiddelVerstrekking]]:
    """The item with the residents it was issued to (each read audit-logged)."""
    item = await get_hulpmiddel(uow, hulpmiddel_id)
    verstrekkingen = await repo.verstrekkingen_van(uow.session, item.id)
    for client_id in dict.fromkeys(v.client_id for v in verstrekkingen):
        await uow.audit(principal, action="read", resource_type="hulpmiddel",
                        resource_id=str(item.id), client_id=client_id,
                        purpose="verstrekkingen van een hulpmiddel inzien")
    return item, verstrekkingen


def _overgang(item: Hulpmiddel, action: str) -> None:
    try:
        item.status = HULPMIDDEL.next(item.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(f"hulpmiddel {item.depotnummer}: {exc}") from exc


async def _uit_depot(uow: UnitOfWork, product_code: str,
                     gevraagd: uuid.UUID | None) -> Hulpmiddel | None:
    if gevraagd is not None:
        item = await get_hulpmiddel(uow, gevraagd, for_update=True)
        if item.product_code != product_code:
            raise Unprocessable(f"hulpmiddel {item.depotnummer} is a {item.product_code}, "
                                f"the granted product is {product_code}")
        if item.status != Status.IN_DEPOT:
            raise Conflict(f"hulpmiddel {item.depotnummer} is not in the depot (status "
                           f"{item.status!r})")
        return item
    kandidaten = await repo.in_depot(uow.session, product_code)
    keuze = kies_uit_depot(
        (DepotItem(i.id, i.product_code, i.status, i.geregistreerd_op, i.depotnummer)
         for i in kandidaten), product_code)
    return next(i for i in kandidaten if i.id == keuze.id) if keuze is not None else None


async def verstrek(uow: UnitOfWork, principal: Principal, beschikt_product_id: uuid.UUID,
                   data: VerstrekkingIn, today: date,
                   ) -> tuple[HulpmiddelVerstrekking, Hulpmiddel]:
    """Issues an aid on a granted product in kind: from the depot when it holds one of the
    product, else a new item from the product's supplier."""
    product = await beschikkingen.product(uow.session, beschikt_product_id)
    if product is None:
        raise NotFound(f"beschikt product {beschikt_product_id}")
    # The row lock serialises two issues on one beschikking (the volume check below).
    beschikking = await beschikkingen.get(uow.session, product.beschikking_id, for_update=True)
    assert beschikking is not None
    verstrekt_op = data.verstrekt_op or today
    te_verstrekken = TeVerstrekken(
        product_code=product.product_code, productcategorie=product.productcategorie,
        eenheid=product.eenheid, leveringsvorm=Leveringsvorm(product.leveringsvorm),
        beschikking_status=beschikking.status, ingangsdatum=product.ingangsdatum,
        einddatum=product.einddatum, volume=product.volume,
        lopende_verstrekkingen=await repo.lopend_op_product(uow.session, product.id))
    try:
        keur_verstrekking(te_verstrekken, verstrekt_op, today)
    except NietVerstrekbaar as exc:
        raise Unprocessable(str(exc)) from exc
    if volume_verstrekt(te_verstrekken):
        raise Conflict(f"the resident has the granted {product.volume} aid(s) of "
                       f"{product.product_code}: one is taken back before another is issued")
    aanvraag = await get_aanvraag(uow, beschikking.aanvraag_id)

    item = await _uit_depot(uow, product.product_code, data.hulpmiddel_id)
    if item is None:
        item = Hulpmiddel(
            id=uuid.uuid4(), product_code=product.product_code,
            productcategorie=product.productcategorie, serienummer=data.serienummer,
            herkomst=Herkomst.NIEUW, status=Status.IN_DEPOT, leverancier=product.aanbieder,
            aangeschaft_op=verstrekt_op, geregistreerd_op=verstrekt_op)
        uow.session.add(item)
        await uow.session.flush()
        herverstrekking = False
    else:
        herverstrekking = is_herverstrekking(
            item.herkomst, await repo.eerder_verstrekt(uow.session, item.id))
    _overgang(item, "verstrekken")
    verstrekking = HulpmiddelVerstrekking(
        id=uuid.uuid4(), hulpmiddel_id=item.id, beschikt_product_id=product.id,
        client_id=aanvraag.client_id, verstrekt_op=verstrekt_op,
        herverstrekking=herverstrekking)
    uow.session.add(verstrekking)
    await uow.session.flush()
    await uow.audit(principal, action="create", resource_type="hulpmiddel-verstrekking",
                    resource_id=str(verstrekking.id), client_id=aanvraag.client_id,
                    purpose="hulpmiddel verstrekken")
    await uow.publish(HulpmiddelVerstrekt(
        hulpmiddel_id=item.id, product_code=item.product_code,
        productcategorie=item.productcategorie, verstrekking_id=verstrekking.id,
        client_id=aanvraag.client_id, beschikt_product_id=product.id,
        verstrekt_op=verstrekt_op, herverstrekking=herverstrekking))
    return verstrekking, item


async def neem_in(uow: UnitOfWork, principal: Principal, hulpmiddel_id: uuid.UUID,
                  data: InnameIn, today: date) -> tuple[HulpmiddelVerstrekking, Hulpmiddel]:
    """Takes an issued aid back: into the depot when herbruikbaar, else written off."""
    item = await get_hulpmiddel(uow, hulpmiddel_id, for_update=True)
    verstrekking = await repo.lopende_verstrekking(uow.session, item.id)
    if verstrekking is None:
        raise Conflict(f"hulpmiddel {item.depotnummer} is not with a resident (status "
                       f"{item.status!r})")
    ingenomen_op = data.ingenomen_op or today
    if ingenomen_op > today or ingenomen_op < verstrekking.verstrekt_op:
        raise Unprocessable("ingenomenOp must lie between the verstrekking "
                            f"({verstrekking.verstrekt_op}) and today")
    _overgang(item, na_inname(data.herbruikbaar))
    if item.status == Status.AFGESCHREVEN:
        item.afgeschreven_op = ingenomen_op
    verstrekking.ingenomen_op = ingenomen_op
    verstrekking.herbruikbaar = data.herbruikbaar
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="hulpmiddel-verstrekking",
                    resource_id=str(verstrekking.id), client_id=verstrekking.client_id,
                    purpose="hulpmiddel innemen")
    await uow.publish(HulpmiddelIngenomen(
        hulpmiddel_id=item.id, product_code=item.product_code,
        productcategorie=item.productcategorie, verstrekking_id=verstrekking.id,
        client_id=verstrekking.client_id, ingenomen_op=ingenomen_op,
        herbruikbaar=data.herbruikbaar))
    return verstrekking, item
