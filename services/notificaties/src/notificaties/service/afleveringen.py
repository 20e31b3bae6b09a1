"""Sending deliveries (the background job) and the subscriber's view of them.

A delivery may be sent when it is due and heads its subscription's queue for one hoofdObject;
sending takes it under a lease, POSTs it (bounded in time and size) and records the outcome.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import structlog
from prometheus_client import Counter, Gauge
from sqlalchemy import event as sa_event
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
NOT_RECORDED = Counter("wmo_notificaties_uitkomst_niet_vastgelegd_total",
                       "Attempts whose outcome could not be written (retried after the lease)")

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


async def _post(http: aiohttp.ClientSession, a: Aflevering, b: Abonnement, nu: datetime,
                max_response: int) -> Poging:
    headers = {"Content-Type": "application/json", "Authorization": b.auth,
               "X-Notificatie-Id": str(a.notificatie_id),
               "X-Notificatie-Signature": handtekening(b.secret, a.body),
               "X-Notificatie-Timestamp": nu.isoformat()}
    try:
        async with http.post(b.callback_url, data=a.body, headers=headers,
                             allow_redirects=False) as r:
            await r.content.read(max_response)  # read (and drop) at most max_response bytes
            status = r.status
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return Poging(None, f"{type(exc).__name__}: {exc}"[:500])
    return Poging(status, None if 200 <= status < 300 else f"HTTP {status}")


def http_client(settings: Any) -> aiohttp.ClientSession:
    """The client for receivers: no redirects followed (per request), each attempt bounded by
    the time limit, at most ``notificaties_gelijktijdig`` connections, kept open between
    rounds. aiohttp rather than httpx: its pool costs a fraction per request, and delivery
    is nearly all requests."""
    n = max(1, settings.notificaties_gelijktijdig)
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=settings.notificaties_timeout_s),
        connector=aiohttp.TCPConnector(limit=n, limit_per_host=n),
        skip_auto_headers=["User-Agent"], headers={"User-Agent": "wmo-notificaties"},
        raise_for_status=False, auto_decompress=False)


def uitkomst(a: Aflevering, poging: Poging, nu: datetime, s: Any,
             rnd: Callable[[], float]) -> dict[str, Any]:
    """The columns an attempt changes: delivered, or the next attempt after full-jitter
    backoff, or dead-letter once the delivery has been trying for too long."""
    row: dict[str, Any] = {"id": a.id, "pogingen": a.pogingen + 1, "laatste_poging_op": nu,
                           "laatste_statuscode": poging.statuscode,
                           "laatste_fout": poging.fout}
    if poging.gelukt:
        return {**row, "status": Status.AFGELEVERD.value, "afgeleverd_op": nu,
                "volgende_poging": None}
    verder = na_mislukking(a.pogingen + 1, nu=nu, sinds=a.termijn_start,
                           max_leeftijd_s=s.notificaties_max_leeftijd_s, rnd=rnd,
                           base_s=s.notificaties_backoff_base_s,
                           cap_s=s.notificaties_backoff_cap_s)
    return {**row, "status": verder.status.value, "afgeleverd_op": None,
            "volgende_poging": verder.volgende_poging}


def _tel(row: dict[str, Any]) -> bool:
    """Count the outcome; True when it was delivered."""
    label = {Status.AFGELEVERD.value: "afgeleverd",
             Status.DEAD_LETTER.value: "dead-letter"}.get(row["status"], "mislukt")
    OUTCOMES.labels(label).inc()
    return label == "afgeleverd"


def _lease_until(nu: datetime, s: Any) -> datetime:
    """How long a taken delivery is ours: the attempt's time limit and a margin."""
    return nu + timedelta(seconds=s.notificaties_timeout_s + 30.0)


async def _attempt(client: aiohttp.ClientSession, a: Aflevering, b: Abonnement, nu: datetime,
                   s: Any) -> Poging:
    if len(a.body) > s.notificaties_max_body_bytes:
        return Poging(None, "notification larger than the body limit")
    return await _post(client, a, b, nu, s.notificaties_max_response_bytes)


async def bezorg(uow: UnitOfWork, *, klok: Klok = systeemklok,
                 http: aiohttp.ClientSession | None = None,
                 rnd: Callable[[], float] = random.random, max_passes: int = 20) -> int:
    """One delivery round in ``uow``, waiting for every attempt: take what may be sent, send
    it, record the outcomes; again while deliveries keep succeeding, so a queue that was
    blocked drains in one round. The number of deliveries that arrived. (The service process
    runs ``Bezorger``, which does the same steps without waiting for the slowest receiver.)"""
    s = uow.settings
    owned = http is None
    client = http or http_client(s)
    slots = asyncio.Semaphore(max(1, s.notificaties_gelijktijdig))
    delivered = 0
    try:
        for _ in range(max_passes):
            nu = klok()
            batch = await repo.claim(uow.session, nu, limit=s.notificaties_batch_size,
                                     lease_until=_lease_until(nu, s),
                                     per_abonnement=s.notificaties_batch_size)
            if not batch:
                break
            subs = await repo.abonnementen_van(uow.session, {a.abonnement_id for a in batch})

            async def send(a: Aflevering, b: Abonnement, nu: datetime = nu) -> Poging:
                async with slots:
                    return await _attempt(client, a, b, nu, s)

            pogingen = await asyncio.gather(*(send(a, subs[a.abonnement_id]) for a in batch))
            rows = [uitkomst(a, p, nu, s, rnd) for a, p in zip(batch, pogingen, strict=True)]
            await repo.record(uow.session, rows)
            passed = sum(_tel(r) for r in rows)
            delivered += passed
            if passed == 0:
                break
    finally:
        if owned:
            await client.close()
    PENDING.set(await repo.count_pending(uow.session))
    return delivered


