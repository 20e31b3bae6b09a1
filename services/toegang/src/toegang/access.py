"""Need-to-know: who may see a casus and its client, and the audit trail of every attempt.

Workers (buurtteam, Stadsteam Back Up, Wmo-loket, Regionale toegang) see a casus only while
assigned to it; a team lead (scope ``dossiers:toewijzen``) sees the casussen of their own team
to (re)assign them. Providers, U16 municipalities, monitor viewers, the gemeente back office
and systems never see a dossier. Reads and writes are audit-logged in the request's
transaction; refusals are audit-logged in a transaction of their own (the request's is rolled
back).
"""

from __future__ import annotations

import uuid
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal, Role
from wmokernel.problems import Forbidden, NotFound
from wmokernel.runtime import ServiceRuntime

from .models import DossierMedewerker, Melding

WORKER_ROLES = frozenset({Role.BUURTTEAM, Role.STADSTEAM, Role.WMO_LOKET,
                          Role.REGIONALE_TOEGANG})
SCOPE_TEAMLEIDER = "dossiers:toewijzen"
SCOPE_BSN_LEZEN = "bsn:lezen"


class Toegang(Enum):
    ASSIGNED = "assigned"
    TEAMLEIDER = "teamleider"
    NOT_VISIBLE = "not-visible"  # answered with 404: the casus's existence is not revealed
    FORBIDDEN = "forbidden"  # answered with 403: the role never sees dossiers


def is_worker(principal: Principal) -> bool:
    return principal.has_any(WORKER_ROLES)


def beoordeel(principal: Principal, assigned: set[str], team: str | None) -> Toegang:
    """Pure rule: what ``principal`` may do with a casus assigned to ``assigned`` of ``team``."""
    if not is_worker(principal):
        return Toegang.FORBIDDEN
    if principal.subject in assigned:
        return Toegang.ASSIGNED
    if SCOPE_TEAMLEIDER in principal.scopes and team is not None and principal.team == team:
        return Toegang.TEAMLEIDER
    return Toegang.NOT_VISIBLE


async def record_refusal(rt: ServiceRuntime, principal: Principal, resource_type: str,
                         resource_id: str, client_id: str | None, purpose: str) -> None:
    """An audit record of a refused access, committed on its own."""
    async with rt.transaction() as session:
        await rt.audit.record(session, principal, action="geweigerd",
                              resource_type=resource_type, resource_id=resource_id,
                              client_id=client_id, purpose=purpose)


async def active_assignees(session: AsyncSession, melding_id: uuid.UUID) -> set[str]:
    rows = await session.scalars(sa.select(DossierMedewerker.medewerker).where(
        DossierMedewerker.melding_id == melding_id, DossierMedewerker.tot.is_(None)))
    return set(rows.all())


async def open_casus(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                     melding_id: uuid.UUID, purpose: str, *, action: str = "read",
                     lock: bool = False, teamleider_mag: bool = True) -> Melding:
    """The casus ``melding_id`` when ``principal`` may see it (404/403 otherwise); audited."""
    if not is_worker(principal):
        await record_refusal(rt, principal, "melding", str(melding_id), None, purpose)
        raise Forbidden("this role does not see dossiers")
    melding = await session.get(Melding, melding_id, with_for_update=lock)
    if melding is None:
        raise NotFound(f"melding {melding_id}")
    access = beoordeel(principal, await active_assignees(session, melding_id), melding.team)
    if access is Toegang.NOT_VISIBLE or (access is Toegang.TEAMLEIDER and not teamleider_mag):
        await record_refusal(rt, principal, "melding", str(melding_id), melding.client_id,
                             purpose)
        raise NotFound(f"melding {melding_id}")
    await rt.audit.record(session, principal, action=action, resource_type="melding",
                          resource_id=str(melding_id), client_id=melding.client_id,
                          purpose=purpose)
    return melding


async def may_see_client(session: AsyncSession, principal: Principal, client_id: str) -> bool:
    """A worker sees a client while assigned to one of the client's casussen (a team lead:
    while one of them belongs to their team)."""
    if not is_worker(principal):
        return False
    assigned = sa.exists().where(
        DossierMedewerker.melding_id == Melding.id, DossierMedewerker.tot.is_(None),
        DossierMedewerker.medewerker == principal.subject)
    condition: sa.ColumnElement[bool] = assigned
    if SCOPE_TEAMLEIDER in principal.scopes and principal.team:
        condition = sa.or_(assigned, Melding.team == principal.team)
    found = await session.scalar(
        sa.select(Melding.id).where(Melding.client_id == client_id, condition).limit(1))
    return found is not None
