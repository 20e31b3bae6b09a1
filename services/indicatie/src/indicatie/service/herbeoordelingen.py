"""Herbeoordeling: the periodic review of running care in kind, so that no one stays in
aanvullende zorg for years without need (the seeds: 002 L1828-1832, L3232-3234).

The scan (a background job, like the deadline scan) puts every running toewijzing whose
herbeoordeling date or einddatum comes within the signal window on the worklist, once per
granted product, and signals each date once (the once-only record of ``termijnsignalen``).
The gemeente decides per review: continue (a herindicatie aanvraag through the aanvraag path)
or end (the care ends on the einddatum, the provider gets its WMO301 with RedenWijziging 05).
When the einddatum passes without a decision the scan ends the toewijzing the same way.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import structlog
from wmokernel.auth import Principal, Role
from wmokernel.events.herbeoordeling import (
    EinddatumNadert,
    HerbeoordelingBesloten,
    HerbeoordelingBesluit,
    HerbeoordelingNadert,
    HerbeoordelingVerlopen,
    HerbeoordelingVervallen,
    HerbeoordelingVervalReden,
)
from wmokernel.events.indicatie import AanvraagGrond
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain import herbeoordeling as regels
from ..domain import termijnen
from ..domain.herbeoordeling import HERBEOORDELING, Soort
from ..domain.iwmo.codes import TIJDELIJK_GESTOPT, VERKORTING
from ..domain.statussen import OngeldigeOvergang
from ..models import Toewijzing
from ..models.herbeoordeling import Herbeoordeling
from ..repository import beschikkingen, signalen, toegang_meldingen
from ..repository import herbeoordelingen as repo
from ..schemas import AanvraagIn
from ..schemas.herbeoordeling import HerbeoordelingBesluitIn
from . import aanvragen, wijzigingen

log = structlog.get_logger(__name__)

SYSTEEM = Principal(subject="indicatie", roles=frozenset({Role.SYSTEEM.value}))


def transition(h: Herbeoordeling, action: str) -> None:
    try:
        h.status = HERBEOORDELING.next(h.status, action)
    except OngeldigeOvergang as exc:
        raise Conflict(str(exc)) from exc


def event_base(h: Herbeoordeling) -> dict[str, object]:
    return dict(herbeoordeling_id=h.id, aanvraag_id=h.aanvraag_id,
                beschikking_id=h.beschikking_id, beschikt_product_id=h.beschikt_product_id,
                toewijzing_id=h.toewijzing_id, client_id=h.client_id,
                productcategorie=h.productcategorie, aanbieder=h.aanbieder,
                herbeoordeling_op=h.herbeoordeling_op, einddatum=h.einddatum)


def definitief_gestopt(t: Toewijzing) -> bool:
    """The provider stopped the delivery for good (any stop but a temporary one, WMO588 20)."""
    return t.status == "gestopt" and t.reden_beeindiging != TIJDELIJK_GESTOPT


def _herbeoordeling_op(t: Toewijzing) -> date:
    return t.herbeoordeling_op or termijnen.herbeoordeling_op(t.ingangsdatum, t.einddatum)


def _ververs(h: Herbeoordeling, t: Toewijzing) -> None:
    """The review follows the product's running toewijzing (a change of omvang replaces it,
    a verzoek om wijziging may move its einddatum)."""
    h.toewijzing_id, h.aanbieder = t.id, t.aanbieder
    h.herbeoordeling_op, h.einddatum = _herbeoordeling_op(t), t.einddatum
    h.uiterlijk = regels.uiterlijk(h.herbeoordeling_op, h.einddatum)


# --- the scan ----------------------------------------------------------------------------------


async def scan_herbeoordelingen(uow: UnitOfWork, peildatum: date) -> int:
    """One scan for ``peildatum``: new reviews on the worklist, then every open review
    followed to its running toewijzing, ended when its einddatum passed, signalled when a
    date entered the window. Returns the number of events written."""
    weken: int = uow.settings.herbeoordeling_signaal_weken
    for k, wijk in await repo.kandidaten(uow.session, peildatum,
                                         regels.horizon(peildatum, weken)):
        herbeoordeling_op = _herbeoordeling_op(k)
        await repo.voeg_toe(uow.session, dict(
            id=uuid.uuid4(), beschikt_product_id=k.beschikt_product_id,
            beschikking_id=k.beschikking_id, aanvraag_id=k.aanvraag_id, toewijzing_id=k.id,
            client_id=k.client_id, wijk=wijk, aanbieder=k.aanbieder,
            product_code=k.product_code, productcategorie=k.productcategorie,
            herbeoordeling_op=herbeoordeling_op, einddatum=k.einddatum,
            uiterlijk=regels.uiterlijk(herbeoordeling_op, k.einddatum),
            gesignaleerd_op=peildatum, status="open", version=1))
    written = 0
    for h in await repo.open_items(uow.session):
        t = await repo.lopende_toewijzing(uow.session, h.beschikt_product_id)
        if t is None or definitief_gestopt(t):
            await vervalt(uow, h, HerbeoordelingVervalReden.TOEWIJZING_VERVANGEN if t is None
                          else HerbeoordelingVervalReden.LEVERING_GESTOPT, peildatum)
            written += 1
            continue
        _ververs(h, t)
        if regels.verlopen(t.einddatum, peildatum):
            await _verloopt(uow, h, t, peildatum)
            written += 1
            continue
        for soort, datum in regels.signalen(h.herbeoordeling_op, h.einddatum, peildatum,
                                            weken):
            if await signalen.nieuw_signaal(uow.session, h.id, soort.value, "nadert", datum,
                                            peildatum):
                model = (HerbeoordelingNadert if soort is Soort.HERBEOORDELING
                         else EinddatumNadert)
                await uow.publish(model(**event_base(h), peildatum=peildatum))
                written += 1
    return written


async def scan_today(uow: UnitOfWork) -> None:
    """The background job: the scan for today."""
    count = await scan_herbeoordelingen(uow, date.today())
    if count:
        log.info("herbeoordeling events written", count=count)


async def _verloopt(uow: UnitOfWork, h: Herbeoordeling, t: Toewijzing, peildatum: date) -> None:
    """The einddatum passed without a decision: the toewijzing ends on it, marked for the
    provider's next WMO301 (RedenWijziging 05), so the provider stops the delivery."""
    transition(h, "verlopen")
    h.afgesloten_op = peildatum
    await wijzigingen.wijzig_einddatum(uow, SYSTEEM, t, t.einddatum, VERKORTING, peildatum)
    await uow.publish(HerbeoordelingVerlopen(**event_base(h), verlopen_op=peildatum))


