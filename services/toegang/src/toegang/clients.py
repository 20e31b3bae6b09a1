"""The client registry (BSN, name, address → wijk, buurt, buurtteam) and the consent
registry. The caller owns the transaction."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import date
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal, Role
from wmokernel.catalogue import Kanaal
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.runtime import ServiceRuntime

from .access import SCOPE_BSN_LEZEN, may_see_client, record_refusal
from .models import Client, Melding, Postcodegebied, Toestemming
from .reference import (
    GEMEENTE_UTRECHT,
    TEAM_REGIONALE_TOEGANG,
    TEAM_STADSTEAM_BACK_UP,
    TEAM_WMO_LOKET,
    normalize_postcode,
    wijk_code,
    wijk_naam,
)
from .schemas import Adres, ToestemmingIn

_TEAM_BY_KANAAL = {
    Kanaal.WMO_LOKET: TEAM_WMO_LOKET,
    Kanaal.REGIONALE_TOEGANG: TEAM_REGIONALE_TOEGANG,
    Kanaal.STADSTEAM_BACK_UP: TEAM_STADSTEAM_BACK_UP,
}


@dataclass(frozen=True)
class Woonplek:
    """Where the resident lives, as far as routing needs it."""

    wijk: str | None  # wijk code
    buurt: str | None
    gemeente: str
    postcode: str | None


@dataclass(frozen=True)
class Route:
    woonplek: Woonplek
    team: str | None


# Reference data per database, read once per process (it changes with a migration, i.e. a
# deploy); keyed by the database URL so tests with several databases stay apart.
_AREAS: dict[str, dict[str, tuple[str, str, str]]] = {}


async def postcode_area(session: AsyncSession, postcode4: str) -> tuple[str, str, str] | None:
    """(wijk code, buurt, gemeente) of a 4-digit postcode area, or None when unknown."""
    key = str(session.get_bind().engine.url)
    areas = _AREAS.get(key)
    if areas is None:
        rows = (await session.execute(sa.select(
            Postcodegebied.postcode4, Postcodegebied.wijk, Postcodegebied.buurt,
            Postcodegebied.gemeente))).all()
        areas = _AREAS[key] = {r.postcode4: (r.wijk, r.buurt, r.gemeente) for r in rows}
    return areas.get(postcode4)


async def locate(session: AsyncSession, adres: Adres | None, wijk: str | None,
                 worker_team: str | None) -> Woonplek:
    """The resident's wijk and buurt from the address (postcode), else from the given wijk,
    else from the registering worker's team when that is a buurtteam area."""
    if adres is not None:
        try:
            postcode = normalize_postcode(adres.postcode)
        except ValueError as exc:
            raise Unprocessable(f"adres.postcode: {exc}") from exc
        area = await postcode_area(session, postcode[:4])
        if area is None:
            raise Unprocessable(f"adres: postcode {postcode} is not a known Utrecht address")
        return Woonplek(area[0], area[1], area[2], postcode)
    if wijk is not None:
        code = wijk_code(wijk)
        if code is None:
            raise Unprocessable(f"wijk: {wijk!r} is not one of Utrecht's buurtteam areas")
        return Woonplek(code, None, GEMEENTE_UTRECHT, None)
    code = wijk_code(worker_team) if worker_team else None
    return Woonplek(code, None, GEMEENTE_UTRECHT, None)


def route(kanaal: Kanaal, woonplek: Woonplek, worker_team: str | None) -> Route:
    """The team that takes the melding: the specialised teams for their own channels, else the
    buurtteam of the resident's home wijk."""
    team = _TEAM_BY_KANAAL.get(kanaal) or woonplek.wijk or worker_team
    if team is None:
        raise Unprocessable("adres: an address (or wijk) is needed to route the melding to the "
                            "buurtteam of the resident's home buurt")
    return Route(woonplek, team)


_ADRES_COLUMNS = ("straat", "huisnummer", "huisnummertoevoeging", "postcode", "woonplaats",
                  "gemeente", "wijk", "buurt")


@functools.cache
def _client_upsert(updated: tuple[str, ...]) -> sa.Insert:
    """The registry's upsert that overwrites ``updated`` on a known client; built once per
    shape (a statement built per request costs more than its round trip)."""
    table = cast(sa.Table, Client.__table__)
    stmt = pg_insert(table)
    if not updated:
        return stmt.on_conflict_do_nothing().returning(table.c.id)
    # xmax = 0 only for a freshly inserted row version.
    return stmt.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={**{c: stmt.excluded[c] for c in updated}, "updated_at": sa.func.now()},
    ).returning(sa.literal_column("xmax = 0"))


async def register_client(session: AsyncSession, client_id: str, bsn: str, naam: str | None,
                          adres: Adres | None, woonplek: Woonplek) -> bool:
    """Insert or update the registry entry; True when the client was known already (a client
    enters the registry only together with a melding, so: had a melding before)."""
    values: dict[str, object] = {"id": client_id, "bsn": bsn}
    if naam:
        values["naam"] = naam
    if adres is not None:
        values.update({"straat": adres.straat, "huisnummer": adres.huisnummer,
                       "huisnummertoevoeging": adres.huisnummertoevoeging,
                       "postcode": woonplek.postcode, "woonplaats": adres.woonplaats,
                       "gemeente": woonplek.gemeente, "wijk": woonplek.wijk,
                       "buurt": woonplek.buurt})
    updated = (("naam",) if naam else ()) + (_ADRES_COLUMNS if adres is not None else ())
    if updated:
        inserted = await session.scalar(_client_upsert(updated), values)
        return not inserted
    row = (await session.execute(_client_upsert(()), values)).first()
    return row is None


