"""Need-to-know as pure rules: who may see a casus and its client.

Workers (buurtteam, Stadsteam Back Up, Wmo-loket, Regionale toegang) see a casus only while
assigned to it; a team lead (scope ``dossiers:toewijzen``) sees the casussen of their own team
to (re)assign them. A U16 municipality (role ``u16-gemeente``) reads the casussen and registry
entries of its own residents (the ``gemeente`` claim equals the resident's municipality) and
changes nothing; another municipality's resident is 404 to it. Providers, monitor viewers, the
gemeente back office and systems never see a dossier.
"""

from __future__ import annotations

from enum import Enum

from wmokernel.auth import Principal, Role

WORKER_ROLES = frozenset({Role.BUURTTEAM, Role.STADSTEAM, Role.WMO_LOKET,
                          Role.REGIONALE_TOEGANG})
# Roles that never see client data: refused with 403 (a worker who may not see it gets 404).
ROLES_WITHOUT_CLIENT_DATA = (Role.AANBIEDER, Role.U16_GEMEENTE, Role.MONITOR_VIEWER,
                             Role.GEMEENTE, Role.SYSTEEM)
SCOPE_TEAMLEIDER = "dossiers:toewijzen"
SCOPE_BSN_LEZEN = "bsn:lezen"


class Toegang(Enum):
    ASSIGNED = "assigned"
    TEAMLEIDER = "teamleider"
    EIGEN_INWONER = "eigen-inwoner"  # a U16 municipality reads its own resident's casus
    NOT_VISIBLE = "not-visible"  # answered with 404: the casus's existence is not revealed
    FORBIDDEN = "forbidden"  # answered with 403: the role never sees dossiers


def is_worker(principal: Principal) -> bool:
    return principal.has_any(WORKER_ROLES)


def is_u16(principal: Principal) -> bool:
    """A U16 municipality acting as such (not also a worker)."""
    return Role.U16_GEMEENTE in principal.roles and not is_worker(principal)


def ziet_inwoner(principal: Principal, gemeente: str | None) -> bool:
    """Whether a U16 municipality reads a resident of ``gemeente`` (None: Utrecht): only its
    own."""
    return is_u16(principal) and gemeente is not None and principal.gemeente == gemeente


def sees_team(principal: Principal) -> bool:
    """A team lead sees the casussen of their own team besides their own."""
    return SCOPE_TEAMLEIDER in principal.scopes and bool(principal.team)


def may_read_bsn(principal: Principal) -> bool:
    """Only a system with the dedicated scope (indicatie, for iWmo and the CAK)."""
    return Role.SYSTEEM in principal.roles and SCOPE_BSN_LEZEN in principal.scopes


def beoordeel(principal: Principal, assigned: set[str], team: str | None,
              gemeente: str | None = None, *, lezen: bool = False) -> Toegang:
    """What ``principal`` may do with a casus assigned to ``assigned`` of ``team`` whose
    resident lives in ``gemeente`` (None: Utrecht); ``lezen``: only read it."""
    if lezen and is_u16(principal):
        return Toegang.EIGEN_INWONER if ziet_inwoner(principal, gemeente) \
            else Toegang.NOT_VISIBLE
    if not is_worker(principal):
        return Toegang.FORBIDDEN
    if principal.subject in assigned:
        return Toegang.ASSIGNED
    if SCOPE_TEAMLEIDER in principal.scopes and team is not None and principal.team == team:
        return Toegang.TEAMLEIDER
    return Toegang.NOT_VISIBLE