async def vervalt(uow: UnitOfWork, h: Herbeoordeling, reden: HerbeoordelingVervalReden,
                  op: date) -> None:
    """The review is moot: the care ended or moved otherwise."""
    transition(h, "vervallen")
    h.afgesloten_op, h.reden_afsluiting = op, reden.value
    await uow.session.flush()
    await uow.publish(HerbeoordelingVervallen(**event_base(h), reden=reden, vervallen_op=op))


# --- the worklist -------------------------------------------------------------------------------


def eigen_wijk(principal: Principal) -> str | None:
    """The wijk a buurtteam worker sees (its team); None for the gemeente, who sees all."""
    if principal.has_any((Role.GEMEENTE, Role.SYSTEEM)):
        return None
    if not principal.team:
        raise Forbidden("a buurtteam's token names its team (claim team)")
    return principal.team


async def list_herbeoordelingen(uow: UnitOfWork, principal: Principal, team: str | None,
                                status: str | None, uiterlijk_voor: date | None,
                                client_id: str | None,
                                page: PageRequest) -> tuple[list[Herbeoordeling], int]:
    """The worklist, the soonest due first; a buurtteam sees its own wijk's."""
    eigen = eigen_wijk(principal)
    if eigen is not None and team is not None and team.lower() != eigen:
        uow.audit_refusal(principal, "herbeoordeling", "*", None, f"werklijst team {team}")
        raise Forbidden("a buurtteam sees the reviews of its own wijk only")
    wijk = eigen or (team.lower() if team else None)
    rows, total = await repo.list_(uow.session, wijk, status, uiterlijk_voor, client_id, page)
    await uow.audit(principal, action="read", resource_type="herbeoordeling", resource_id="*",
                    client_id=client_id, purpose=f"werklijst herbeoordelingen ({len(rows)})")
    return rows, total


async def _zichtbaar(uow: UnitOfWork, principal: Principal, herbeoordeling_id: uuid.UUID,
                    purpose: str, for_update: bool = False) -> Herbeoordeling:
    h = await repo.get(uow.session, herbeoordeling_id, for_update)
    eigen = eigen_wijk(principal)
    if h is None or (eigen is not None and h.wijk != eigen):
        if h is not None:
            uow.audit_refusal(principal, "herbeoordeling", str(h.id), h.client_id, purpose)
        raise NotFound(f"herbeoordeling {herbeoordeling_id}")
    return h


