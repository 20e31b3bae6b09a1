"""Use cases of the onderzoek (Wmo 2015 art. 2.3.2): start after cliëntondersteuning was
offered, findings per domain, extension and suspension with reason, and the verslag."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from wmokernel.auth import Principal
from wmokernel.events.toegang import (
    Ondersteuningsvorm,
    OnderzoekAfgerond,
    OnderzoekGestart,
    OnderzoekTermijnGewijzigd,
    Perspectief,
)
from wmokernel.problems import Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.casus import (
    Stap,
    check_ondersteuningsvorm,
    is_mantelzorger,
    ontbrekend_voor_verslag,
    volgende_status,
)
from ..domain.termijnen import schort_op, verleng
from ..models import Melding, Onderzoek, TermijnWijziging
from ..repository import onderzoek as onderzoek_repo
from ..schemas import BevindingenIn, OnderzoekIn, OpschortingIn, VerlengingIn, VerslagIn
from . import uitkomsten
from .dossiers import check_date, open_casus, step, vandaag


async def _onderzoek(uow: UnitOfWork, principal: Principal,
                     melding_id: uuid.UUID, purpose: str) -> tuple[Melding, Onderzoek]:
    melding = await open_casus(uow, principal, melding_id, purpose, action="update",
                               lock=True)
    onderzoek = await onderzoek_repo.get_onderzoek(uow.session, melding_id)
    step(melding, Stap.ONDERZOEK_BIJWERKEN)
    assert onderzoek is not None
    return melding, onderzoek


async def start(uow: UnitOfWork, principal: Principal,
                melding_id: uuid.UUID, data: OnderzoekIn) -> Onderzoek:
    melding = await open_casus(uow, principal, melding_id, "onderzoek starten",
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
    await onderzoek_repo.add_onderzoek(uow.session, onderzoek)
    assert melding.persoonlijk_plan_uiterlijk is not None
    await uow.publish(OnderzoekGestart(
        melding_id=melding_id, client_id=melding.client_id, gemeente=melding.gemeente,
        gestart_op=gestart_op,
        onderzoek_uiterlijk=melding.onderzoek_uiterlijk,
        persoonlijk_plan_uiterlijk=melding.persoonlijk_plan_uiterlijk,
        clientondersteuning_aangeboden_op=aangeboden,
        clientondersteuning_gewenst=data.clientondersteuning_gewenst))
    return onderzoek


async def record_findings(uow: UnitOfWork, principal: Principal,
                          melding_id: uuid.UUID, data: BevindingenIn) -> Onderzoek:
    melding, onderzoek = await _onderzoek(uow, principal, melding_id,
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
        await uitkomsten.signal_werk_en_inkomen(uow, principal, melding,
                                              "geldzorgen (prioriteit)")
    return onderzoek


async def _change_deadline(uow: UnitOfWork, principal: Principal,
                           melding: Melding, soort: Literal["verlenging", "opschorting"],
                           nieuwe: date, reden: str, van: date | None = None,
                           tot_en_met: date | None = None) -> None:
    oude = melding.onderzoek_uiterlijk
    onderzoek_repo.add_termijnwijziging(uow.session, TermijnWijziging(
        melding_id=melding.id, soort=soort, van=van, tot_en_met=tot_en_met,
        oude_uiterlijk=oude, nieuwe_uiterlijk=nieuwe, reden=reden, door=principal.subject))
    melding.onderzoek_uiterlijk = nieuwe
    await uow.publish(OnderzoekTermijnGewijzigd(
        melding_id=melding.id, client_id=melding.client_id, gemeente=melding.gemeente, soort=soort,
        oude_uiterlijk=oude, nieuwe_uiterlijk=nieuwe))


async def extend(uow: UnitOfWork, principal: Principal,
                 melding_id: uuid.UUID, data: VerlengingIn) -> Melding:
    melding, _ = await _onderzoek(uow, principal, melding_id, "onderzoek verlengen")
    await _change_deadline(uow, principal, melding, "verlenging",
                           verleng(melding.onderzoek_uiterlijk, weken=data.weken), data.reden)
    return melding


async def suspend(uow: UnitOfWork, principal: Principal,
                  melding_id: uuid.UUID, data: OpschortingIn) -> Melding:
    melding, onderzoek = await _onderzoek(uow, principal, melding_id,
                                          "onderzoek opschorten")
    if data.van < onderzoek.gestart_op:
        raise Unprocessable("van: a suspension starts on or after the start of the onderzoek")
    try:
        nieuwe = schort_op(melding.onderzoek_uiterlijk, data.van, data.tot_en_met)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from exc
    await _change_deadline(uow, principal, melding, "opschorting", nieuwe, data.reden,
                           data.van, data.tot_en_met)
    return melding


async def complete(uow: UnitOfWork, principal: Principal,
                   melding_id: uuid.UUID, data: VerslagIn) -> Onderzoek:
    melding, onderzoek = await _onderzoek(uow, principal, melding_id,
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
    await uow.publish(OnderzoekAfgerond(
        melding_id=melding_id, client_id=melding.client_id, gemeente=melding.gemeente,
        afgerond_op=afgerond_op,
        gemeld_op=melding.gemeld_op, onderzoek_uiterlijk=melding.onderzoek_uiterlijk,
        binnen_termijn=afgerond_op <= melding.onderzoek_uiterlijk,
        perspectief=Perspectief(onderzoek.perspectief),
        ondersteuningsvorm=Ondersteuningsvorm(onderzoek.ondersteuningsvorm)))
    return onderzoek
