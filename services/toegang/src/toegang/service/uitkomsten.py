"""Outcomes of a casus: verwijzingen (aanvullende zorg, Wmo-loket, Regionale toegang, Werk en
Inkomen) and closing the casus."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.catalogue import Kanaal, VerwijzingGedaan
from wmokernel.events.toegang import (
    AanmeldingOpvangGedaan,
    CasusGesloten,
    OpvangVorm,
    SignaalWerkEnInkomenGegeven,
    VerwijzingWmoLoketGedaan,
)
from wmokernel.problems import Conflict, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import delen as deelregels
from ..domain.casus import Stap, VerwijzingNaar, check_uitkomst
from ..domain.reference import GEMEENTE_UTRECHT, TEAM_WMO_LOKET
from ..models import Melding, Verwijzing
from ..repository import clienten as clienten_repo
from ..repository import verwijzingen as verwijzingen_repo
from ..schemas import AfsluitingIn, VerwijzingIn
from .delen import deel
from .dossiers import add_assignee, check_date, open_casus, step, vandaag


async def _new_verwijzing(uow: UnitOfWork, principal: Principal, melding: Melding,
                          naar: VerwijzingNaar, toelichting: str, verwezen_op: date,
                          opvangvorm: str | None = None, urgent: bool = False) -> Verwijzing:
    if await verwijzingen_repo.exists(uow.session, melding.id, naar.value):
        raise Conflict(f"melding {melding.id} was already referred to {naar.value}")
    verwijzing = Verwijzing(id=uuid.uuid4(), melding_id=melding.id, naar=naar.value,
                            toelichting=toelichting, verwezen_op=verwezen_op,
                            verwezen_door=principal.subject, opvangvorm=opvangvorm,
                            urgent=urgent)
    await verwijzingen_repo.add_verwijzing(uow.session, verwijzing)
    return verwijzing


async def _publish_aanmelding_opvang(uow: UnitOfWork, melding: Melding,
                                     verwijzing: Verwijzing) -> None:
    """Opvang opens the aanmelding from this event (its consumer of ``wmo.toegang.v1``)."""
    assert verwijzing.opvangvorm is not None
    gemeente = melding.gemeente or await clienten_repo.gemeente(uow.session, melding.client_id)
    await uow.publish(AanmeldingOpvangGedaan(
        melding_id=melding.id, client_id=melding.client_id, aanmelding_id=verwijzing.id,
        gemeente=gemeente or GEMEENTE_UTRECHT, vorm=OpvangVorm(verwijzing.opvangvorm),
        urgent=verwijzing.urgent, verwezen_op=verwijzing.verwezen_op,
        gemeld_op=melding.gemeld_op, kanaal=Kanaal(melding.kanaal)))


async def meld_aan_voor_opvang(uow: UnitOfWork, principal: Principal, melding: Melding,
                               opvangvorm: OpvangVorm, urgent: bool) -> Verwijzing:
    """A U16 municipality's melding is its aanmelding for opvang or beschermd wonen: the
    verwijzing to the Regionale toegang is made with it, on the melding's day."""
    melding.status = "verwezen"
    await deel(uow, principal, melding.client_id, deelregels.REGIONALE_TOEGANG,
               resource_id=str(melding.id))
    verwijzing = await _new_verwijzing(
        uow, principal, melding, VerwijzingNaar.REGIONALE_TOEGANG,
        "aanmelding door de U16-gemeente", melding.gemeld_op, opvangvorm.value, urgent)
    await _publish_aanmelding_opvang(uow, melding, verwijzing)
    return verwijzing


