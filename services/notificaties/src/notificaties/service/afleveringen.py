"""Sending deliveries (the background job) and the subscriber's view of them.

A round takes the due deliveries that head their subscription's queue for one hoofdObject,
POSTs them (a few at once, each bounded in time and size) and records the outcome in the
round's transaction; it repeats while deliveries keep succeeding, so a queue that was blocked
drains in one round.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import structlog
from prometheus_client import Counter, Gauge
from wmokernel.auth import Principal
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound
from wmokernel.unit_of_work import UnitOfWork

from ..domain.aflevering import Status, handtekening, na_mislukking
from ..models import Abonnement, Aflevering
from ..repository import afleveringen as repo
from . import abonnementen

log = structlog.get_logger(__name__)

PENDING = Gauge("wmo_notificaties_wachtend", "Deliveries waiting to be sent or retried")
OUTCOMES = Counter("wmo_notificaties_afleveringen_total", "Delivery attempts by outcome",
                   ["uitkomst"])

Klok = Callable[[], datetime]


def systeemklok() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Poging:
    statuscode: int | None
    fout: str | None

    @property
    def gelukt(self) -> bool:
        return self.statuscode is not None and 200 <= self.statuscode < 300


async def _post(http: httpx.AsyncClient, a: Aflevering, b: Abonnement, nu: datetime,
                max_response: int) -> Poging:
    headers = {"Content-Type": "application/json", "Authorization": b.auth,
               "X-Notificatie-Id": str(a.notificatie_id),
               "X-Notificatie-Signature": handtekening(b.secret, a.body),
               "X-Notificatie-Timestamp": nu.isoformat()}
    try:
        async with http.stream("POST", b.callback_url, content=a.body, headers=headers) as r:
            read = 0
            async for chunk in r.aiter_raw():  # read (and drop) at most max_response bytes
                read += len(chunk)
                if read >= max_response:
                    break
            status = r.status_code
    except httpx.HTTPError as exc:
        return Poging(None, f"{type(exc).__name__}: {exc}"[:500])
    return Poging(status, None if 200 <= status < 300 else f"HTTP {status}")


def _record(a: Aflevering, poging: Poging, nu: datetime, s: Any,
            rnd: Callable[[], float]) -> str:
    a.pogingen += 1
    a.laatste_poging_op = nu
    a.laatste_statuscode = poging.statuscode
    a.laatste_fout = poging.fout
    if poging.gelukt:
        a.status, a.afgeleverd_op, a.volgende_poging = Status.AFGELEVERD.value, nu, None
        return "afgeleverd"
    verder = na_mislukking(a.pogingen, nu=nu, sinds=a.termijn_start,
                           max_leeftijd_s=s.notificaties_max_leeftijd_s, rnd=rnd,
                           base_s=s.notificaties_backoff_base_s,
                           cap_s=s.notificaties_backoff_cap_s)
    a.status, a.volgende_poging = verder.status.value, verder.volgende_poging
    return "dead-letter" if verder.status is Status.DEAD_LETTER else "mislukt"


async def bezorg(uow: UnitOfWork, *, klok: Klok = systeemklok,
                 http: httpx.AsyncClient | None = None,
                 rnd: Callable[[], float] = random.random, max_passes: int = 20) -> int:
    """One delivery round; the number of deliveries that arrived."""
    s = uow.settings
    owned = http is None
    client = http or httpx.AsyncClient(timeout=s.notificaties_timeout_s, follow_redirects=False)
    slots = asyncio.Semaphore(max(1, s.notificaties_gelijktijdig))
    delivered = 0
    try:
        for _ in range(max_passes):
            nu = klok()
            batch = await repo.due(uow.session, nu, s.notificaties_batch_size)
            if not batch:
                break

            async def send(a: Aflevering, b: Abonnement, nu: datetime = nu) -> Poging:
                if len(a.body) > s.notificaties_max_body_bytes:
                    return Poging(None, "notification larger than the body limit")
                async with slots:
                    return await _post(client, a, b, nu, s.notificaties_max_response_bytes)

            pogingen = await asyncio.gather(*(send(a, b) for a, b in batch))
            passed = 0
            for (a, _), poging in zip(batch, pogingen, strict=True):
                uitkomst = _record(a, poging, nu, s, rnd)
                OUTCOMES.labels(uitkomst).inc()
                passed += uitkomst == "afgeleverd"
            await uow.session.flush()
            delivered += passed
            if passed == 0:
                break
    finally:
        if owned:
            await client.aclose()
    PENDING.set(await repo.count_pending(uow.session))
    return delivered


async def list_for(uow: UnitOfWork, principal: Principal, abonnement_id: uuid.UUID,
                   status: str | None, page: PageRequest) -> tuple[list[Aflevering], int]:
    await abonnementen.read(uow, principal, abonnement_id)
    return await repo.page_for(uow.session, abonnement_id, status, page)


async def herlever(uow: UnitOfWork, principal: Principal, abonnement_id: uuid.UUID,
                   aflevering_id: uuid.UUID, *, klok: Klok = systeemklok) -> Aflevering:
    """Queue a delivered or dead-letter delivery again, with a fresh retry window."""
    await abonnementen.read(uow, principal, abonnement_id)
    a = await repo.get_for(uow.session, abonnement_id, aflevering_id)
    if a is None:
        raise NotFound(f"aflevering {aflevering_id}")
    if a.status == Status.WACHTEND.value:
        raise Conflict("the delivery is still pending; it is retried on its own")
    nu = klok()
    a.status, a.volgende_poging, a.termijn_start = Status.WACHTEND.value, nu, nu
    await uow.session.flush()
    return a
