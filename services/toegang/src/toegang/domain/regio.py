"""A U16 municipality registers its own residents for opvang and beschermd wonen, for which
Utrecht is the centrumgemeente: the rules of such a regional melding, pure.

The municipality comes from the caller's token (the ``gemeente`` claim), never from the body;
a body may repeat it but not name another. The address is a Dutch address in that
municipality: it has no Utrecht wijk, buurt or buurtteam, and a postcode of Utrecht's own
areas means the resident lives in Utrecht (Utrecht's teams register them).
"""

from __future__ import annotations

from wmokernel.regio import U16_GEMEENTEN

from .reference import GEMEENTE_UTRECHT
from .routering import Woonplek


class NietEigenGemeente(ValueError):
    """The caller may not register for this municipality (answered 403)."""


class GeenRegionaleMelding(ValueError):
    """The body does not make a regional melding (answered 422)."""


def eigen_gemeente(claim: str | None, genoemd: str | None) -> str:
    """The CBS code the caller registers for: its own claim, which must be a U16
    municipality other than Utrecht, and which a body's ``gemeente`` may only repeat."""
    if claim is None or claim not in U16_GEMEENTEN or claim == GEMEENTE_UTRECHT:
        raise NietEigenGemeente(
            "the token names no U16 municipality other than Utrecht (claim gemeente); "
            "Utrecht's residents are registered by its own teams")
    if genoemd is not None and genoemd != claim:
        raise NietEigenGemeente(
            f"gemeente: a U16 municipality registers only its own residents ({claim}), "
            f"not those of {genoemd}")
    return claim


def woonplek(gemeente: str, postcode: str | None, in_utrecht: bool) -> Woonplek:
    """Where a U16 municipality's resident lives: its municipality and postcode, no wijk."""
    if postcode is None:
        raise GeenRegionaleMelding("adres: a U16 municipality names its resident's address")
    if in_utrecht:
        raise GeenRegionaleMelding(
            f"adres: postcode {postcode} lies in Utrecht, not in {U16_GEMEENTEN[gemeente]} "
            f"({gemeente}); a U16 municipality registers only its own residents")
    return Woonplek(None, None, gemeente, postcode)