async def get_herbeoordeling(uow: UnitOfWork, principal: Principal,
                             herbeoordeling_id: uuid.UUID) -> Herbeoordeling:
    h = await _zichtbaar(uow, principal, herbeoordeling_id, "herbeoordeling lezen")
    await uow.audit(principal, action="read", resource_type="herbeoordeling",
                    resource_id=str(h.id), client_id=h.client_id,
                    purpose="herbeoordeling lezen")
    return h


# --- the decision -------------------------------------------------------------------------------


async def besluit(uow: UnitOfWork, principal: Principal, herbeoordeling_id: uuid.UUID,
                  data: HerbeoordelingBesluitIn, today: date) -> Herbeoordeling:
    h = await _zichtbaar(uow, principal, herbeoordeling_id, "herbeoordeling besluiten",
                         for_update=True)
    transition(h, "voortzetten" if data.besluit is HerbeoordelingBesluit.VOORTZETTEN
               else "beeindigen")
    t = await repo.lopende_toewijzing(uow.session, h.beschikt_product_id)
    if t is None or definitief_gestopt(t):
        raise Conflict("the care of this review ended otherwise (stopped by the provider or "
                       "replaced); there is nothing left to decide")
    _ververs(h, t)
    besloten_op = data.besloten_op or today
    beschikking = await beschikkingen.get(uow.session, h.beschikking_id)
    assert beschikking is not None and beschikking.afgegeven_op is not None
    if besloten_op > today or besloten_op < beschikking.afgegeven_op:
        raise Unprocessable("beslotenOp must lie between the beschikking date and today")
    if data.besluit is HerbeoordelingBesluit.VOORTZETTEN:
        if data.einddatum is not None:
            raise Unprocessable("einddatum belongs to beeindigen; a continuation runs through "
                                "the herindicatie aanvraag and its beschikking")
        h.herindicatie_aanvraag_id = await _herindicatie(uow, principal, h, besloten_op,
                                                         today)
    else:
        await _beeindig(uow, principal, h, t, data.einddatum, besloten_op, today)
    h.besluit, h.besloten_op = data.besluit.value, besloten_op
    h.besloten_door, h.motivering = principal.subject, data.motivering
    await uow.session.flush()
    await uow.audit(principal, action="update", resource_type="herbeoordeling",
                    resource_id=str(h.id), client_id=h.client_id,
                    purpose=f"herbeoordeling: {data.besluit.value}")
    await uow.publish(HerbeoordelingBesloten(
        **event_base(h), besluit=data.besluit, besloten_op=besloten_op,
        tijdig=regels.tijdig(besloten_op, h.herbeoordeling_op),
        herindicatie_aanvraag_id=h.herindicatie_aanvraag_id))
    return h


async def _herindicatie(uow: UnitOfWork, principal: Principal, h: Herbeoordeling,
                        ontvangen_op: date, today: date) -> uuid.UUID:
    """A herindicatie aanvraag for the same client, through the aanvraag path (its decision
    term, audit and event), following the same melding as the aanvraag under review."""
    vorige = await aanvragen.get_aanvraag(uow, h.aanvraag_id)
    melding_id = vorige.melding_id
    if melding_id is not None and await toegang_meldingen.get(uow.session, melding_id) is None:
        melding_id = None
    # Built unvalidated: the herindicatie grond is not one a caller of POST /aanvragen may
    # choose (AanvraagIn's Literal), and register_aanvraag applies no grond rule to it.
    values: dict[str, Any] = dict(
        client_id=h.client_id, grond=AanvraagGrond.HERINDICATIE, ontvangen_op=ontvangen_op,
        melding_id=melding_id, gemeld_op=None, wijk=h.wijk or vorige.wijk,
        tijdelijke_voorziening=None)
    data = AanvraagIn.model_construct(**values)
    return (await aanvragen.register_aanvraag(uow, principal, data, today)).id


async def _beeindig(uow: UnitOfWork, principal: Principal, h: Herbeoordeling, t: Toewijzing,
                    einddatum: date | None, besloten_op: date, today: date) -> None:
    """The care ends on the einddatum (or an earlier one); the toewijzing carries
    RedenWijziging 05 in the provider's next WMO301."""
    einde = einddatum or t.einddatum
    if einde is None:
        raise Unprocessable("this toewijzing has no einddatum: name the last day of care")
    if t.einddatum is not None and einde > t.einddatum:
        raise Unprocessable("beeindigen does not extend the care; voortzetten does")
    if einde != t.einddatum and einde < besloten_op:
        raise Unprocessable("a new einddatum lies on or after the decision: care already "
                            "given is not ended retroactively")
    await wijzigingen.wijzig_einddatum(uow, principal, t, einde, VERKORTING, today)
    _ververs(h, t)
