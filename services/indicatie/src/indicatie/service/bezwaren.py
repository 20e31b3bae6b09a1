"""Use cases of the bezwaar (Awb chapter 6 and 7)."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.events.indicatie import (
    BezwaarBeslist,
    BezwaarIngediend,
    BezwaarUitkomst,
    BezwaarVerdaagd,
)
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import bezwaar_beroep as procedure
from ..domain import termijnen
from ..domain.statussen import BEZWAAR, OngeldigeOvergang
from ..models import Bezwaar, BezwaarVerdaging
from ..repository import beschikkingen
from ..repository import bezwaren as repo
from ..schemas import BezwaarBeslissingIn, BezwaarIn
from ..schemas.bezwaar_beroep import HoorzittingIn, VerdagingIn
from . import dwangsommen
from .aanvragen import get_aanvraag, transition

HEROVERWEGING = frozenset({BezwaarUitkomst.GEGROND, BezwaarUitkomst.DEELS_GEGROND})


async def register(uow: UnitOfWork, principal: Principal, data: BezwaarIn,
                   today: date) -> Bezwaar:
    beschikking = await beschikkingen.get(uow.session, data.beschikking_id, for_update=True)
    if beschikking is None:
        raise NotFound(f"beschikking {data.beschikking_id}")
    if beschikking.status != "afgegeven" or beschikking.afgegeven_op is None:
        raise Conflict(f"the beschikking has status {beschikking.status!r}: a bezwaar is made "
                       "against an issued beschikking")
    if data.ingediend_op > today or data.ingediend_op < beschikking.afgegeven_op:
        raise Unprocessable("ingediendOp must lie between the beschikking date and today")
    aanvraag = await get_aanvraag(uow, beschikking.aanvraag_id)
    uiterlijk = termijnen.bezwaar_beslissen_uiterlijk(
        beschikking.afgegeven_op, data.ingediend_op, data.adviescommissie)
    bezwaar = Bezwaar(
        id=uuid.uuid4(), beschikking_id=beschikking.id, aanvraag_id=aanvraag.id,
        client_id=aanvraag.client_id, ingediend_op=data.ingediend_op,
        ingediend_door=data.ingediend_door.value,
        binnen_termijn=termijnen.bezwaar_tijdig(beschikking.afgegeven_op, data.ingediend_op),
        adviescommissie=data.adviescommissie, beslissen_uiterlijk=uiterlijk,
        oorspronkelijk_beslissen_uiterlijk=uiterlijk, status="ingediend", verdagingen=[],
    )
    uow.session.add(bezwaar)
    await uow.session.flush()  # one open bezwaar per beschikking (partial unique index): 409
    await uow.audit(principal, action="create", resource_type="bezwaar",
                    resource_id=str(bezwaar.id), client_id=bezwaar.client_id,
                    purpose="bezwaar registreren")
    await uow.publish(BezwaarIngediend(
        bezwaar_id=bezwaar.id, beschikking_id=beschikking.id, aanvraag_id=aanvraag.id,
        client_id=aanvraag.client_id, ingediend_op=bezwaar.ingediend_op,
        binnen_termijn=bezwaar.binnen_termijn, adviescommissie=bezwaar.adviescommissie,
        beslissen_uiterlijk=bezwaar.beslissen_uiterlijk, ingediend_door=data.ingediend_door))
    return bezwaar


async def get_bezwaar(uow: UnitOfWork, bezwaar_id: uuid.UUID,
                      for_update: bool = False) -> Bezwaar:
    bezwaar = await repo.get(uow.session, bezwaar_id, for_update)
    if bezwaar is None:
        raise NotFound(f"bezwaar {bezwaar_id}")
    return bezwaar


async def list_bezwaren(uow: UnitOfWork, aanvraag_id: uuid.UUID | None, status: str | None,
                        page: PageRequest) -> tuple[list[Bezwaar], int]:
    return await repo.list_(uow.session, aanvraag_id, status, page)


async def decide(uow: UnitOfWork, principal: Principal, bezwaar_id: uuid.UUID,
                 data: BezwaarBeslissingIn, today: date) -> Bezwaar:
    """The decision on the bezwaar; (deels) gegrond reopens the aanvraag for a new beschikking."""
    bezwaar = await get_bezwaar(uow, bezwaar_id, for_update=True)
    _volgende(bezwaar, "beslissen")
    besloten_op = data.besloten_op or today
    if besloten_op > today or besloten_op < bezwaar.ingediend_op:
        raise Unprocessable("beslotenOp must lie between the bezwaar date and today")
    verzonden_op = data.verzonden_op or besloten_op
    if verzonden_op > today or verzonden_op < besloten_op:
        raise Unprocessable("verzondenOp must lie between beslotenOp and today")
    afgezien = (procedure.AfzienVanHoren(bezwaar.horen_afgezien)
                if bezwaar.horen_afgezien else None)
    try:
        procedure.toets_horen(data.uitkomst, bezwaar.gehoord_op, afgezien)
    except procedure.ProcedureFout as exc:
        raise Unprocessable(str(exc)) from exc
    bezwaar.uitkomst = data.uitkomst.value
    bezwaar.besloten_op = besloten_op
    await dwangsommen.bezwaar_beslist(uow, bezwaar.id, besloten_op)  # ends a dwangsom
    bezwaar.motivering = data.motivering
    if procedure.beroep_mogelijk(data.uitkomst):
        bezwaar.verzonden_op = verzonden_op
        bezwaar.beroep_uiterlijk = procedure.beroep_uiterlijk(verzonden_op)
    heroverweging = data.uitkomst in HEROVERWEGING
    if heroverweging:
        aanvraag = await get_aanvraag(uow, bezwaar.aanvraag_id, for_update=True)
        transition(aanvraag, "heroverwegen")
        aanvraag.beslisronde += 1
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="bezwaar",
                    resource_id=str(bezwaar.id), client_id=bezwaar.client_id,
                    purpose="beslissing op bezwaar")
    await uow.publish(BezwaarBeslist(
        bezwaar_id=bezwaar.id, beschikking_id=bezwaar.beschikking_id,
        aanvraag_id=bezwaar.aanvraag_id, client_id=bezwaar.client_id, uitkomst=data.uitkomst,
        besloten_op=besloten_op, beslissen_uiterlijk=bezwaar.beslissen_uiterlijk,
        binnen_termijn=besloten_op <= bezwaar.beslissen_uiterlijk,
        nieuwe_beschikking_nodig=heroverweging,
        oorspronkelijk_uiterlijk=bezwaar.oorspronkelijk_beslissen_uiterlijk,
        beroep_uiterlijk=bezwaar.beroep_uiterlijk))
    return bezwaar


def _volgende(bezwaar: Bezwaar, action: str) -> None:
    try:
        bezwaar.status = BEZWAAR.next(bezwaar.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc


async def verdaag(uow: UnitOfWork, principal: Principal, bezwaar_id: uuid.UUID,
                  data: VerdagingIn, today: date) -> Bezwaar:
    """Awb 7:10 lid 3 (once, at most 6 weeks) or lid 4 (further, with consent): the decision
    term in force moves; the term as first set stays on record."""
    bezwaar = await get_bezwaar(uow, bezwaar_id, for_update=True)
    _volgende(bezwaar, "verdagen")
    if data.verzonden_op > today or data.verzonden_op < bezwaar.ingediend_op:
        raise Unprocessable("verzondenOp must lie between the bezwaar date and today")
    try:
        verdaging = procedure.verdaag(
            bezwaar.beslissen_uiterlijk, data.weken, data.verzonden_op,
            met_instemming=data.met_instemming,
            al_verdaagd=any(v.soort == "verdaging" for v in bezwaar.verdagingen))
    except procedure.ProcedureFout as exc:
        raise Unprocessable(str(exc)) from exc
    row = BezwaarVerdaging(
        id=uuid.uuid4(), soort=verdaging.soort.value, weken=verdaging.weken, reden=data.reden,
        verzonden_op=data.verzonden_op, oude_uiterlijk=verdaging.oude_uiterlijk,
        nieuwe_uiterlijk=verdaging.nieuwe_uiterlijk, door=principal.subject)
    bezwaar.verdagingen.append(row)
    bezwaar.beslissen_uiterlijk = verdaging.nieuwe_uiterlijk
    # a "nadert" signal given for the old term would hide the one for the new term
    await repo.vergeet_signalen(uow.session, bezwaar.id)
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="bezwaar",
                    resource_id=str(bezwaar.id), client_id=bezwaar.client_id,
                    purpose="beslistermijn bezwaar verdagen")
    await uow.publish(BezwaarVerdaagd(
        bezwaar_id=bezwaar.id, verdaging_id=row.id, beschikking_id=bezwaar.beschikking_id,
        aanvraag_id=bezwaar.aanvraag_id, client_id=bezwaar.client_id, soort=verdaging.soort,
        weken=verdaging.weken, verzonden_op=row.verzonden_op,
        oude_uiterlijk=verdaging.oude_uiterlijk, beslissen_uiterlijk=verdaging.nieuwe_uiterlijk,
        oorspronkelijk_uiterlijk=bezwaar.oorspronkelijk_beslissen_uiterlijk))
    return bezwaar


async def hoor(uow: UnitOfWork, principal: Principal, bezwaar_id: uuid.UUID,
               data: HoorzittingIn, today: date) -> Bezwaar:
    """Records the hearing of the indiener (Awb 7:2) or the ground on which none was held
    (Awb 7:3); once, before the decision."""
    bezwaar = await get_bezwaar(uow, bezwaar_id, for_update=True)
    _volgende(bezwaar, "horen")
    if bezwaar.gehoord_op is not None or bezwaar.horen_afgezien is not None:
        raise Conflict("the hearing of this bezwaar, or the waiver of it, is already recorded")
    if data.gehoord_op is not None and not bezwaar.ingediend_op <= data.gehoord_op <= today:
        raise Unprocessable("gehoordOp must lie between the bezwaar date and today")
    bezwaar.gehoord_op = data.gehoord_op
    bezwaar.horen_afgezien = data.afgezien.value if data.afgezien else None
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="bezwaar",
                    resource_id=str(bezwaar.id), client_id=bezwaar.client_id,
                    purpose="hoorzitting bezwaar")
    return bezwaar
