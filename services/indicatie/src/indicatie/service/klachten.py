"""Use cases of the klacht (Awb chapter 9): register, acknowledge, hear, postpone, handle."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.events.klachten import (
    KlachtAfgehandeld,
    KlachtBetreft,
    KlachtOntvangen,
    KlachtUitkomst,
    KlachtVerdaagd,
)
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import klachten as regels
from ..domain.statussen import OngeldigeOvergang
from ..models.klachten import Klacht
from ..repository import klachten as repo
from ..schemas.klachten import (
    KlachtAfhandelingIn,
    KlachtHorenIn,
    KlachtIn,
    KlachtOntvangstbevestigingIn,
    KlachtVerdagingIn,
)

RESOURCE = "klacht"


def _tussen(naam: str, d: date, van: date, today: date) -> None:
    if d < van or d > today:
        raise Unprocessable(f"{naam} must lie between the day the klacht was received "
                            f"({van.isoformat()}) and today")


def _stap(klacht: Klacht, actie: str) -> None:
    try:
        klacht.status = regels.KLACHT.next(klacht.status, actie)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc


async def _audit(uow: UnitOfWork, principal: Principal, klacht: Klacht, action: str,
                 purpose: str) -> None:
    await uow.audit(principal, action=action, resource_type=RESOURCE,
                    resource_id=str(klacht.id), client_id=klacht.client_id, purpose=purpose)


async def register(uow: UnitOfWork, principal: Principal, data: KlachtIn,
                   today: date) -> Klacht:
    if data.ontvangen_op > today:
        raise Unprocessable("ontvangenOp must not lie after today")
    soort = data.betreft.soort
    try:
        code, naam = regels.organisatie(soort, data.betreft.organisatie_code)
    except regels.OngeldigeOrganisatie as exc:
        raise Unprocessable(str(exc)) from exc
    if soort == KlachtBetreft.AANBIEDER:
        naam = await repo.aanbieder_naam(uow.session, code)
        if naam is None:
            raise Unprocessable(f"aanbieder {code} is not in the reference data")
    elif soort == KlachtBetreft.BUURTTEAM:
        naam = data.betreft.organisatie_naam
    klacht = Klacht(
        id=uuid.uuid4(), betreft=soort.value, organisatie_code=code, organisatie_naam=naam,
        client_id=data.client_id, ontvangen_op=data.ontvangen_op,
        omschrijving=data.omschrijving, klachtadviescommissie=data.klachtadviescommissie,
        beslissen_uiterlijk=regels.beslissen_uiterlijk(data.ontvangen_op,
                                                       data.klachtadviescommissie),
        status=regels.IN_BEHANDELING, geregistreerd_door=principal.subject)
    uow.session.add(klacht)
    await uow.session.flush()
    await _audit(uow, principal, klacht, "create", "klacht registreren")
    await uow.publish(KlachtOntvangen(
        klacht_id=klacht.id, betreft=soort, organisatie_code=code,
        ontvangen_op=klacht.ontvangen_op, klachtadviescommissie=klacht.klachtadviescommissie,
        beslissen_uiterlijk=klacht.beslissen_uiterlijk))
    return klacht


async def get_klacht(uow: UnitOfWork, klacht_id: uuid.UUID, for_update: bool = False
                     ) -> Klacht:
    klacht = await repo.get(uow.session, klacht_id, for_update)
    if klacht is None:
        raise NotFound(f"klacht {klacht_id}")
    return klacht


async def lees_klacht(uow: UnitOfWork, principal: Principal, klacht_id: uuid.UUID) -> Klacht:
    """One klacht with the klager's own words: reading it is audit-logged."""
    klacht = await get_klacht(uow, klacht_id)
    await _audit(uow, principal, klacht, "read", "klacht inzien")
    return klacht


async def list_klachten(uow: UnitOfWork, principal: Principal, *, status: str | None,
                        betreft: KlachtBetreft | None, organisatie: str | None,
                        overschreden: bool | None, today: date, page: PageRequest
                        ) -> tuple[list[Klacht], int]:
    rows, total = await repo.list_(
        uow.session, status=status, betreft=betreft.value if betreft else None,
        organisatie=organisatie, overschreden=overschreden, peildatum=today, page=page)
    clients = list(dict.fromkeys(k.client_id for k in rows if k.client_id))
    if clients:
        await uow.audit_clients(principal, action="read", resource_type=RESOURCE,
                                resource_id="*", client_ids=clients, purpose="klachten inzien")
    if len(clients) < len(rows):
        await uow.audit(principal, action="read", resource_type=RESOURCE, resource_id="*",
                        client_id=None, purpose=f"klachten inzien ({len(rows)})")
    return rows, total


