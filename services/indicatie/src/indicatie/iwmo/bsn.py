"""The BSN and name for outgoing iWmo messages, fetched from toegang (the only registry
holding them).

Toegang answers ``GET /api/v1/clienten/{clientId}/bsn?doel=…`` for the role ``systeem`` with
the scope ``bsn:lezen``. Where the bearer token comes from is a small abstraction: development
issues an HS256 token from the shared secret; production plugs in a client-credentials source.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

import httpx
from wmokernel.auth import issue_dev_token
from wmokernel.settings import KernelSettings
from wmokernel.tracing import current_trace_headers

from ..domain.iwmo.wachtrij import WachtReden

SCOPE_BSN_LEZEN = "bsn:lezen"


class TokenBron(Protocol):
    async def token(self) -> str: ...


@dataclass(frozen=True)
class ClientIdentiteit:
    bsn: str
    naam: str | None = None


class BsnBron(Protocol):
    async def identiteit(self, client_id: str, doel: str) -> ClientIdentiteit: ...


class BsnNietBeschikbaar(RuntimeError):
    """The BSN cannot be had now; ``reden`` says whether toegang is away or has none."""

    def __init__(self, message: str, reden: WachtReden = WachtReden.TOEGANG_ONBEREIKBAAR
                 ) -> None:
        super().__init__(message)
        self.reden = reden


class DevTokenBron:
    """Development: a service token signed with the shared HS256 secret, renewed in time."""

    def __init__(self, settings: KernelSettings, ttl_s: int = 3600) -> None:
        self._settings = settings
        self._ttl = ttl_s
        self._token: str | None = None
        self._expires = 0.0

    async def token(self) -> str:
        if self._token is None or time.monotonic() > self._expires - 300:
            self._token = issue_dev_token(self._settings, self._settings.service_name,
                                          ["systeem"], scopes=[SCOPE_BSN_LEZEN], ttl_s=self._ttl)
            self._expires = time.monotonic() + self._ttl
        return self._token


class ToegangBsnBron:
    def __init__(self, base_url: str, tokens: TokenBron, timeout_s: float = 5.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._base = base_url.rstrip("/")
        self._tokens = tokens
        self._timeout = timeout_s
        self._transport = transport

    async def identiteit(self, client_id: str, doel: str) -> ClientIdentiteit:
        # The trace goes along: toegang's logboek row of the BSN read joins this one's.
        headers = {"Authorization": f"Bearer {await self._tokens.token()}",
                   **current_trace_headers()}
        try:
            async with httpx.AsyncClient(timeout=self._timeout,
                                         transport=self._transport) as http:
                r = await http.get(f"{self._base}/api/v1/clienten/{client_id}/bsn",
                                   params={"doel": doel}, headers=headers)
        except httpx.HTTPError as exc:
            raise BsnNietBeschikbaar(f"toegang not reachable: {exc}") from exc
        if r.status_code != 200:
            raise BsnNietBeschikbaar(
                f"toegang answered {r.status_code} for the BSN of {client_id}",
                WachtReden.BSN_ONTBREEKT if r.status_code in (404, 410)
                else WachtReden.TOEGANG_ONBEREIKBAAR)
        body = r.json()
        bsn, naam = body.get("bsn"), body.get("naam")
        if not isinstance(bsn, str):
            raise BsnNietBeschikbaar("toegang's answer holds no BSN", WachtReden.BSN_ONTBREEKT)
        return ClientIdentiteit(bsn=bsn, naam=naam if isinstance(naam, str) and naam else None)
