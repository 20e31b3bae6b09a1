"""The other services' part of an inzageverzoek: ``GET /api/v1/inzage/{clientId}`` of each,
asked at once with a service token (role ``systeem``, scope ``inzage:verzamelen``)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from typing import Protocol

import httpx
from pydantic import ValidationError
from wmokernel.inzage import InzageDienst


class TokenBron(Protocol):
    async def token(self) -> str: ...


class DienstenNietBeschikbaar(RuntimeError):
    """One or more services could not give their part; ``redenen``: service → why."""

    def __init__(self, redenen: Mapping[str, str]) -> None:
        self.redenen = dict(redenen)
        super().__init__("; ".join(f"{n}: {r}" for n, r in sorted(self.redenen.items())))


class Verzamelaar(Protocol):
    async def verzamel(self, client_id: str, verzoek_id: uuid.UUID
                       ) -> dict[str, InzageDienst]: ...


class RestVerzamelaar:
    """Asks every service in ``diensten`` (name → base URL) for its part."""

    def __init__(self, diensten: Mapping[str, str], tokens: TokenBron, timeout_s: float = 30.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._diensten = {n: u.rstrip("/") for n, u in diensten.items()}
        self._tokens = tokens
        self._timeout = timeout_s
        self._transport = transport

    async def verzamel(self, client_id: str, verzoek_id: uuid.UUID
                       ) -> dict[str, InzageDienst]:
        """Every service's part, or DienstenNietBeschikbaar naming each that failed."""
        headers = {"Authorization": f"Bearer {await self._tokens.token()}"}
        async with httpx.AsyncClient(timeout=self._timeout, transport=self._transport,
                                     headers=headers) as http:
            results = await asyncio.gather(*(
                self._een(http, url, client_id, verzoek_id)
                for url in self._diensten.values()))
        failed = {n: r for n, r in zip(self._diensten, results, strict=True)
                  if isinstance(r, str)}
        if failed:
            raise DienstenNietBeschikbaar(failed)
        return {n: r for n, r in zip(self._diensten, results, strict=True)
                if isinstance(r, InzageDienst)}

    @staticmethod
    async def _een(http: httpx.AsyncClient, base: str, client_id: str,
                   verzoek_id: uuid.UUID) -> InzageDienst | str:
        """The service's part, or why there is none."""
        try:
            r = await http.get(f"{base}/api/v1/inzage/{client_id}",
                               params={"verzoek": str(verzoek_id)})
        except httpx.HTTPError as exc:
            return f"not reachable at {base} ({type(exc).__name__})"
        if r.status_code != 200:
            return f"answered HTTP {r.status_code}"
        try:
            part = InzageDienst.model_validate(r.json())
        except (ValueError, ValidationError):
            return "answered something that is no inzage"
        if part.client_id != client_id or part.verzoek_id != verzoek_id:
            return "answered for another client or verzoek"
        return part
