"""Who sees what (need-to-know), as pure rules over the caller's claims.

- ``regionale-toegang`` and ``systeem``: everything, including where protected clients stay.
- ``gemeente`` with gemeente 0344 (Utrecht back office, centrumgemeente): every aanmelding.
- ``u16-gemeente`` (and ``gemeente`` with another CBS code): only its own residents (the
  municipality of residence equals the ``gemeente`` claim); anything else is 404.
- ``buurtteam`` / ``stadsteam-back-up``: the aanmeldingen their own team (``team`` claim) made.
- ``aanbieder``: only clients placed at its own locations; the provider code is the ``team``
  claim and must equal the location's ``aanbieder``.
- ``monitor-viewer``: aggregates only, no person-level endpoint.
No municipality ever sees the location of a protected client (vrouwenopvang, safety risk).
The register of locations is kept by the Regionale toegang and Utrecht (centrumgemeente).
"""

from __future__ import annotations

from dataclasses import dataclass

from wmokernel.auth import Principal, Role

from .reference import CENTRUMGEMEENTE

ALL_SEEING = (Role.REGIONALE_TOEGANG, Role.SYSTEEM)
PERSON_READERS = (Role.REGIONALE_TOEGANG, Role.SYSTEEM, Role.GEMEENTE, Role.U16_GEMEENTE,
                  Role.BUURTTEAM, Role.STADSTEAM, Role.AANBIEDER)
AANMELDERS = (Role.REGIONALE_TOEGANG, Role.SYSTEEM, Role.GEMEENTE, Role.U16_GEMEENTE,
              Role.BUURTTEAM, Role.STADSTEAM)
AGGREGATE_READERS = (*PERSON_READERS, Role.MONITOR_VIEWER)


@dataclass(frozen=True, slots=True)
class Scope:
    """A caller's reach. ``alles`` sees every aanmelding; otherwise the union of the others."""

    alles: bool = False
    gemeente: str | None = None
    team: str | None = None
    aanbieder: str | None = None
    ziet_beschermde_locaties: bool = False


def scope_of(principal: Principal) -> Scope:
    if principal.has_any(ALL_SEEING):
        return Scope(alles=True, ziet_beschermde_locaties=True)
    if Role.GEMEENTE in principal.roles and principal.gemeente == CENTRUMGEMEENTE:
        return Scope(alles=True)
    gemeente = principal.gemeente if principal.has_any((Role.U16_GEMEENTE, Role.GEMEENTE)) \
        else None
    team = principal.team if principal.has_any((Role.BUURTTEAM, Role.STADSTEAM)) else None
    aanbieder = principal.team if Role.AANBIEDER in principal.roles else None
    return Scope(gemeente=gemeente, team=team, aanbieder=aanbieder)


def ziet_aanmelding(scope: Scope, *, gemeente: str | None, team: str | None,
                    aanbieders: set[str]) -> bool:
    if scope.alles:
        return True
    if scope.gemeente is not None and gemeente == scope.gemeente:
        return True
    if scope.team is not None and team == scope.team:
        return True
    return scope.aanbieder is not None and scope.aanbieder in aanbieders


def ziet_locatie_van(scope: Scope, *, beschermd: bool, aanbieder: str) -> bool:
    """Whether the caller may learn where a placed client stays."""
    if not beschermd or scope.ziet_beschermde_locaties:
        return True
    return scope.aanbieder is not None and scope.aanbieder == aanbieder


def mag_plaatsing_wijzigen(scope: Scope, *, aanbieder: str) -> bool:
    """Opname, uitstroom and blocked outflow: the Regionale toegang or the location's provider."""
    return scope.ziet_beschermde_locaties or scope.aanbieder == aanbieder


def ziet_overzicht_van(principal: Principal, cbs_code: str) -> bool:
    """A U16 municipality sees only its own overview; the monitor and the all-seeing any."""
    scope = scope_of(principal)
    return scope.alles or principal.has_any((Role.MONITOR_VIEWER,)) or \
        scope.gemeente == cbs_code


def beheert_register(principal: Principal) -> bool:
    """Whether the caller (already one of toegang, systeem, gemeente) keeps the register."""
    return principal.has_any((Role.REGIONALE_TOEGANG, Role.SYSTEEM)) or \
        principal.gemeente == CENTRUMGEMEENTE


def mag_aanmelden_voor(principal: Principal, gemeente: str | None) -> bool:
    """A U16 municipality registers only its own residents; the others any resident."""
    scope = scope_of(principal)
    if scope.alles or principal.has_any((Role.BUURTTEAM, Role.STADSTEAM)):
        return True
    return scope.gemeente is not None and gemeente == scope.gemeente
