"""Bearer JWT validation with roles, municipality (CBS code) and team claims.

Development uses an HS256 shared secret (``wmo-token`` issues tokens); production sets
``WMO_JWT_JWKS_URL`` and validates RS256 or ES256 tokens against the identity provider's keys
(or ``WMO_JWT_PUBLIC_KEY``, one PEM public key). HS256 is never accepted when a public key is
configured, so a token signed with the shared secret cannot pass in production.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .problems import Forbidden, ProblemError
from .settings import ASYMMETRIC_JWT_ALGORITHMS, KernelSettings, jwt_public_key_algorithm


class Role(StrEnum):
    BUURTTEAM = "buurtteam"
    STADSTEAM = "stadsteam-back-up"
    WMO_LOKET = "wmo-loket"
    REGIONALE_TOEGANG = "regionale-toegang"
    GEMEENTE = "gemeente"
    AANBIEDER = "aanbieder"
    U16_GEMEENTE = "u16-gemeente"
    MONITOR_VIEWER = "monitor-viewer"
    FINANCIEN = "financien"  # the gemeente's finance officers: payment batches to providers
    # The gemeente's privacy officer: answers a resident's inzageverzoek (AVG art. 15)
    PRIVACY_OFFICER = "privacy-officer"
    SYSTEEM = "systeem"


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str]
    gemeente: str | None = None
    team: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)

    def has_any(self, roles: Iterable[str]) -> bool:
        return bool(self.roles.intersection(roles))


class Unauthenticated(ProblemError):
    def __init__(self, detail: str) -> None:
        super().__init__(401, "Niet geauthenticeerd", detail)


class TokenValidator:
    def __init__(self, settings: KernelSettings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url) if settings.jwt_jwks_url else None
        self._public_key: tuple[Any, str] | None = None
        if settings.jwt_public_key:
            algorithm = jwt_public_key_algorithm(settings.jwt_public_key)
            self._public_key = (jwt.get_algorithm_by_name(algorithm).prepare_key(
                settings.jwt_public_key), algorithm)

    def validate(self, token: str) -> Principal:
        try:
            if self._jwks is not None:
                signing_key = self._jwks.get_signing_key_from_jwt(token)
                if signing_key.algorithm_name not in ASYMMETRIC_JWT_ALGORITHMS:
                    raise jwt.InvalidAlgorithmError(
                        f"the JWKS key is for {signing_key.algorithm_name}; accepted: "
                        f"{', '.join(ASYMMETRIC_JWT_ALGORITHMS)}")
                key: Any = signing_key.key
                algorithms = [signing_key.algorithm_name]
            elif self._public_key is not None:
                key, algorithm = self._public_key
                algorithms = [algorithm]
            else:
                key = self._settings.jwt_secret.get_secret_value()
                algorithms = ["HS256"]
            claims = jwt.decode(
                token, key, algorithms=algorithms, audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer, options={"require": ["exp", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"invalid bearer token: {exc}") from exc
        roles = claims.get("roles", [])
        if not isinstance(roles, list):
            raise Unauthenticated("claim 'roles' must be a list")
        scopes = claims.get("scope", "")
        return Principal(
            subject=str(claims["sub"]),
            roles=frozenset(str(r) for r in roles),
            gemeente=claims.get("gemeente"),
            team=claims.get("team"),
            scopes=frozenset(scopes.split()) if isinstance(scopes, str) else frozenset(),
        )


def issue_dev_token(settings: KernelSettings, subject: str, roles: Iterable[str], *,
                    gemeente: str | None = "0344", team: str | None = None,
                    scopes: Iterable[str] = (), ttl_s: int = 8 * 3600) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": subject, "roles": list(roles), "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience, "iat": now, "exp": now + ttl_s,
    }
    if gemeente:
        claims["gemeente"] = gemeente
    if team:
        claims["team"] = team
    if scopes:
        claims["scope"] = " ".join(scopes)
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")


_bearer = HTTPBearer(auto_error=False)


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise Unauthenticated("a bearer token is required")
    validator: TokenValidator = request.app.state.token_validator
    return validator.validate(credentials.credentials)


def require_roles(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    """Dependency: the caller must hold one of ``roles``."""

    # Async on purpose: FastAPI runs sync dependencies in a thread pool, a costly hop per call.
    async def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.has_any(roles):
            raise Forbidden(f"this action needs one of the roles: {', '.join(sorted(roles))}")
        return principal

    return check