async def verwijs(uow: UnitOfWork, principal: Principal,
                  melding_id: uuid.UUID, data: VerwijzingIn) -> Verwijzing:
    melding = await open_casus(uow, principal, melding_id, "verwijzing",
                               action="update", lock=True)
    verwezen_op = data.verwezen_op or vandaag()
    if verwezen_op < melding.gemeld_op or verwezen_op > vandaag():
        raise Unprocessable("verwezenOp must lie between the melding date and today")
    step(melding, Stap.SIGNALEREN if data.naar is VerwijzingNaar.WERK_EN_INKOMEN
         else Stap.VERWIJZEN)
    if data.naar in (VerwijzingNaar.AANVULLENDE_ZORG, VerwijzingNaar.REGIONALE_TOEGANG):
        melding.status = "verwezen"
    await deel(uow, principal, melding.client_id, deelregels.bij_verwijzing(data.naar),
               resource_id=str(melding_id))
    verwijzing = await _new_verwijzing(
        uow, principal, melding, data.naar, data.toelichting, verwezen_op,
        data.opvangvorm.value if data.opvangvorm else None, data.urgent)
    if data.naar is VerwijzingNaar.AANVULLENDE_ZORG:
        await uow.publish(VerwijzingGedaan(
            verwijzing_id=verwijzing.id, melding_id=melding_id, client_id=melding.client_id,
            gemeente=melding.gemeente, verwezen_op=verwezen_op, gemeld_op=melding.gemeld_op,
            toelichting=data.toelichting))
    elif data.naar is VerwijzingNaar.WMO_LOKET:
        if data.medewerker is not None:
            await add_assignee(uow, principal, melding_id, data.medewerker, TEAM_WMO_LOKET,
                               "verwijzing naar het Wmo-loket")
        await uow.publish(VerwijzingWmoLoketGedaan(
            melding_id=melding_id, client_id=melding.client_id, gemeente=melding.gemeente,
            verwijzing_id=verwijzing.id,
            verwezen_op=verwezen_op))
    elif data.naar is VerwijzingNaar.REGIONALE_TOEGANG:
        assert data.opvangvorm is not None
        await _publish_aanmelding_opvang(uow, melding, verwijzing)
    else:
        await uow.publish(SignaalWerkEnInkomenGegeven(
            melding_id=melding_id, client_id=melding.client_id, gemeente=melding.gemeente,
            verwijzing_id=verwijzing.id,
            gesignaleerd_op=verwezen_op, prioriteit=data.urgent))
    return verwijzing


async def signal_werk_en_inkomen(uow: UnitOfWork, principal: Principal, melding: Melding,
                                 toelichting: str) -> None:
    """Money problems found in the onderzoek: a priority signal, once per casus, on the
    resident's consent (403 without it)."""
    if await verwijzingen_repo.exists(uow.session, melding.id,
                                      VerwijzingNaar.WERK_EN_INKOMEN.value):
        return
    await deel(uow, principal, melding.client_id, deelregels.WERK_EN_INKOMEN,
               resource_id=str(melding.id))
    today = vandaag()
    verwijzing = await _new_verwijzing(uow, principal, melding,
                                       VerwijzingNaar.WERK_EN_INKOMEN, toelichting, today,
                                       urgent=True)
    await uow.publish(SignaalWerkEnInkomenGegeven(
        melding_id=melding.id, client_id=melding.client_id, gemeente=melding.gemeente,
        verwijzing_id=verwijzing.id,
        gesignaleerd_op=today, prioriteit=True))


async def close(uow: UnitOfWork, principal: Principal,
                melding_id: uuid.UUID, data: AfsluitingIn) -> Melding:
    melding = await open_casus(uow, principal, melding_id, "casus afsluiten",
                               action="update", lock=True)
    step(melding, Stap.AFSLUITEN)
    naar = await verwijzingen_repo.destinations(uow.session, melding_id)
    try:
        check_uitkomst(data.uitkomst, naar)
    except ValueError as exc:
        raise Unprocessable(f"uitkomst: {exc}") from exc
    afgesloten_op = data.afgesloten_op or vandaag()
    check_date("afgeslotenOp", afgesloten_op, melding.gemeld_op, "the melding")
    melding.uitkomst = data.uitkomst.value
    melding.afgesloten_op = afgesloten_op
    await uow.publish(CasusGesloten(
        melding_id=melding_id, client_id=melding.client_id, gemeente=melding.gemeente,
        afgesloten_op=afgesloten_op,
        gemeld_op=melding.gemeld_op, uitkomst=data.uitkomst, team=melding.team))
    return melding
