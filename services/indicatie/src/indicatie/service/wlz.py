"""The step from the Wmo to the Wlz, as seamless as possible (the seeds: 000 L795-798).

A buurtteam signals that the Wmo no longer suffices (Wlz art. 3.2.1: permanent toezicht, or
24-hour care in the nabijheid); the gemeente follows the CIZ aanvraag and its outcome. When
the CIZ grants it, every Wmo toewijzing of the client ends the day before the Wlz starts (no
day without care, none paid twice), with RedenWijziging 06 in each provider's WMO301; a
toewijzing that would only begin in the Wlz is withdrawn (13). Open reviews of the client
lapse.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from wmokernel.auth import Principal
from wmokernel.events.herbeoordeling import (
    HerbeoordelingVervalReden,
    WlzAangevraagd,
    WlzBesloten,
    WlzBesluit,
    WlzGesignaleerd,
)
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import herbeoordeling as regels
from ..domain.herbeoordeling import UITSTROOM_ANDER_DOMEIN, WLZ_OVERGANG, WlzActie
from ..domain.iwmo.codes import VERWIJDERD
from ..domain.statussen import OngeldigeOvergang
from ..models import Toewijzing
from ..models.herbeoordeling import WlzOvergang
from ..repository import herbeoordelingen as repo
from ..repository import toegang_meldingen
from ..schemas.herbeoordeling import CizAanvraagIn, WlzBesluitIn, WlzSignaalIn
from . import wijzigingen
from .herbeoordelingen import definitief_gestopt, eigen_wijk, vervalt


def _transition(o: WlzOvergang, action: str) -> None:
    try:
        o.status = WLZ_OVERGANG.next(o.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc


async def signaleer(uow: UnitOfWork, principal: Principal, data: WlzSignaalIn,
                    today: date) -> WlzOvergang:
    """The signal; one running overgang per client (else 409)."""
    gesignaleerd_op = data.gesignaleerd_op or today
    if gesignaleerd_op > today:
        raise Unprocessable("gesignaleerdOp lies in the future")
    eigen = eigen_wijk(principal)
    if eigen is not None and data.team is not None and data.team.lower() != eigen:
        raise Forbidden("a buurtteam signals for its own team")
    if not await toegang_meldingen.client_bekend(uow.session, data.client_id):
        raise Unprocessable(f"clientId {data.client_id} is not known: no melding of this "
                            "client has come from toegang")
    lopend = await repo.lopende_overgang(uow.session, data.client_id)
    if lopend is not None:
        raise Conflict(f"a Wlz overgang of this client runs already ({lopend.id}, status "
                       f"{lopend.status})")
    o = WlzOvergang(
        id=uuid.uuid4(), client_id=data.client_id,
        team=eigen or (data.team.lower() if data.team else None), reden=data.reden.value,
        toelichting=data.toelichting, gesignaleerd_op=gesignaleerd_op,
        gesignaleerd_door=principal.subject, status="gesignaleerd", beeindigd=[])
    uow.session.add(o)
    await uow.session.flush()  # the partial unique index backs the check above: 409
    await uow.audit(principal, action="create", resource_type="wlz-overgang",
                    resource_id=str(o.id), client_id=o.client_id, purpose="Wlz signaleren")
    await uow.publish(WlzGesignaleerd(overgang_id=o.id, client_id=o.client_id, reden=data.reden,
                                      gesignaleerd_op=gesignaleerd_op, team=o.team))
    return o


async def _zichtbaar(uow: UnitOfWork, principal: Principal, overgang_id: uuid.UUID,
                     purpose: str, for_update: bool = False) -> WlzOvergang:
    o = await repo.get_overgang(uow.session, overgang_id, for_update)
    eigen = eigen_wijk(principal)
    if o is None or (eigen is not None and o.team != eigen):
        if o is not None:
            uow.audit_refusal(principal, "wlz-overgang", str(o.id), o.client_id, purpose)
        raise NotFound(f"Wlz overgang {overgang_id}")
    return o


async def get_overgang(uow: UnitOfWork, principal: Principal,
                       overgang_id: uuid.UUID) -> WlzOvergang:
    o = await _zichtbaar(uow, principal, overgang_id, "Wlz overgang lezen")
    await uow.audit(principal, action="read", resource_type="wlz-overgang",
                    resource_id=str(o.id), client_id=o.client_id, purpose="Wlz overgang lezen")
    return o


async def list_overgangen(uow: UnitOfWork, principal: Principal, team: str | None,
                          status: str | None, client_id: str | None,
                          page: PageRequest) -> tuple[list[WlzOvergang], int]:
    """Newest first; a buurtteam sees its own team's."""
    eigen = eigen_wijk(principal)
    if eigen is not None and team is not None and team.lower() != eigen:
        uow.audit_refusal(principal, "wlz-overgang", "*", None, f"Wlz overgangen team {team}")
        raise Forbidden("a buurtteam sees the Wlz overgangen of its own team only")
    rows, total = await repo.list_overgangen(
        uow.session, eigen or (team.lower() if team else None), status, client_id, page)
    await uow.audit(principal, action="read", resource_type="wlz-overgang", resource_id="*",
                    client_id=client_id, purpose=f"Wlz overgangen ({len(rows)})")
    return rows, total