async def _visible_client(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                          client_id: str, purpose: str) -> Client:
    if not await may_see_client(session, principal, client_id):
        await record_refusal(rt, principal, "client", client_id, client_id, purpose)
        if principal.has_any([Role.AANBIEDER, Role.U16_GEMEENTE, Role.MONITOR_VIEWER,
                              Role.GEMEENTE, Role.SYSTEEM]):
            raise Forbidden("this role does not see client data")
        raise NotFound(f"client {client_id}")
    client = await session.get(Client, client_id)
    if client is None:
        raise NotFound(f"client {client_id}")
    return client


async def read_client(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                      client_id: str) -> tuple[Client, list[Melding]]:
    client = await _visible_client(session, rt, principal, client_id, "inzage cliëntgegevens")
    await rt.audit.record(session, principal, action="read", resource_type="client",
                          resource_id=client_id, client_id=client_id,
                          purpose="inzage cliëntgegevens")
    meldingen = (await session.scalars(sa.select(Melding).where(
        Melding.client_id == client_id).order_by(Melding.gemeld_op, Melding.created_at))).all()
    return client, list(meldingen)


def client_adres(client: Client) -> Adres | None:
    if client.postcode is None or client.huisnummer is None:
        return None
    return Adres(postcode=client.postcode, huisnummer=client.huisnummer,
                 huisnummertoevoeging=client.huisnummertoevoeging, straat=client.straat,
                 woonplaats=client.woonplaats)


def wijk_label(code: str | None) -> str | None:
    return wijk_naam(code) if code and wijk_code(code) == code else code


async def read_bsn(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                   client_id: str, doel: str) -> str:
    """The BSN for a system with the dedicated scope (indicatie, for iWmo and the CAK)."""
    if Role.SYSTEEM not in principal.roles or SCOPE_BSN_LEZEN not in principal.scopes:
        await record_refusal(rt, principal, "bsn", client_id, client_id, doel)
        raise Forbidden(f"reading a BSN needs the role systeem and the scope {SCOPE_BSN_LEZEN}")
    bsn = await session.scalar(sa.select(Client.bsn).where(Client.id == client_id))
    if bsn is None:
        raise NotFound(f"client {client_id}")
    await rt.audit.record(session, principal, action="read", resource_type="bsn",
                          resource_id=client_id, client_id=client_id, purpose=doel)
    return bsn


async def give_consent(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                       client_id: str, data: ToestemmingIn, today: date) -> Toestemming:
    await _visible_client(session, rt, principal, client_id, "toestemming vastleggen")
    gegeven_op = data.gegeven_op or today
    if gegeven_op > today:
        raise Unprocessable("gegevenOp: a consent cannot be dated in the future")
    consent = Toestemming(id=uuid.uuid4(), client_id=client_id, ontvanger=data.ontvanger,
                          doel=data.doel, gegeven_op=gegeven_op, vastgelegd_door=principal.subject)
    session.add(consent)
    await session.flush()
    await rt.audit.record(session, principal, action="create", resource_type="toestemming",
                          resource_id=str(consent.id), client_id=client_id,
                          purpose="toestemming vastleggen")
    return consent


async def record_consent(session: AsyncSession, principal: Principal, client_id: str,
                         ontvanger: str, doel: str, gegeven_op: date) -> None:
    """Consent recorded as part of another act (a professional's signal)."""
    session.add(Toestemming(id=uuid.uuid4(), client_id=client_id, ontvanger=ontvanger, doel=doel,
                            gegeven_op=gegeven_op, vastgelegd_door=principal.subject))


async def list_consents(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                        client_id: str) -> list[Toestemming]:
    await _visible_client(session, rt, principal, client_id, "inzage toestemmingen")
    await rt.audit.record(session, principal, action="read", resource_type="toestemming",
                          resource_id=client_id, client_id=client_id,
                          purpose="inzage toestemmingen")
    rows = await session.scalars(sa.select(Toestemming).where(
        Toestemming.client_id == client_id).order_by(Toestemming.created_at))
    return list(rows.all())


async def withdraw_consent(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                           client_id: str, consent_id: uuid.UUID, op: date,
                           today: date) -> Toestemming:
    await _visible_client(session, rt, principal, client_id, "toestemming intrekken")
    consent = await session.get(Toestemming, consent_id, with_for_update=True)
    if consent is None or consent.client_id != client_id:
        raise NotFound(f"toestemming {consent_id}")
    if consent.ingetrokken_op is not None:
        raise Conflict(f"toestemming {consent_id} was withdrawn already")
    if op < consent.gegeven_op or op > today:
        raise Unprocessable("ingetrokkenOp must lie between the consent's date and today")
    consent.ingetrokken_op = op
    await rt.audit.record(session, principal, action="update", resource_type="toestemming",
                          resource_id=str(consent_id), client_id=client_id,
                          purpose="toestemming intrekken")
    return consent
