"""Matching proposals, atomic reservation of a place, opname, uitstroom and housing offers.

A place is reserved with one conditional UPDATE (``bezet = bezet + 1 WHERE bezet <
capaciteit``): PostgreSQL re-checks the condition on the newest row version after a concurrent
writer commits, so concurrent placements can never overfill a location (a CHECK constraint
backs this up). The aanmelding row is locked first, so one client never gets two places.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.events.opvang import (
    ClientOpgenomen,
    ClientUitgestroomd,
    PlaatsGereserveerd,
    UitstroomGeblokkeerd,
    WoningAangeboden,
)
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime

from . import aanmeldingen
from .domain.matching import PlekIndex, Voorstel, Wachtende, past, toewijzingsronde
from .domain.wachtlijst import prioriteit, prioriteit_rang, wachttijd
from .domain.zichtbaarheid import Scope, scope_of, ziet_aanmelding, ziet_locatie_van
from .locaties import als_plek
from .models import Aanmelding, Locatie, Plaatsing, WoningAanbod
from .schemas import (
    OpnameIn,
    PlaatsingOut,
    UitstroomBlokkadeIn,
    UitstroomIn,
    WoningAanbodIn,
)


def als_wachtende(a: Aanmelding) -> Wachtende:
    return Wachtende(
        id=str(a.id), vorm=a.vorm, gemeente=a.gemeente, verwezen_op=a.verwezen_op,
        prioriteit=prioriteit_rang(prioriteit(crisis=a.crisis, urgent=a.urgent)),
        leeftijd=a.leeftijd, geslacht=a.geslacht, specialismen=frozenset(a.specialismen),
        bovenregionaal_toegestaan=a.bovenregionaal_toegestaan)


def _locatie_velden(a: Aanmelding, loc: Locatie) -> dict[str, Any]:
    """Location fields for an event: none at all for a protected client."""
    if a.beschermd:
        return {}
    return {"locatie_id": loc.id, "locatie_gemeente": loc.gemeente,
            "bovenregionaal": loc.bovenregionaal, "capaciteit": loc.capaciteit,
            "bezetting": loc.bezet}


def plaatsing_out(p: Plaatsing, a: Aanmelding, loc: Locatie, scope: Scope,
                  today: date | None = None) -> PlaatsingOut:
    toon = ziet_locatie_van(scope, beschermd=a.beschermd, aanbieder=loc.aanbieder)
    verblijf = None
    if p.opgenomen_op is not None:
        verblijf = ((p.uitgestroomd_op or today or date.today()) - p.opgenomen_op).days
    return PlaatsingOut(
        id=p.id, aanmelding_id=a.id, client_id=a.client_id, vorm=loc.vorm, status=p.status,
        locatie_id=loc.id if toon else None, locatie_gemeente=loc.gemeente if toon else None,
        gereserveerd_op=p.gereserveerd_op, opgenomen_op=p.opgenomen_op,
        uitgestroomd_op=p.uitgestroomd_op, bestemming=p.bestemming,
        uitstroom_geblokkeerd_reden=p.uitstroom_geblokkeerd_reden, verblijfsdagen=verblijf)


async def _index_voor_vorm(session: AsyncSession, vorm: str) -> PlekIndex:
    rows = (await session.scalars(sa.select(Locatie).where(Locatie.vorm == vorm))).all()
    return PlekIndex(als_plek(loc) for loc in rows)


async def voorstel(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                   aanmelding_id: uuid.UUID, limit: int = 20) -> list[Voorstel]:
    a = await aanmeldingen.get_visible(session, scope_of(principal), aanmelding_id)
    await rt.audit.record(session, principal, action="read", resource_type="aanmelding",
                          resource_id=str(a.id), client_id=a.client_id,
                          purpose="plaatsingsvoorstel")
    index = await _index_voor_vorm(session, a.vorm)
    return index.voorstel(als_wachtende(a), limit=limit)


async def _neem_plaats(session: AsyncSession, locatie_id: uuid.UUID) -> bool:
    """The atomic step: one place more in use, only while one is free."""
    row = (await session.execute(
        sa.update(Locatie)
        .where(Locatie.id == locatie_id, Locatie.bezet < Locatie.capaciteit)
        .values(bezet=Locatie.bezet + 1, version=Locatie.version + 1)
        .returning(Locatie.id)
        .execution_options(synchronize_session=False))).first()
    return row is not None


async def _plaats(session: AsyncSession, rt: ServiceRuntime, a: Aanmelding,
                  locatie_ids: Sequence[uuid.UUID], op: date) -> Plaatsing | None:
    for locatie_id in locatie_ids:
        if await _neem_plaats(session, locatie_id):
            break
    else:
        return None
    loc = await session.get(Locatie, locatie_id, populate_existing=True)
    assert loc is not None
    plaatsing = Plaatsing(id=uuid.uuid4(), aanmelding_id=a.id, locatie_id=loc.id,
                          status="gereserveerd", gereserveerd_op=op)
    session.add(plaatsing)
    a.status = "geplaatst"
    a.wachtlijst_tot = op
    await session.flush()
    await rt.outbox.add(session, PlaatsGereserveerd(
        aanmelding_id=a.id, plaatsing_id=plaatsing.id, client_id=a.client_id,
        gemeente=a.gemeente, vorm=a.vorm, gereserveerd_op=op, **_locatie_velden(a, loc)))
    return plaatsing


async def reserveer(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                    aanmelding_id: uuid.UUID, locatie_id: uuid.UUID | None,
                    op: date | None) -> tuple[Plaatsing, Aanmelding, Locatie]:
    """Reserves the named place, or the best free place of the proposal (trying the next one
    when a concurrent placement took the last place first)."""
    a = await aanmeldingen.get_visible(session, scope_of(principal), aanmelding_id,
                                       for_update=True)
    if a.status != "wachtend":
        raise Conflict(f"aanmelding {aanmelding_id} is {a.status}, not waiting for a place"
                       + (" (the BW indicatie is missing)" if a.status == "aangemeld" else ""))
    dag = op or date.today()
    if dag < a.verwezen_op:
        raise Unprocessable("gereserveerdOp lies before the verwijzing")
    wachtende = als_wachtende(a)
    if locatie_id is not None:
        loc = await session.get(Locatie, locatie_id)
        if loc is None:
            raise NotFound(f"locatie {locatie_id}")
        plek = als_plek(loc)
        plek.bezet = min(plek.bezet, plek.capaciteit - 1)  # fullness is the UPDATE's call
        if not past(plek, wachtende):
            raise Unprocessable("the location does not fit the client (form, target group, "
                                "or bovenregionaal without an approved exception)")
        kandidaten = [locatie_id]
    else:
        index = await _index_voor_vorm(session, a.vorm)
        kandidaten = [uuid.UUID(v.plek.id) for v in index.voorstel(wachtende)]
    plaatsing = await _plaats(session, rt, a, kandidaten, dag)
    if plaatsing is None:
        raise Conflict("no free place fits; the aanmelding stays on the wachtlijst")
    await rt.audit.record(session, principal, action="create", resource_type="plaatsing",
                          resource_id=str(plaatsing.id), client_id=a.client_id,
                          purpose="plaatsing")
    loc = await session.get(Locatie, plaatsing.locatie_id)
    assert loc is not None
    return plaatsing, a, loc


async def toewijzingsronde_uitvoeren(session: AsyncSession, rt: ServiceRuntime,
                                     principal: Principal, op: date) -> tuple[int, list[uuid.UUID]]:
    """One full allocation round over the whole wachtlijst; returns (waiting, placed ids)."""
    wachtend = list((await session.scalars(
        sa.select(Aanmelding).where(Aanmelding.status == "wachtend",
                                    Aanmelding.verwezen_op <= op))).all())
    locaties = (await session.scalars(sa.select(Locatie))).all()
    paren = toewijzingsronde([als_wachtende(a) for a in wachtend],
                             [als_plek(loc) for loc in locaties])
    geplaatst: list[uuid.UUID] = []
    for aanmelding_id, locatie_id in paren:
        a = await session.get(Aanmelding, uuid.UUID(aanmelding_id), with_for_update=True,
                              populate_existing=True)
        if a is None or a.status != "wachtend":
            continue
        plaatsing = await _plaats(session, rt, a, [uuid.UUID(locatie_id)], op)
        if plaatsing is not None:
            await rt.audit.record(session, principal, action="create",
                                  resource_type="plaatsing", resource_id=str(plaatsing.id),
                                  client_id=a.client_id, purpose="toewijzingsronde")
            geplaatst.append(plaatsing.id)
    return len(wachtend), geplaatst


async def _get(session: AsyncSession, scope: Scope, plaatsing_id: uuid.UUID, *,
               for_update: bool = False) -> tuple[Plaatsing, Aanmelding, Locatie]:
    p = await session.get(Plaatsing, plaatsing_id, with_for_update=for_update)
    if p is None:
        raise NotFound(f"plaatsing {plaatsing_id}")
    a = await session.get(Aanmelding, p.aanmelding_id, with_for_update=for_update)
    loc = await session.get(Locatie, p.locatie_id)
    assert a is not None and loc is not None
    if not ziet_aanmelding(scope, gemeente=a.gemeente, team=a.team, aanbieders={loc.aanbieder}):
        raise NotFound(f"plaatsing {plaatsing_id}")
    return p, a, loc


def _mag_wijzigen(scope: Scope, loc: Locatie) -> bool:
    return scope.ziet_beschermde_locaties or scope.aanbieder == loc.aanbieder


async def read(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
               plaatsing_id: uuid.UUID) -> PlaatsingOut:
    scope = scope_of(principal)
    p, a, loc = await _get(session, scope, plaatsing_id)
    await rt.audit.record(session, principal, action="read", resource_type="plaatsing",
                          resource_id=str(p.id), client_id=a.client_id,
                          purpose="plaatsing inzien")
    return plaatsing_out(p, a, loc, scope)


async def list_visible(session: AsyncSession, rt: ServiceRuntime, principal: Principal, *,
                       status: str | None, aanmelding_id: uuid.UUID | None,
                       limit: int) -> list[PlaatsingOut]:
    scope = scope_of(principal)
    query = (sa.select(Plaatsing, Aanmelding, Locatie)
             .join(Aanmelding, Aanmelding.id == Plaatsing.aanmelding_id)
             .join(Locatie, Locatie.id == Plaatsing.locatie_id)
             .order_by(Plaatsing.created_at.desc(), Plaatsing.id).limit(limit))
    if not scope.alles:
        clauses: list[sa.ColumnElement[bool]] = []
        if scope.gemeente is not None:
            clauses.append(Aanmelding.gemeente == scope.gemeente)
        if scope.team is not None:
            clauses.append(Aanmelding.team == scope.team)
        if scope.aanbieder is not None:
            clauses.append(Locatie.aanbieder == scope.aanbieder)
        query = query.where(sa.or_(*clauses) if clauses else sa.false())
    if status is not None:
        query = query.where(Plaatsing.status == status)
    if aanmelding_id is not None:
        query = query.where(Plaatsing.aanmelding_id == aanmelding_id)
    out = []
    for p, a, loc in (await session.execute(query)).all():
        await rt.audit.record(session, principal, action="read", resource_type="plaatsing",
                              resource_id=str(p.id), client_id=a.client_id,
                              purpose="plaatsingen inzien")
        out.append(plaatsing_out(p, a, loc, scope))
    return out


async def opname(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                 plaatsing_id: uuid.UUID, data: OpnameIn) -> PlaatsingOut:
    scope = scope_of(principal)
    p, a, loc = await _get(session, scope, plaatsing_id, for_update=True)
    if not _mag_wijzigen(scope, loc):
        raise NotFound(f"plaatsing {plaatsing_id}")
    if p.status != "gereserveerd":
        raise Conflict(f"plaatsing {plaatsing_id} is {p.status}, not reserved")
    if data.opgenomen_op < p.gereserveerd_op:
        raise Unprocessable("opgenomenOp lies before the reservation")
    p.status, p.opgenomen_op, a.status = "opgenomen", data.opgenomen_op, "opgenomen"
    a.wachtlijst_tot = data.opgenomen_op
    w = wachttijd(a.vorm, a.verwezen_op, data.opgenomen_op)
    await rt.audit.record(session, principal, action="update", resource_type="plaatsing",
                          resource_id=str(p.id), client_id=a.client_id, purpose="opname")
    await rt.outbox.add(session, ClientOpgenomen(
        aanmelding_id=a.id, plaatsing_id=p.id, client_id=a.client_id, gemeente=a.gemeente,
        vorm=a.vorm, verwezen_op=a.verwezen_op, opgenomen_op=data.opgenomen_op,
        wachtdagen=w.wachtdagen, norm_dagen=w.norm_dagen, binnen_norm=not w.over_norm,
        **_locatie_velden(a, loc)))
    return plaatsing_out(p, a, loc, scope)


async def uitstroom(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                    plaatsing_id: uuid.UUID, data: UitstroomIn) -> PlaatsingOut:
    scope = scope_of(principal)
    p, a, loc = await _get(session, scope, plaatsing_id, for_update=True)
    if not _mag_wijzigen(scope, loc):
        raise NotFound(f"plaatsing {plaatsing_id}")
    if p.status != "opgenomen" or p.opgenomen_op is None:
        raise Conflict(f"plaatsing {plaatsing_id} is {p.status}, not admitted")
    if data.uitgestroomd_op < p.opgenomen_op:
        raise Unprocessable("uitgestroomdOp lies before the opname")
    await session.execute(
        sa.update(Locatie).where(Locatie.id == loc.id)
        .values(bezet=Locatie.bezet - 1, version=Locatie.version + 1)
        .execution_options(synchronize_session=False))
    await session.refresh(loc)
    p.status, p.uitgestroomd_op, p.bestemming = "uitgestroomd", data.uitgestroomd_op, \
        data.bestemming.value
    a.status = "uitgestroomd"
    await rt.audit.record(session, principal, action="update", resource_type="plaatsing",
                          resource_id=str(p.id), client_id=a.client_id, purpose="uitstroom")
    await rt.outbox.add(session, ClientUitgestroomd(
        aanmelding_id=a.id, plaatsing_id=p.id, client_id=a.client_id, gemeente=a.gemeente,
        vorm=a.vorm, opgenomen_op=p.opgenomen_op, uitgestroomd_op=data.uitgestroomd_op,
        verblijfsdagen=(data.uitgestroomd_op - p.opgenomen_op).days,
        bestemming=data.bestemming, **_locatie_velden(a, loc)))
    return plaatsing_out(p, a, loc, scope)


async def blokkeer_uitstroom(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                             plaatsing_id: uuid.UUID, data: UitstroomBlokkadeIn) -> PlaatsingOut:
    scope = scope_of(principal)
    p, a, loc = await _get(session, scope, plaatsing_id, for_update=True)
    if not _mag_wijzigen(scope, loc):
        raise NotFound(f"plaatsing {plaatsing_id}")
    if p.status != "opgenomen":
        raise Conflict(f"plaatsing {plaatsing_id} is {p.status}, not admitted")
    p.uitstroom_geblokkeerd_reden, p.uitstroom_geblokkeerd_sinds = data.reden, data.sinds
    await rt.audit.record(session, principal, action="update", resource_type="plaatsing",
                          resource_id=str(p.id), client_id=a.client_id,
                          purpose="uitstroom geblokkeerd")
    await rt.outbox.add(session, UitstroomGeblokkeerd(
        aanmelding_id=a.id, plaatsing_id=p.id, client_id=a.client_id, gemeente=a.gemeente,
        vorm=a.vorm, reden=data.reden, sinds=data.sinds, **_locatie_velden(a, loc)))
    return plaatsing_out(p, a, loc, scope)


async def bied_woning_aan(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                          plaatsing_id: uuid.UUID, data: WoningAanbodIn) -> WoningAanbod:
    scope = scope_of(principal)
    p, a, loc = await _get(session, scope, plaatsing_id, for_update=True)
    if p.status != "opgenomen":
        raise Conflict(f"plaatsing {plaatsing_id} is {p.status}, not admitted")
    aanbod = WoningAanbod(id=uuid.uuid4(), plaatsing_id=p.id, soort=data.soort,
                          gemeente=data.gemeente, aangeboden_op=data.aangeboden_op)
    session.add(aanbod)
    await rt.audit.record(session, principal, action="create", resource_type="woningaanbod",
                          resource_id=str(aanbod.id), client_id=a.client_id,
                          purpose="woning voor uitstroom")
    await rt.outbox.add(session, WoningAangeboden(
        aanmelding_id=a.id, plaatsing_id=p.id, client_id=a.client_id, gemeente=a.gemeente,
        vorm=a.vorm, soort=data.soort, aangeboden_op=data.aangeboden_op,
        **_locatie_velden(a, loc)))
    return aanbod


async def locatie_namen(session: AsyncSession, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = await session.execute(sa.select(Locatie.id, Locatie.naam)
                                 .where(Locatie.id.in_([uuid.UUID(i) for i in ids])))
    return {str(i): n for i, n in rows}
