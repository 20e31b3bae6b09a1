"""Outcomes of a casus: verwijzingen (aanvullende zorg, Wmo-loket, Regionale toegang, Werk en
Inkomen) and closing the casus. The caller owns the transaction."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
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
from wmokernel.runtime import ServiceRuntime

from .access import open_casus
from .casus import Stap, VerwijzingNaar, check_uitkomst
from .meldingen import add_assignee, check_date, step, vandaag
from .models import Client, Melding, Verwijzing
from .reference import GEMEENTE_UTRECHT, TEAM_WMO_LOKET
from .schemas import AfsluitingIn, VerwijzingIn


async def _new_verwijzing(session: AsyncSession, principal: Principal, melding: Melding,
                          naar: VerwijzingNaar, toelichting: str, verwezen_op: date,
                          opvangvorm: str | None = None, urgent: bool = False) -> Verwijzing:
    exists = await session.scalar(sa.select(Verwijzing.id).where(
        Verwijzing.melding_id == melding.id, Verwijzing.naar == naar.value))
    if exists is not None:
        raise Conflict(f"melding {melding.id} was already referred to {naar.value}")
    verwijzing = Verwijzing(id=uuid.uuid4(), melding_id=melding.id, naar=naar.value,
                            toelichting=toelichting, verwezen_op=verwezen_op,
                            verwezen_door=principal.subject, opvangvorm=opvangvorm,
                            urgent=urgent)
    session.add(verwijzing)
    await session.flush()
    return verwijzing


async def verwijs(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                  melding_id: uuid.UUID, data: VerwijzingIn) -> Verwijzing:
    melding = await open_casus(session, rt, principal, melding_id, "verwijzing",
                               action="update", lock=True)
    verwezen_op = data.verwezen_op or vandaag()
    if verwezen_op < melding.gemeld_op or verwezen_op > vandaag():
        raise Unprocessable("verwezenOp must lie between the melding date and today")
    step(melding, Stap.SIGNALEREN if data.naar is VerwijzingNaar.WERK_EN_INKOMEN
         else Stap.VERWIJZEN)
    if data.naar in (VerwijzingNaar.AANVULLENDE_ZORG, VerwijzingNaar.REGIONALE_TOEGANG):
        melding.status = "verwezen"
    verwijzing = await _new_verwijzing(
        session, principal, melding, data.naar, data.toelichting, verwezen_op,
        data.opvangvorm.value if data.opvangvorm else None, data.urgent)
    if data.naar is VerwijzingNaar.AANVULLENDE_ZORG:
        await rt.outbox.add(session, VerwijzingGedaan(
            verwijzing_id=verwijzing.id, melding_id=melding_id, client_id=melding.client_id,
            verwezen_op=verwezen_op, gemeld_op=melding.gemeld_op, toelichting=data.toelichting))
    elif data.naar is VerwijzingNaar.WMO_LOKET:
        if data.medewerker is not None:
            await add_assignee(session, principal, melding_id, data.medewerker, TEAM_WMO_LOKET,
                               "verwijzing naar het Wmo-loket")
        await rt.outbox.add(session, VerwijzingWmoLoketGedaan(
            melding_id=melding_id, client_id=melding.client_id, verwijzing_id=verwijzing.id,
            verwezen_op=verwezen_op))
    elif data.naar is VerwijzingNaar.REGIONALE_TOEGANG:
        assert data.opvangvorm is not None
        gemeente = await session.scalar(sa.select(Client.gemeente).where(
            Client.id == melding.client_id))
        await rt.outbox.add(session, AanmeldingOpvangGedaan(
            melding_id=melding_id, client_id=melding.client_id, aanmelding_id=verwijzing.id,
            gemeente=gemeente or GEMEENTE_UTRECHT, vorm=OpvangVorm(data.opvangvorm),
            urgent=data.urgent, verwezen_op=verwezen_op, gemeld_op=melding.gemeld_op,
            kanaal=Kanaal(melding.kanaal)))
    else:
        await rt.outbox.add(session, SignaalWerkEnInkomenGegeven(
            melding_id=melding_id, client_id=melding.client_id, verwijzing_id=verwijzing.id,
            gesignaleerd_op=verwezen_op, prioriteit=data.urgent))
    return verwijzing


async def signal_werk_en_inkomen(session: AsyncSession, rt: ServiceRuntime,
                                 principal: Principal, melding: Melding,
                                 toelichting: str) -> None:
    """Money problems found in the onderzoek: a priority signal, once per casus."""
    exists = await session.scalar(sa.select(Verwijzing.id).where(
        Verwijzing.melding_id == melding.id,
        Verwijzing.naar == VerwijzingNaar.WERK_EN_INKOMEN.value))
    if exists is not None:
        return
    today = vandaag()
    verwijzing = await _new_verwijzing(session, principal, melding,
                                       VerwijzingNaar.WERK_EN_INKOMEN, toelichting, today,
                                       urgent=True)
    await rt.outbox.add(session, SignaalWerkEnInkomenGegeven(
        melding_id=melding.id, client_id=melding.client_id, verwijzing_id=verwijzing.id,
        gesignaleerd_op=today, prioriteit=True))


async def close(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                melding_id: uuid.UUID, data: AfsluitingIn) -> Melding:
    melding = await open_casus(session, rt, principal, melding_id, "casus afsluiten",
                               action="update", lock=True)
    step(melding, Stap.AFSLUITEN)
    naar = (await session.scalars(sa.select(Verwijzing.naar).where(
        Verwijzing.melding_id == melding_id))).all()
    try:
        check_uitkomst(data.uitkomst, naar)
    except ValueError as exc:
        raise Unprocessable(f"uitkomst: {exc}") from exc
    afgesloten_op = data.afgesloten_op or vandaag()
    check_date("afgeslotenOp", afgesloten_op, melding.gemeld_op, "the melding")
    melding.uitkomst = data.uitkomst.value
    melding.afgesloten_op = afgesloten_op
    await rt.outbox.add(session, CasusGesloten(
        melding_id=melding_id, client_id=melding.client_id, afgesloten_op=afgesloten_op,
        gemeld_op=melding.gemeld_op, uitkomst=data.uitkomst, team=melding.team))
    return melding
