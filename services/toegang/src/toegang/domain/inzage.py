"""Need-to-know as pure rules: who may see a casus and its client.

Workers (buurtteam, Stadsteam Back Up, Wmo-loket, Regionale toegang) see a casus only while
assigned to it; a team lead (scope ``dossiers:toewijzen``) sees the casussen of their own team
to (re)assign them. Providers, U16 municipalities, monitor viewers, the gemeente back office
and systems never see a dossier.
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
    NOT_VISIBLE = "not-visible"  # answered with 404: the casus's existence is not revealed
    FORBIDDEN = "forbidden"  # answered with 403: the role never sees dossiers


def is_worker(principal: Principal) -> bool:
    return principal.has_any(WORKER_ROLES)


def sees_team(principal: Principal) -> bool:
    """A team lead sees the casussen of their own team besides their own."""
    return SCOPE_TEAMLEIDER in principal.scopes and bool(principal.team)


def may_read_bsn(principal: Principal) -> bool:
    """Only a system with the dedicated scope (indicatie, for iWmo and the CAK)."""
    return Role.SYSTEEM in principal.roles and SCOPE_BSN_LEZEN in principal.scopes


def beoordeel(principal: Principal, assigned: set[str], team: str | None) -> Toegang:
    """What ``principal`` may do with a casus assigned to ``assigned`` of ``team``."""
    if not is_worker(principal):
        return Toegang.FORBIDDEN
    if principal.subject in assigned:
        return Toegang.ASSIGNED
    if SCOPE_TEAMLEIDER in principal.scopes and team is not None and principal.team == team:
        return Toegang.TEAMLEIDER
    return Toegang.NOT_VISIBLE
