"""Use cases of the ingebrekestelling and its dwangsom bij niet tijdig beslissen (Awb 4:17-4:18):
registered for a late decision on an aanvraag or on a bezwaar, ended by that decision (the
hooks the beschikking and the bezwaar call), read as it stands on a day, and set by
beschikking."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.events.dwangsom import DwangsomVastgesteld, IngebrekestellingOntvangen
from wmokernel.paging import PageRequest
from wmokernel.problems import NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import dwangsom
from ..models.dwangsommen import Ingebrekestelling
from ..repository import bezwaren
from ..repository import dwangsommen as repo
from ..schemas.dwangsommen import (
    IngebrekestellingIn,
    IngebrekestellingOut,
    VaststellingIn,
    VaststellingOut,
)
from .aanvragen import get_aanvraag


async def bij_aanvraag(uow: UnitOfWork, principal: Principal, aanvraag_id: uuid.UUID,
                       data: IngebrekestellingIn, today: date) -> Ingebrekestelling:
    """An ingebrekestelling about the beschikking on the aanvraag (term: 2 weeks, Wmo 2015
    art. 2.3.5, suspensions included)."""
    # The row lock serialises it with a beschikking being given at the same moment.
    aanvraag = await get_aanvraag(uow, aanvraag_id, for_update=True)
    _geen_eerdere(await repo.van_aanvraag(uow.session, aanvraag_id), "aanvraag")
    return await _registreer(
        uow, principal, data, today, aanvraag_id=aanvraag.id, bezwaar_id=None,
        client_id=aanvraag.client_id, beslissen_uiterlijk=aanvraag.beslissen_uiterlijk,
        beslist_op=await repo.eerste_beschikking_op(uow.session, aanvraag_id))


async def bij_bezwaar(uow: UnitOfWork, principal: Principal, bezwaar_id: uuid.UUID,
                      data: IngebrekestellingIn, today: date) -> Ingebrekestelling:
    """An ingebrekestelling about the beslissing op bezwaar (term: Awb 7:10, postponements
    included)."""
    # Not through service.bezwaren, which calls back into this module when it decides.
    bezwaar = await bezwaren.get(uow.session, bezwaar_id, for_update=True)
    if bezwaar is None:
        raise NotFound(f"bezwaar {bezwaar_id}")
    _geen_eerdere(await repo.van_bezwaar(uow.session, bezwaar_id), "bezwaar")
    return await _registreer(
        uow, principal, data, today, aanvraag_id=bezwaar.aanvraag_id, bezwaar_id=bezwaar.id,
        client_id=bezwaar.client_id, beslissen_uiterlijk=bezwaar.beslissen_uiterlijk,
        beslist_op=bezwaar.besloten_op)


def _geen_eerdere(eerdere: Ingebrekestelling | None, waarover: str) -> None:
    if eerdere is not None:
        raise Unprocessable(
            f"Awb 4:17 lid 1: a dwangsom is owed once per decision, for at most 42 days; "
            f"ingebrekestelling {eerdere.id} about this {waarover} was received on "
            f"{eerdere.ontvangen_op}")


async def _registreer(uow: UnitOfWork, principal: Principal, data: IngebrekestellingIn,
                      today: date, *, aanvraag_id: uuid.UUID, bezwaar_id: uuid.UUID | None,
                      client_id: str, beslissen_uiterlijk: date,
                      beslist_op: date | None) -> Ingebrekestelling:
    ontvangen_op = data.ontvangen_op or today
    try:
        eerste = dwangsom.toets_ingebrekestelling(ontvangen_op, beslissen_uiterlijk,
                                                  beslist_op, today)
    except dwangsom.DwangsomRegel as exc:
        raise Unprocessable(str(exc)) from exc
    i = Ingebrekestelling(
        id=uuid.uuid4(), aanvraag_id=aanvraag_id, bezwaar_id=bezwaar_id, client_id=client_id,
        ontvangen_op=ontvangen_op, beslissen_uiterlijk=beslissen_uiterlijk, eerste_dag=eerste,
        beslist_op=beslist_op, geregistreerd_door=principal.subject)
    uow.session.add(i)
    await uow.session.flush()  # one per aanvraag or bezwaar (partial unique indexes): 409
    await uow.audit(principal, action="create", resource_type="ingebrekestelling",
                    resource_id=str(i.id), client_id=client_id,
                    purpose="ingebrekestelling registreren")
    await uow.publish(IngebrekestellingOntvangen(
        aanvraag_id=aanvraag_id, client_id=client_id, ingebrekestelling_id=i.id,
        bezwaar_id=bezwaar_id, ontvangen_op=ontvangen_op,
        beslissen_uiterlijk=beslissen_uiterlijk, eerste_dwangsomdag=eerste))
    return i


async def beschikking_gegeven(uow: UnitOfWork, aanvraag_id: uuid.UUID,
                              afgegeven_op: date) -> None:
    """The beschikking on the aanvraag ends the dwangsom of its ingebrekestelling."""
    i = await repo.van_aanvraag(uow.session, aanvraag_id, for_update=True)
    if i is not None and i.beslist_op is None:
        i.beslist_op = afgegeven_op


async def bezwaar_beslist(uow: UnitOfWork, bezwaar_id: uuid.UUID, besloten_op: date) -> None:
    """The beslissing op bezwaar ends the dwangsom of its ingebrekestelling."""
    i = await repo.van_bezwaar(uow.session, bezwaar_id, for_update=True)
    if i is not None and i.beslist_op is None:
        i.beslist_op = besloten_op


async def get(uow: UnitOfWork, ingebrekestelling_id: uuid.UUID,
              for_update: bool = False) -> Ingebrekestelling:
    i = await repo.get(uow.session, ingebrekestelling_id, for_update)
    if i is None:
        raise NotFound(f"ingebrekestelling {ingebrekestelling_id}")
    return i


async def lijst(uow: UnitOfWork, aanvraag_id: uuid.UUID | None, status: str | None, op: date,
                page: PageRequest) -> tuple[list[IngebrekestellingOut], int]:
    """Those received by ``op`` as they stand then; without ``status``: every one whose
    dwangsom was not yet set on ``op``."""
    rows = [weergave(i, op) for i in await repo.list_(uow.session, aanvraag_id, op,
                                                      open_only=status is None)]
    if status is not None:
        rows = [r for r in rows if r.status == status]
    return page.slice(rows), len(rows)


async def stel_vast(uow: UnitOfWork, principal: Principal, ingebrekestelling_id: uuid.UUID,
                    data: VaststellingIn, today: date) -> Ingebrekestelling:
    """Awb 4:18: the dwangsom set by beschikking, once it has ended, for the amount owed."""
    i = await get(uow, ingebrekestelling_id, for_update=True)
    if i.vastgesteld_op is not None:
        raise Unprocessable(f"Awb 4:18: the dwangsom was already set on {i.vastgesteld_op}")
    vastgesteld_op = data.vastgesteld_op or today
    try:
        v = dwangsom.toets_vaststelling(i.eerste_dag, i.beslist_op, vastgesteld_op,
                                        data.bedrag_cents, data.geen_dwangsom_grond, today)
    except dwangsom.DwangsomRegel as exc:
        raise Unprocessable(str(exc)) from exc
    i.vastgesteld_op, i.dagen, i.bedrag_cents = vastgesteld_op, v.dagen, v.bedrag_cents
    grond = data.geen_dwangsom_grond
    i.geen_dwangsom_grond = grond.value if grond is not None else None
    i.vastgesteld_door = principal.subject
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="ingebrekestelling",
                    resource_id=str(i.id), client_id=i.client_id, purpose="dwangsom vaststellen")
    await uow.publish(DwangsomVastgesteld(
        aanvraag_id=i.aanvraag_id, client_id=i.client_id, ingebrekestelling_id=i.id,
        bezwaar_id=i.bezwaar_id, vastgesteld_op=vastgesteld_op, dagen=v.dagen,
        bedrag_cents=v.bedrag_cents, geen_dwangsom_grond=grond,
        vaststellen_uiterlijk=v.uiterlijk))
    return i


def weergave(i: Ingebrekestelling, op: date) -> IngebrekestellingOut:
    """The ingebrekestelling as it stands on ``op``: a decision or vaststelling after ``op``
    is not yet known then."""
    status = dwangsom.status(i.eerste_dag, op, i.beslist_op, i.vastgesteld_op)
    vaststelling = None
    if status == dwangsom.VASTGESTELD and i.vastgesteld_op is not None:
        dagen, cents = i.dagen or 0, i.bedrag_cents or 0
        uiterlijk = dwangsom.vaststellen_uiterlijk(i.eerste_dag, i.beslist_op)
        vaststelling = VaststellingOut(
            vastgesteld_op=i.vastgesteld_op, dagen=dagen, bedrag_cents=cents,
            geen_dwangsom_grond=(dwangsom.GeenDwangsomGrond(i.geen_dwangsom_grond)
                                 if i.geen_dwangsom_grond else None),
            vaststellen_uiterlijk=uiterlijk,
            tijdig=uiterlijk is None or i.vastgesteld_op <= uiterlijk)
    else:
        dagen = dwangsom.dagen_verschuldigd(i.eerste_dag, op, i.beslist_op)
        cents = dwangsom.bedrag_cents(dagen)
    beslist = i.beslist_op if i.beslist_op is not None and i.beslist_op <= op else None
    return IngebrekestellingOut(
        id=i.id, aanvraag_id=i.aanvraag_id, bezwaar_id=i.bezwaar_id, client_id=i.client_id,
        ontvangen_op=i.ontvangen_op, beslissen_uiterlijk=i.beslissen_uiterlijk,
        eerste_dwangsomdag=i.eerste_dag,
        laatste_dwangsomdag=dwangsom.laatste_mogelijke_dag(i.eerste_dag), beslist_op=beslist,
        peildatum=op, status=status, dagen_verschuldigd=dagen, verschuldigd_cents=cents,
        maximum_cents=dwangsom.MAXIMUM_CENTS,
        vaststellen_uiterlijk=(None if status == dwangsom.Stand.LOPEND.value
                               else dwangsom.vaststellen_uiterlijk(i.eerste_dag, beslist)),
        vaststelling=vaststelling)