OpenUnitOfWork = Callable[[], AbstractAsyncContextManager[UnitOfWork]]


class Bezorger:
    """The service process's delivery job, pipelined: a round takes what may be sent (as many
    as there are free slots, a few per subscription), commits that claim and starts the
    attempts without waiting for them; outcomes are written together as they come in. So a
    receiver that hangs until its time limit holds up its own queue only, never another
    subscriber's, and no transaction stays open while a receiver answers. A finished attempt
    or a new event (``wake``) starts the next round at once instead of after the interval."""

    def __init__(self, settings: Any, open_uow: OpenUnitOfWork, *, klok: Klok = systeemklok,
                 rnd: Callable[[], float] = random.random) -> None:
        self._s = settings
        self._open_uow = open_uow
        self._klok = klok
        self._rnd = rnd
        self.wake = asyncio.Event()
        n = max(1, settings.notificaties_gelijktijdig)
        self._slots = n
        # a quarter of the slots per subscription: one slow receiver leaves the rest free
        self._per_abonnement = max(1, n // 4)
        self._http: aiohttp.ClientSession | None = None
        self._bezig: dict[uuid.UUID, int] = {}  # subscription -> attempts in flight
        self._taken: set[asyncio.Task[None]] = set()
        self._uitkomsten: list[dict[str, Any]] = []
        self._schrijver: asyncio.Task[None] | None = None
        self._te_schrijven = asyncio.Event()

    @property
    def in_flight(self) -> int:
        return sum(self._bezig.values())

    def _client(self) -> aiohttp.ClientSession:
        if self._http is None:
            self._http = http_client(self._s)
        return self._http

    async def __call__(self, uow: UnitOfWork) -> None:
        """One round in the job's unit of work: the attempts start once the claim is
        committed (a claim that is not committed sends nothing)."""
        vrij = min(self._slots - self.in_flight, self._s.notificaties_batch_size)
        if vrij <= 0:
            return
        nu = self._klok()
        vol = {b for b, n in self._bezig.items() if n >= self._per_abonnement}
        batch = await repo.claim(uow.session, nu, limit=vrij, lease_until=_lease_until(nu, self._s),
                                 per_abonnement=self._per_abonnement, skip=vol)
        if not batch:
            PENDING.set(await repo.count_pending(uow.session))
            return
        subs = await repo.abonnementen_van(uow.session, {a.abonnement_id for a in batch})
        sa_event.listen(uow.session.sync_session, "after_commit",
                        lambda _session: self._start(batch, subs, nu), once=True)

    def _start(self, batch: list[Aflevering], subs: dict[uuid.UUID, Abonnement],
               nu: datetime) -> None:
        for a in batch:
            self._bezig[a.abonnement_id] = self._bezig.get(a.abonnement_id, 0) + 1
            task = asyncio.create_task(self._verstuur(a, subs[a.abonnement_id], nu))
            self._taken.add(task)
            task.add_done_callback(self._taken.discard)
        if self._schrijver is None or self._schrijver.done():
            self._schrijver = asyncio.create_task(self._schrijf())

    async def _verstuur(self, a: Aflevering, b: Abonnement, nu: datetime) -> None:
        try:
            poging = await _attempt(self._client(), a, b, nu, self._s)
        except Exception as exc:  # never lose the outcome: a failed attempt is retried
            poging = Poging(None, f"{type(exc).__name__}: {exc}"[:500])
        self._uitkomsten.append(uitkomst(a, poging, nu, self._s, self._rnd))
        self._te_schrijven.set()
        self._bezig[a.abonnement_id] -= 1
        if not self._bezig[a.abonnement_id]:
            del self._bezig[a.abonnement_id]

    async def _schrijf(self) -> None:
        """Write outcomes as they come, many at once under load; until nothing is in flight."""
        while self._taken or self._uitkomsten:
            if not self._uitkomsten:
                self._te_schrijven.clear()
                await self._te_schrijven.wait()
                continue
            rows, self._uitkomsten = self._uitkomsten, []
            try:
                async with self._open_uow() as uow:
                    await repo.record(uow.session, rows)
            except Exception as exc:
                # the leases run out and the deliveries are tried again: at least once
                log.warning("delivery outcomes not recorded; retried after the lease",
                            error=str(exc), count=len(rows))
                NOT_RECORDED.inc(len(rows))
                continue
            for row in rows:
                _tel(row)
            self.wake.set()

    async def drain(self) -> None:
        """Wait for the attempts in flight and their outcomes (tests, shutdown)."""
        while self._taken or (self._schrijver is not None and not self._schrijver.done()):
            await asyncio.gather(*self._taken, return_exceptions=True)
            if self._schrijver is not None:
                self._te_schrijven.set()
                await asyncio.gather(self._schrijver, return_exceptions=True)

    async def close(self) -> None:
        await self.drain()
        if self._http is not None:
            await self._http.close()
            self._http = None


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