async def ciz_aanvraag(uow: UnitOfWork, principal: Principal, overgang_id: uuid.UUID,
                       data: CizAanvraagIn, today: date) -> WlzOvergang:
    o = await _zichtbaar(uow, principal, overgang_id, "CIZ aanvraag", for_update=True)
    _transition(o, "aanvragen")
    aangevraagd_op = data.aangevraagd_op or today
    if aangevraagd_op > today or aangevraagd_op < o.gesignaleerd_op:
        raise Unprocessable("aangevraagdOp must lie between the signal and today")
    o.aangevraagd_op = aangevraagd_op
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="wlz-overgang",
                    resource_id=str(o.id), client_id=o.client_id, purpose="CIZ aanvraag")
    await uow.publish(WlzAangevraagd(overgang_id=o.id, client_id=o.client_id,
                                     gesignaleerd_op=o.gesignaleerd_op,
                                     aangevraagd_op=aangevraagd_op))
    return o


async def besluit(uow: UnitOfWork, principal: Principal, overgang_id: uuid.UUID,
                  data: WlzBesluitIn, today: date) -> WlzOvergang:
    """The CIZ's outcome; on toekenning the Wmo care in kind ends the day before the Wlz."""
    o = await _zichtbaar(uow, principal, overgang_id, "Wlz besluit", for_update=True)
    toegekend = data.besluit is WlzBesluit.TOEGEKEND
    _transition(o, "toekennen" if toegekend else "afwijzen")
    assert o.aangevraagd_op is not None
    besloten_op = data.besloten_op or today
    if besloten_op > today or besloten_op < o.aangevraagd_op:
        raise Unprocessable("beslotenOp must lie between the CIZ aanvraag and today")
    if toegekend != (data.wlz_ingangsdatum is not None):
        raise Unprocessable("wlzIngangsdatum is given with toegekend, and only then")
    o.besluit, o.besloten_op = data.besluit.value, besloten_op
    aansluitend: bool | None = None
    if data.wlz_ingangsdatum is not None:
        if data.wlz_ingangsdatum < o.aangevraagd_op:
            raise Unprocessable("the Wlz does not start before it was requested at the CIZ")
        o.wlz_ingangsdatum = data.wlz_ingangsdatum
        o.beeindigd = await _beeindig_wmo(uow, principal, o.client_id, data.wlz_ingangsdatum,
                                          today)
        o.laatste_wmo_dag = _laatste_zorgdag(
            await repo.toewijzingen_van_client(uow.session, o.client_id),
            data.wlz_ingangsdatum)
        aansluitend = regels.aansluitend(o.laatste_wmo_dag, data.wlz_ingangsdatum)
        for h in await repo.open_van_client(uow.session, o.client_id):
            await vervalt(uow, h, HerbeoordelingVervalReden.WLZ, besloten_op)
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="wlz-overgang",
                    resource_id=str(o.id), client_id=o.client_id,
                    purpose=f"Wlz besluit: {data.besluit.value}")
    await uow.publish(WlzBesloten(
        overgang_id=o.id, client_id=o.client_id, besluit=data.besluit, besloten_op=besloten_op,
        aangevraagd_op=o.aangevraagd_op, wlz_ingangsdatum=o.wlz_ingangsdatum,
        laatste_wmo_dag=o.laatste_wmo_dag, beeindigde_toewijzingen=len(o.beeindigd),
        aansluitend=aansluitend))
    return o


async def _beeindig_wmo(uow: UnitOfWork, principal: Principal, client_id: str,
                        wlz_ingangsdatum: date, today: date) -> list[dict[str, Any]]:
    """End or withdraw each running toewijzing of the client that reaches into the Wlz."""
    beeindigd: list[dict[str, Any]] = []
    for t in await repo.lopende_toewijzingen_van_client(uow.session, client_id):
        einde = regels.wmo_einde_bij_wlz(t.ingangsdatum, t.einddatum, wlz_ingangsdatum)
        if einde.actie is WlzActie.ONGEMOEID:
            continue
        assert einde.einddatum is not None
        if t.startdatum is not None and t.startdatum >= wlz_ingangsdatum:
            raise Conflict(f"the delivery of toewijzing {t.nummer} ({t.id}) started on "
                           f"{t.startdatum}, within the Wlz: the provider withdraws that start "
                           "(StatusAanlevering 3) before the Wmo care can end")
        if einde.actie is WlzActie.INTREKKEN:
            if await wijzigingen.heeft_declaraties(uow, t.id):
                raise Conflict(f"toewijzing {t.nummer} ({t.id}) would only begin within the "
                               "Wlz but has approved declaratieregels (iWmo 9385): they are "
                               "credited before it can be withdrawn")
            reden = VERWIJDERD
        else:
            reden = UITSTROOM_ANDER_DOMEIN
        await wijzigingen.wijzig_einddatum(uow, principal, t, einde.einddatum, reden, today)
        beeindigd.append({"toewijzingId": str(t.id), "nummer": t.nummer,
                          "aanbieder": t.aanbieder, "einddatum": einde.einddatum.isoformat(),
                          "redenWijziging": reden})
    return beeindigd


def _laatste_zorgdag(toewijzingen: list[Toewijzing], wlz_ingangsdatum: date) -> date | None:
    """The last day of Wmo care in kind before the Wlz: per toewijzing that began before it
    and was not withdrawn, its stop when the provider stopped for good, else its einddatum."""
    dagen: list[date] = []
    for t in toewijzingen:
        if t.reden_wijziging == VERWIJDERD or t.ingangsdatum >= wlz_ingangsdatum:
            continue
        einde = t.stopdatum if definitief_gestopt(t) \
            else t.einddatum
        if einde is not None:
            dagen.append(einde)
    return max(dagen, default=None)