async def bevestig_ontvangst(uow: UnitOfWork, principal: Principal, klacht_id: uuid.UUID,
                             data: KlachtOntvangstbevestigingIn, today: date) -> Klacht:
    """The written acknowledgement of receipt (Awb 9:6)."""
    klacht = await get_klacht(uow, klacht_id, for_update=True)
    _stap(klacht, "bevestigen")
    if klacht.ontvangstbevestiging_op is not None:
        raise Conflict("the receipt of this klacht was acknowledged on "
                       f"{klacht.ontvangstbevestiging_op.isoformat()}")
    _tussen("verzondenOp", data.verzonden_op, klacht.ontvangen_op, today)
    klacht.ontvangstbevestiging_op = data.verzonden_op
    await uow.session.flush()
    await _audit(uow, principal, klacht, "update", "ontvangst klacht bevestigen")
    return klacht


async def hoor(uow: UnitOfWork, principal: Principal, klacht_id: uuid.UUID, data: KlachtHorenIn,
               today: date) -> Klacht:
    """The hearing held, or waived on a ground of Awb 9:10 lid 2."""
    klacht = await get_klacht(uow, klacht_id, for_update=True)
    _stap(klacht, "horen")
    if klacht.gehoord_op is not None or klacht.horen_afgezien_op is not None:
        raise Conflict("the hearing of this klacht is already recorded")
    if data.gehoord_op is not None:
        _tussen("gehoordOp", data.gehoord_op, klacht.ontvangen_op, today)
        klacht.gehoord_op = data.gehoord_op
    elif data.afgezien_op is not None and data.grond_afzien is not None:
        _tussen("afgezienOp", data.afgezien_op, klacht.ontvangen_op, today)
        klacht.horen_afgezien_op = data.afgezien_op
        klacht.horen_afzien_grond = data.grond_afzien.value
    await uow.session.flush()
    await _audit(uow, principal, klacht, "update", "klager horen")
    return klacht


async def verdaag(uow: UnitOfWork, principal: Principal, klacht_id: uuid.UUID,
                  data: KlachtVerdagingIn, today: date) -> Klacht:
    """Postpone the handling once by 4 weeks (Awb 9:11 lid 2); a second time is refused."""
    klacht = await get_klacht(uow, klacht_id, for_update=True)
    _stap(klacht, "verdagen")
    _tussen("mededelingOp", data.mededeling_op, klacht.ontvangen_op, today)
    oud = klacht.beslissen_uiterlijk
    try:
        nieuw = regels.verdagen(klacht.ontvangen_op, klacht.klachtadviescommissie,
                                klacht.verdaagd_op is not None, data.mededeling_op)
    except regels.KlachtRegel as exc:
        raise Unprocessable(str(exc)) from exc
    klacht.verdaagd_op = data.mededeling_op
    klacht.verdaging_reden = data.reden
    klacht.beslissen_uiterlijk = nieuw
    await uow.session.flush()
    await _audit(uow, principal, klacht, "update", "klacht verdagen")
    await uow.publish(KlachtVerdaagd(
        klacht_id=klacht.id, betreft=KlachtBetreft(klacht.betreft),
        organisatie_code=klacht.organisatie_code, mededeling_op=data.mededeling_op,
        oude_uiterlijk=oud, beslissen_uiterlijk=nieuw))
    return klacht


async def handel_af(uow: UnitOfWork, principal: Principal, klacht_id: uuid.UUID,
                    data: KlachtAfhandelingIn, today: date) -> Klacht:
    """The handling with its outcome (Awb 9:12), judged against its term."""
    klacht = await get_klacht(uow, klacht_id, for_update=True)
    _stap(klacht, "afhandelen")
    afgehandeld_op = data.afgehandeld_op or today
    _tussen("afgehandeldOp", afgehandeld_op, klacht.ontvangen_op, today)
    grond = (regels.AfzienGrond(klacht.horen_afzien_grond) if klacht.horen_afzien_grond
             else None)
    try:
        regels.toets_afhandeling(data.uitkomst, klacht.ontvangstbevestiging_op,
                                 klacht.gehoord_op is not None, grond)
    except regels.KlachtRegel as exc:
        raise Unprocessable(str(exc)) from exc
    uiterlijk = regels.toetsingsdatum(data.uitkomst, klacht.ontvangen_op,
                                      klacht.beslissen_uiterlijk)
    klacht.uitkomst = data.uitkomst.value
    klacht.afgehandeld_op = afgehandeld_op
    klacht.tijdig = afgehandeld_op <= uiterlijk
    klacht.toelichting = data.toelichting
    await uow.session.flush()
    await _audit(uow, principal, klacht, "update", "klacht afhandelen")
    await uow.publish(KlachtAfgehandeld(
        klacht_id=klacht.id, betreft=KlachtBetreft(klacht.betreft),
        organisatie_code=klacht.organisatie_code, uitkomst=KlachtUitkomst(data.uitkomst),
        afgehandeld_op=afgehandeld_op, beslissen_uiterlijk=uiterlijk,
        binnen_termijn=klacht.tijdig))
    return klacht
