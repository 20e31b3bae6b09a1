"""Matching proposals, atomic reservation of a place, opname, uitstroom and housing offers.

A place is reserved with one conditional UPDATE (``bezet = bezet + 1 WHERE bezet <
capaciteit``, :func:`repository.locaties.neem_plaats`): PostgreSQL re-checks the condition on
the newest row version after a concurrent writer commits, so concurrent placements can never
overfill a location (a CHECK constraint backs this up). The aanmelding row is locked first
(SELECT ... FOR UPDATE), so one client never gets two places.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from wmokernel.auth import Principal
from wmokernel.events.opvang import (
    ClientOpgenomen,
    ClientUitgestroomd,
    PlaatsGereserveerd,
    UitstroomGeblokkeerd,
    WoningAangeboden,
)
from wmokernel.grondslag import grondslag_van_lezer
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ..domain.matching import Voorstel, past, toewijzingsronde
from ..domain.wachtlijst import wachttijd
from ..domain.zichtbaarheid import Scope, mag_plaatsing_wijzigen, scope_of, ziet_aanmelding
from ..models import Aanmelding, Locatie, Plaatsing, WoningAanbod
from ..repository import aanmeldingen as aanmeldingen_repo
from ..repository import locaties as locaties_repo
from ..repository import plaatsingen as repo
from ..repository import wachtlijst as wachtlijst_repo
from ..repository.aanmeldingen import als_wachtende
from ..repository.locaties import als_plek
from ..repository.plaatsingen import PlaatsingRij
from ..schemas import OpnameIn, UitstroomBlokkadeIn, UitstroomIn, WoningAanbodIn
from . import aanmeldingen


def _locatie_velden(a: Aanmelding, loc: Locatie) -> dict[str, Any]:
    """Location fields for an event: none at all for a protected client."""
    if a.beschermd:
        return {}
    return {"locatie_id": loc.id, "locatie_gemeente": loc.gemeente,
            "bovenregionaal": loc.bovenregionaal, "capaciteit": loc.capaciteit,
            "bezetting": loc.bezet}


async def _audit(uow: UnitOfWork, principal: Principal, p: Plaatsing, a: Aanmelding, *,
                 action: str, purpose: str) -> None:
    await uow.audit(principal, action=action, resource_type="plaatsing", resource_id=str(p.id),
                    client_id=a.client_id, purpose=purpose,
                    grondslag=grondslag_van_lezer(principal.roles))


async def voorstel(uow: UnitOfWork, principal: Principal, aanmelding_id: uuid.UUID,
                   limit: int = 20) -> tuple[list[Voorstel], dict[str, str]]:
    """The proposal, best first, with the names of its locations."""
    a = await aanmeldingen.get_visible(uow, scope_of(principal), aanmelding_id)
    await uow.audit(principal, action="read", resource_type="aanmelding",
                    resource_id=str(a.id), client_id=a.client_id,
                    purpose="plaatsingsvoorstel")
    index = await locaties_repo.index_voor_vorm(uow.session, a.vorm)
    items = index.voorstel(als_wachtende(a), limit=limit)
    return items, await locaties_repo.namen(uow.session, [v.plek.id for v in items])


async def _plaats(uow: UnitOfWork, a: Aanmelding, locatie_ids: Sequence[uuid.UUID],
                  op: date) -> Plaatsing | None:
    for locatie_id in locatie_ids:
        if await locaties_repo.neem_plaats(uow.session, locatie_id):
            break
    else:
        return None
    loc = await locaties_repo.get(uow.session, locatie_id, populate_existing=True)
    assert loc is not None
    plaatsing = Plaatsing(id=uuid.uuid4(), aanmelding_id=a.id, locatie_id=loc.id,
                          status="gereserveerd", gereserveerd_op=op)
    a.status = "geplaatst"
    a.wachtlijst_tot = op
    await repo.add(uow.session, plaatsing)
    await uow.publish(PlaatsGereserveerd(
        aanmelding_id=a.id, plaatsing_id=plaatsing.id, client_id=a.client_id,
        gemeente=a.gemeente, vorm=a.vorm, gereserveerd_op=op, **_locatie_velden(a, loc)))
    return plaatsing


async def reserveer(uow: UnitOfWork, principal: Principal, aanmelding_id: uuid.UUID,
                    locatie_id: uuid.UUID | None, op: date | None) -> PlaatsingRij:
    """Reserves the named place, or the best free place of the proposal (trying the next one
    when a concurrent placement took the last place first)."""
    a = await aanmeldingen.get_visible(uow, scope_of(principal), aanmelding_id,
                                       for_update=True)
    if a.status != "wachtend":
        raise Conflict(f"aanmelding {aanmelding_id} is {a.status}, not waiting for a place"
                       + (" (the BW indicatie is missing)" if a.status == "aangemeld" else ""))
    dag = op or date.today()
    if dag < a.verwezen_op:
        raise Unprocessable("gereserveerdOp lies before the verwijzing")
    wachtende = als_wachtende(a)
    if locatie_id is not None:
        loc = await locaties_repo.get(uow.session, locatie_id)
        if loc is None:
            raise NotFound(f"locatie {locatie_id}")
        plek = als_plek(loc)
        plek.bezet = min(plek.bezet, plek.capaciteit - 1)  # fullness is the UPDATE's call
        if not past(plek, wachtende):
            raise Unprocessable("the location does not fit the client (form, target group, "
                                "or bovenregionaal without an approved exception)")
        kandidaten = [locatie_id]
    else:
        index = await locaties_repo.index_voor_vorm(uow.session, a.vorm)
        kandidaten = [uuid.UUID(v.plek.id) for v in index.voorstel(wachtende)]
    plaatsing = await _plaats(uow, a, kandidaten, dag)
    if plaatsing is None:
        raise Conflict("no free place fits; the aanmelding stays on the wachtlijst")
    await _audit(uow, principal, plaatsing, a, action="create", purpose="plaatsing")
    loc = await locaties_repo.get(uow.session, plaatsing.locatie_id)
    assert loc is not None
    return plaatsing, a, loc


async def toewijzingsronde_uitvoeren(uow: UnitOfWork, principal: Principal,
                                     op: date) -> tuple[int, list[uuid.UUID]]:
    """One full allocation round over the whole wachtlijst; returns (waiting, placed ids)."""
    wachtend = await wachtlijst_repo.wachtend_verwezen_tot(uow.session, op)
    locaties = await locaties_repo.alle(uow.session)
    paren = toewijzingsronde([als_wachtende(a) for a in wachtend],
                             [als_plek(loc) for loc in locaties])
    geplaatst: list[uuid.UUID] = []
    for aanmelding_id, locatie_id in paren:
        a = await aanmeldingen_repo.get(uow.session, uuid.UUID(aanmelding_id), for_update=True,
                                       populate_existing=True)
        if a is None or a.status != "wachtend":
            continue
        plaatsing = await _plaats(uow, a, [uuid.UUID(locatie_id)], op)
        if plaatsing is not None:
            await _audit(uow, principal, plaatsing, a, action="create",
                         purpose="toewijzingsronde")
            geplaatst.append(plaatsing.id)
    return len(wachtend), geplaatst


async def _get(uow: UnitOfWork, scope: Scope, plaatsing_id: uuid.UUID, *,
               for_update: bool = False) -> PlaatsingRij:
    rij = await repo.get(uow.session, plaatsing_id, for_update=for_update)
    if rij is None:
        raise NotFound(f"plaatsing {plaatsing_id}")
    _, a, loc = rij
    if not ziet_aanmelding(scope, gemeente=a.gemeente, team=a.team, aanbieders={loc.aanbieder}):
        raise NotFound(f"plaatsing {plaatsing_id}")
    return rij


async def _te_wijzigen(uow: UnitOfWork, principal: Principal,
                       plaatsing_id: uuid.UUID) -> PlaatsingRij:
    """The plaatsing, locked, if the caller may record its opname or uitstroom; else 404."""
    scope = scope_of(principal)
    rij = await _get(uow, scope, plaatsing_id, for_update=True)
    if not mag_plaatsing_wijzigen(scope, aanbieder=rij[2].aanbieder):
        raise NotFound(f"plaatsing {plaatsing_id}")
    return rij


async def read(uow: UnitOfWork, principal: Principal, plaatsing_id: uuid.UUID) -> PlaatsingRij:
    p, a, loc = await _get(uow, scope_of(principal), plaatsing_id)
    await _audit(uow, principal, p, a, action="read", purpose="plaatsing inzien")
    return p, a, loc


async def list_visible(uow: UnitOfWork, principal: Principal, *, status: str | None,
                       aanmelding_id: uuid.UUID | None,
                       page: PageRequest) -> tuple[list[PlaatsingRij], int]:
    rows, total = await repo.list_visible(uow.session, scope_of(principal), status=status,
                                          aanmelding_id=aanmelding_id, page=page)
    for p, a, _ in rows:
        await _audit(uow, principal, p, a, action="read", purpose="plaatsingen inzien")
    return rows, total


async def opname(uow: UnitOfWork, principal: Principal, plaatsing_id: uuid.UUID,
                 data: OpnameIn) -> PlaatsingRij:
    p, a, loc = await _te_wijzigen(uow, principal, plaatsing_id)
    if p.status != "gereserveerd":
        raise Conflict(f"plaatsing {plaatsing_id} is {p.status}, not reserved")
    if data.opgenomen_op < p.gereserveerd_op:
        raise Unprocessable("opgenomenOp lies before the reservation")
    p.status, p.opgenomen_op, a.status = "opgenomen", data.opgenomen_op, "opgenomen"
    a.wachtlijst_tot = data.opgenomen_op
    w = wachttijd(a.vorm, a.verwezen_op, data.opgenomen_op)
    await _audit(uow, principal, p, a, action="update", purpose="opname")
    await uow.publish(ClientOpgenomen(
        aanmelding_id=a.id, plaatsing_id=p.id, client_id=a.client_id, gemeente=a.gemeente,
        vorm=a.vorm, verwezen_op=a.verwezen_op, opgenomen_op=data.opgenomen_op,
        wachtdagen=w.wachtdagen, norm_dagen=w.norm_dagen, binnen_norm=not w.over_norm,
        **_locatie_velden(a, loc)))
    return p, a, loc


async def uitstroom(uow: UnitOfWork, principal: Principal, plaatsing_id: uuid.UUID,
                    data: UitstroomIn) -> PlaatsingRij:
    p, a, loc = await _te_wijzigen(uow, principal, plaatsing_id)
    if p.status != "opgenomen" or p.opgenomen_op is None:
        raise Conflict(f"plaatsing {plaatsing_id} is {p.status}, not admitted")
    if data.uitgestroomd_op < p.opgenomen_op:
        raise Unprocessable("uitgestroomdOp lies before the opname")
    await locaties_repo.geef_plaats_vrij(uow.session, loc)
    p.status, p.uitgestroomd_op, p.bestemming = "uitgestroomd", data.uitgestroomd_op, \
        data.bestemming.value
    a.status = "uitgestroomd"
    await _audit(uow, principal, p, a, action="update", purpose="uitstroom")
    await uow.publish(ClientUitgestroomd(
        aanmelding_id=a.id, plaatsing_id=p.id, client_id=a.client_id, gemeente=a.gemeente,
        vorm=a.vorm, opgenomen_op=p.opgenomen_op, uitgestroomd_op=data.uitgestroomd_op,
        verblijfsdagen=(data.uitgestroomd_op - p.opgenomen_op).days,
        bestemming=data.bestemming, **_locatie_velden(a, loc)))
    return p, a, loc


async def blokkeer_uitstroom(uow: UnitOfWork, principal: Principal, plaatsing_id: uuid.UUID,
                             data: UitstroomBlokkadeIn) -> PlaatsingRij:
    p, a, loc = await _te_wijzigen(uow, principal, plaatsing_id)
    if p.status != "opgenomen":
        raise Conflict(f"plaatsing {plaatsing_id} is {p.status}, not admitted")
    p.uitstroom_geblokkeerd_reden, p.uitstroom_geblokkeerd_sinds = data.reden, data.sinds
    await _audit(uow, principal, p, a, action="update", purpose="uitstroom geblokkeerd")
    await uow.publish(UitstroomGeblokkeerd(
        aanmelding_id=a.id, plaatsing_id=p.id, client_id=a.client_id, gemeente=a.gemeente,
        vorm=a.vorm, reden=data.reden, sinds=data.sinds, **_locatie_velden(a, loc)))
    return p, a, loc


async def bied_woning_aan(uow: UnitOfWork, principal: Principal, plaatsing_id: uuid.UUID,
                          data: WoningAanbodIn) -> WoningAanbod:
    p, a, loc = await _get(uow, scope_of(principal), plaatsing_id, for_update=True)
    if p.status != "opgenomen":
        raise Conflict(f"plaatsing {plaatsing_id} is {p.status}, not admitted")
    aanbod = WoningAanbod(id=uuid.uuid4(), plaatsing_id=p.id, soort=data.soort,
                          gemeente=data.gemeente, aangeboden_op=data.aangeboden_op)
    repo.add_woningaanbod(uow.session, aanbod)
    await uow.audit(principal, action="create", resource_type="woningaanbod",
                    resource_id=str(aanbod.id), client_id=a.client_id,
                    purpose="woning voor uitstroom")
    await uow.publish(WoningAangeboden(
        aanmelding_id=a.id, plaatsing_id=p.id, client_id=a.client_id, gemeente=a.gemeente,
        vorm=a.vorm, soort=data.soort, aangeboden_op=data.aangeboden_op,
        **_locatie_velden(a, loc)))
    return aanbod
