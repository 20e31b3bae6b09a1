"""Use cases of the onderzoek (Wmo 2015 art. 2.3.2): start after cliëntondersteuning was
offered, findings per domain, extension and suspension with reason, and the verslag.
The caller owns the transaction."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.events.toegang import (
    Ondersteuningsvorm,
    OnderzoekAfgerond,
    OnderzoekGestart,
    OnderzoekTermijnGewijzigd,
    Perspectief,
)
from wmokernel.problems import Unprocessable
from wmokernel.runtime import ServiceRuntime

from . import outcomes
from .access import open_casus
from .casus import (
    Stap,
    check_ondersteuningsvorm,
    is_mantelzorger,
    ontbrekend_voor_verslag,
    volgende_status,
)
from .deadlines import schort_op, verleng
from .meldingen import check_date, step, vandaag
from .models import Melding, Onderzoek, TermijnWijziging
from .schemas import BevindingenIn, OnderzoekIn, OpschortingIn, VerlengingIn, VerslagIn


async def _onderzoek(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                     melding_id: uuid.UUID, purpose: str) -> tuple[Melding, Onderzoek]:
    melding = await open_casus(session, rt, principal, melding_id, purpose, action="update",
                               lock=True)
    onderzoek = await session.get(Onderzoek, melding_id)
    step(melding, Stap.ONDERZOEK_BIJWERKEN)
    assert onderzoek is not None
    return melding, onderzoek


async def start(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                melding_id: uuid.UUID, data: OnderzoekIn) -> Onderzoek:
    melding = await open_casus(session, rt, principal, melding_id, "onderzoek starten",
                               action="update", lock=True)
    step(melding, Stap.ONDERZOEK_STARTEN)
    gestart_op = data.gestart_op or vandaag()
    check_date("gestartOp", gestart_op, melding.gemeld_op, "the melding")
    aangeboden = data.clientondersteuning_aangeboden_op
    if not melding.gemeld_op <= aangeboden <= gestart_op:
        raise Unprocessable("clientondersteuningAangebodenOp: cliëntondersteuning is offered "
                            "between the melding and the start of the onderzoek")
    onderzoek = Onderzoek(melding_id=melding_id, gestart_op=gestart_op,
                          clientondersteuning_aangeboden_op=aangeboden,
                          clientondersteuning_gewenst=data.clientondersteuning_gewenst,
                          clientondersteuner=data.clientondersteuner,
                          gestart_door=principal.subject)
    session.add(onderzoek)
    await session.flush()
    assert melding.persoonlijk_plan_uiterlijk is not None
    await rt.outbox.add(session, OnderzoekGestart(
        melding_id=melding_id, client_id=melding.client_id, gestart_op=gestart_op,
        onderzoek_uiterlijk=melding.onderzoek_uiterlijk,
        persoonlijk_plan_uiterlijk=melding.persoonlijk_plan_uiterlijk,
        clientondersteuning_aangeboden_op=aangeboden,
        clientondersteuning_gewenst=data.clientondersteuning_gewenst))
    return onderzoek


async def record_findings(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                          melding_id: uuid.UUID, data: BevindingenIn) -> Onderzoek:
    melding, onderzoek = await _onderzoek(session, rt, principal, melding_id,
                                          "onderzoek vastleggen")
    try:
        check_ondersteuningsvorm(data.ondersteuningsvorm, data.reden_individueel)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from exc
    if data.persoonlijk_plan_ontvangen_op is not None:
        check_date("persoonlijkPlanOntvangenOp", data.persoonlijk_plan_ontvangen_op,
                   melding.gemeld_op, "the melding")
        melding.persoonlijk_plan_ontvangen_op = data.persoonlijk_plan_ontvangen_op
    mz = data.mantelzorg
    onderzoek.bevindingen = {
        "behoeften": data.behoeften,
        "eigenKrachtEnNetwerk": data.eigen_kracht_en_netwerk,
        "mantelzorg": {**mz.dump(), "isMantelzorger": mz.aanwezig and is_mantelzorger(
            mz.uren_per_week, mz.maanden)},
        "algemeneVoorzieningen": data.algemene_voorzieningen,
        "geldzorgen": data.geldzorgen,
        "geldzorgenToelichting": data.geldzorgen_toelichting,
    }
    onderzoek.zrm = {d.value: score for d, score in data.zrm.items()}
    onderzoek.perspectief = data.perspectief.value if data.perspectief else None
    onderzoek.ondersteuningsvorm = (data.ondersteuningsvorm.value if data.ondersteuningsvorm
                                    else None)
    onderzoek.reden_individueel = data.reden_individueel
    if data.geldzorgen:
        await outcomes.signal_werk_en_inkomen(session, rt, principal, melding,
                                              "geldzorgen (prioriteit)")
    return onderzoek


async def _change_deadline(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                           melding: Melding, soort: Literal["verlenging", "opschorting"],
                           nieuwe: date, reden: str, van: date | None = None,
                           tot_en_met: date | None = None) -> None:
    oude = melding.onderzoek_uiterlijk
    session.add(TermijnWijziging(melding_id=melding.id, soort=soort, van=van,
                                 tot_en_met=tot_en_met, oude_uiterlijk=oude,
                                 nieuwe_uiterlijk=nieuwe, reden=reden, door=principal.subject))
    melding.onderzoek_uiterlijk = nieuwe
    await rt.outbox.add(session, OnderzoekTermijnGewijzigd(
        melding_id=melding.id, client_id=melding.client_id, soort=soort,
        oude_uiterlijk=oude, nieuwe_uiterlijk=nieuwe))


async def extend(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                 melding_id: uuid.UUID, data: VerlengingIn) -> Melding:
    melding, _ = await _onderzoek(session, rt, principal, melding_id, "onderzoek verlengen")
    await _change_deadline(session, rt, principal, melding, "verlenging",
                           verleng(melding.onderzoek_uiterlijk, weken=data.weken), data.reden)
    return melding


async def suspend(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                  melding_id: uuid.UUID, data: OpschortingIn) -> Melding:
    melding, onderzoek = await _onderzoek(session, rt, principal, melding_id,
                                          "onderzoek opschorten")
    if data.van < onderzoek.gestart_op:
        raise Unprocessable("van: a suspension starts on or after the start of the onderzoek")
    try:
        nieuwe = schort_op(melding.onderzoek_uiterlijk, data.van, data.tot_en_met)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from exc
    await _change_deadline(session, rt, principal, melding, "opschorting", nieuwe, data.reden,
                           data.van, data.tot_en_met)
    return melding


async def complete(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                   melding_id: uuid.UUID, data: VerslagIn) -> Onderzoek:
    melding, onderzoek = await _onderzoek(session, rt, principal, melding_id,
                                          "onderzoek afronden")
    missing = ontbrekend_voor_verslag(domeinen_vastgelegd=onderzoek.bevindingen is not None,
                                      perspectief=onderzoek.perspectief,
                                      ondersteuningsvorm=onderzoek.ondersteuningsvorm)
    if missing:
        raise Unprocessable("the onderzoek lacks: " + ", ".join(missing))
    afgerond_op = data.afgerond_op or vandaag()
    check_date("afgerondOp", afgerond_op, onderzoek.gestart_op, "the start of the onderzoek")
    melding.status = volgende_status(melding.status, Stap.ONDERZOEK_AFRONDEN).value
    onderzoek.verslag = data.verslag
    onderzoek.afgerond_op = afgerond_op
    melding.onderzoek_afgerond_op = afgerond_op
    assert onderzoek.perspectief is not None and onderzoek.ondersteuningsvorm is not None
    await rt.outbox.add(session, OnderzoekAfgerond(
        melding_id=melding_id, client_id=melding.client_id, afgerond_op=afgerond_op,
        gemeld_op=melding.gemeld_op, onderzoek_uiterlijk=melding.onderzoek_uiterlijk,
        binnen_termijn=afgerond_op <= melding.onderzoek_uiterlijk,
        perspectief=Perspectief(onderzoek.perspectief),
        ondersteuningsvorm=Ondersteuningsvorm(onderzoek.ondersteuningsvorm)))
    return onderzoek
