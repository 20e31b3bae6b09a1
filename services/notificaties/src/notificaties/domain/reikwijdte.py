"""Tenant isolation: which residents' notifications a subscription may ever receive.

Enforced when deliveries are made, whatever filters the subscription asked for: a U16
municipality's subscription only gets notifications about its own residents; Utrecht's own
(the centrumgemeente's ``gemeente`` and ``systeem`` roles) may receive all.
"""

from __future__ import annotations

from collections.abc import Iterable

GEMEENTE = "gemeente"
SYSTEEM = "systeem"
U16_GEMEENTE = "u16-gemeente"
ABONNEE_ROLLEN = (GEMEENTE, SYSTEEM, U16_GEMEENTE)


class GeenGemeente(ValueError):
    """A U16 municipality's token without its CBS code: it could receive nothing safely."""


def reikwijdte(roles: Iterable[str], gemeente: str | None, eigen_gemeente: str) -> str | None:
    """The municipality (CBS code) a new subscription is confined to, or None for all.

    Only a ``gemeente``/``systeem`` caller of the centrumgemeente (or without a gemeente
    claim) sees all; a caller with another gemeente claim is confined to it, whatever its
    roles; a ``u16-gemeente`` caller without a claim is refused."""
    roles = set(roles)
    if gemeente is not None and gemeente != eigen_gemeente:
        return gemeente
    if roles & {GEMEENTE, SYSTEEM}:
        return None
    if U16_GEMEENTE in roles:
        if gemeente is None:
            raise GeenGemeente("a u16-gemeente token must carry its gemeente (CBS code)")
        return gemeente
    raise GeenGemeente("only gemeente, systeem and u16-gemeente may subscribe")


def mag_ontvangen(abonnement_gemeente: str | None, inwoner_gemeente: str) -> bool:
    """Whether a subscription confined to ``abonnement_gemeente`` (None: all) may receive a
    notification about a resident of ``inwoner_gemeente``."""
    return abonnement_gemeente is None or abonnement_gemeente == inwoner_gemeente
