"""What every service process runs: database pool, outbox relay, consumers, and the HTTP app."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
import structlog
from aiokafka import AIOKafkaProducer
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from prometheus_client import Gauge, make_asgi_app
from sqlalchemy.ext.asyncio import AsyncSession

from . import eventlog
from .audit import AuditLog
from .auth import TokenValidator
from .bsn import Pseudonymizer
from .catalogue import DOMAIN_TOPICS
from .consumer import EventConsumer, dead_letter_topic
from .db import make_engine, make_session_factory
from .faults import backoff_s
from .idempotency import IdempotencyKeys, purge_expired
from .input_guard import InputGuard
from .kafka import LogProbe, ensure_topics, make_consumer, make_producer
from .observability import HttpMiddleware, configure_logging
from .openapi import nlgov_openapi
from .outbox import Outbox, OutboxRelay
from .periodic import every
from .problems import install_problem_handlers
from .settings import KernelSettings, ensure_safe_for_production
from .tables import KernelTables
from .tracing import configure_tracing, new_trace
from .unit_of_work import UnitOfWork, bound_unit_of_work, open_unit_of_work
from .wire.envelope import CloudEvent

log = structlog.get_logger(__name__)

# Connections the background tasks hold besides the units of work: the relay's leadership lock
# and its publish round, the readiness probe; each subscription adds its batch transaction.
_BACKGROUND_CONNECTIONS = 3


EventHandler = Callable[[UnitOfWork, list[CloudEvent]], Awaitable[None]]
"""Applies a batch of new events inside the consumer's unit of work."""


@dataclass(frozen=True)
class Subscription:
    group_id: str
    topics: list[str]
    handler: EventHandler


@dataclass(frozen=True)
class Job:
    """A background job: ``run`` every ``interval_s`` seconds, each round in a unit of work
    of its own; a failing round is rolled back, logged and tried again next round. An
    interval of 0 or less switches the job off. ``wake``, when set, starts the next round
    at once; ``close`` is awaited at shutdown."""

    name: str
    interval_s: float
    run: Callable[[UnitOfWork], Awaitable[object]]
    wake: asyncio.Event | None = None
    close: Callable[[], Awaitable[None]] | None = None


class ServiceRuntime:
    """Owns the service's connections and background tasks; lives as long as the process."""

    def __init__(self, settings: KernelSettings, tables: KernelTables,
                 subscriptions: Sequence[Subscription] = (),
                 dependencies: dict[str, str] | None = None) -> None:
        """``dependencies``: other services this one calls, name → base URL; each is checked
        in the readiness probe and in ``wmo_dependency_up``.

        Raises UnsafeForProduction for production settings with development secrets or HS256
        tokens, before anything connects."""
        ensure_safe_for_production(settings)
        self.settings = settings
        self.dependencies = dict(dependencies or {})
        self.tables = tables
        self.subscriptions = list(subscriptions)
        # db_pool_size units of work run at once, the rest queue here: more would only make
        # the database's cores switch between them. The pool keeps that many connections open,
        # plus the background tasks' own, so steady load never opens a connection.
        self._work_slots = asyncio.Semaphore(settings.db_pool_size)
        self.engine = make_engine(
            settings.database_url,
            settings.db_pool_size + _BACKGROUND_CONNECTIONS + len(self.subscriptions))
        self.sessions = make_session_factory(self.engine)
        self.outbox = Outbox(tables, source=f"/wmo/{settings.service_name}")
        self.audit = AuditLog(tables)
        self.pseudonymize = Pseudonymizer(settings.pseudonym_key.get_secret_value().encode())
        self.tokens = TokenValidator(settings)
        self.producer: AIOKafkaProducer | None = None
        self.relay: OutboxRelay | None = None
        self.log_probe: LogProbe | None = None
        self.consumers: list[EventConsumer] = []
        self._tasks: list[asyncio.Task[Any]] = []
        self.kafka_connected = asyncio.Event()

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """The unit of work of a request, an event batch or a job round (kernel use only):
        committed when the block ends normally, rolled back when it raises.

        At most ``db_pool_size`` run at once; the rest queue here.
        """
        async with self._work_slots, open_unit_of_work(self, self.sessions) as uow:
            yield uow

    async def start(self) -> None:
        self._tasks.append(asyncio.create_task(self._connect_kafka(), name="kafka-connect"))

    async def _connect_kafka(self) -> None:
        """Connect to the broker in the background; the HTTP API serves while it is away."""
        delay = 0.2
        while True:
            producer = make_producer(self.settings)
            try:
                await self.ensure_topics()
                await producer.start()
                break
            except Exception as exc:
                with contextlib.suppress(Exception):
                    await producer.stop()
                log.warning("broker not reachable, retrying", error=str(exc), delay=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
        self.producer = producer
        self.log_probe = LogProbe(self.settings)
        self.relay = OutboxRelay(self.engine, self.tables, producer, self.settings.service_name,
                                 self.settings.outbox_batch_size,
                                 self.settings.outbox_poll_interval_s,
                                 probe=self.log_probe, ensure_topics=self.ensure_topics,
                                 check_interval_s=self.settings.broker_check_interval_s)
        self._tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
        for sub in self.subscriptions:
            self._tasks.append(asyncio.create_task(self._run_consumer(sub), name=sub.group_id))
        self.kafka_connected.set()

    async def ensure_topics(self) -> None:
        """Create whichever of the service's topics the broker does not have (again)."""
        await ensure_topics(self.settings, [
            *DOMAIN_TOPICS, *(dead_letter_topic(s.group_id) for s in self.subscriptions)])

    async def _run_consumer(self, sub: Subscription) -> None:
        """Runs the subscription's consumer for the life of the process: one that cannot start
        or fails outside a batch is started again after a growing pause, never left dead."""
        assert self.producer is not None
        failures = 0
        while True:
            kafka_consumer = make_consumer(self.settings, sub.group_id, sub.topics)
            try:
                await kafka_consumer.start()
                consumer = EventConsumer(
                    consumer=kafka_consumer, dlq_producer=self.producer,
                    session_factory=self.sessions, tables=self.tables, group_id=sub.group_id,
                    handler=self.bind(sub.handler),
                    max_records=self.settings.consumer_max_records,
                    max_attempts=self.settings.consumer_max_attempts,
                    retry_backoff_s=self.settings.consumer_retry_backoff_s,
                    ensure_topics=self.ensure_topics,
                )
                self.consumers = [c for c in self.consumers if c.group_id != sub.group_id]
                self.consumers.append(consumer)
                await consumer.run()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failures += 1
                log.warning("consumer stopped by an error, starting it again",
                            group=sub.group_id, error=f"{type(exc).__name__}: {exc}",
                            failures=failures)
            finally:
                with contextlib.suppress(Exception):
                    await kafka_consumer.stop()
            await asyncio.sleep(backoff_s(failures))

    def bind(self, handler: EventHandler
              ) -> Callable[[AsyncSession, list[CloudEvent]], Awaitable[None]]:
        """The consumer's batch transaction, handed to the service as a unit of work."""
        async def apply(session: AsyncSession, events: list[CloudEvent]) -> None:
            async with bound_unit_of_work(self, session) as uow:
                await handler(uow, events)
        return apply

    async def run_job(self, job: Job) -> None:
        """One round of ``job`` in a unit of work of its own, under a trace of its own."""
        with new_trace(f"job {job.name}"):
            async with self.unit_of_work() as uow:
                await job.run(uow)

    async def stop(self) -> None:
        """Graceful: consumers finish their batch and commit, the relay finishes its round."""
        for consumer in self.consumers:
            consumer.stop()
        if self.relay is not None:
            self.relay.stop()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=10)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if self.log_probe is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.log_probe.stop(), 5)
        if self.producer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.producer.stop(), 5)
        await self.engine.dispose()

    async def readiness(self) -> dict[str, str]:
        checks: dict[str, str] = {}
        try:
            async with self.engine.connect() as conn:
                await asyncio.wait_for(conn.execute(sa.text("SELECT 1")), 2)
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"unavailable: {type(exc).__name__}"
        for name, url in self.dependencies.items():
            checks[name] = await _reachable(url)
            DEPENDENCY_UP.labels(self.settings.service_name, name).set(checks[name] == "ok")
        if self.producer is None:
            checks["broker"] = "connecting"
        else:
            try:
                await asyncio.wait_for(self.producer.client.fetch_all_metadata(), 2)
                checks["broker"] = "ok"
            except Exception as exc:
                checks["broker"] = f"unavailable: {type(exc).__name__}"
        return checks


DEPENDENCY_UP = Gauge("wmo_dependency_up", "1 when a service this one calls answered its "
                      "liveness probe at the last readiness check", ["service", "dependency"])


async def _reachable(base_url: str) -> str:
    try:
        async with httpx.AsyncClient(timeout=2.0) as http:
            r = await http.get(f"{base_url.rstrip('/')}/health/live")
        return "ok" if r.status_code == 200 else f"unavailable: HTTP {r.status_code}"
    except httpx.HTTPError as exc:
        return f"unreachable: {type(exc).__name__} at {base_url}"


def _with_beheer(tags: list[dict[str, str]]) -> list[dict[str, str]]:
    if any(t["name"] == "beheer" for t in tags):
        return tags
    return [*tags, {"name": "beheer", "description": "Operations: the event log"}]


def create_service_app(runtime: ServiceRuntime, *, title: str, description: str,
                       routers: Sequence[APIRouter], tags: list[dict[str, str]],
                       jobs: Sequence[Job] = (), state: dict[str, Any] | None = None) -> FastAPI:
    """The service's ASGI app: its API under ``/api/v1``, health, metrics, and the lifespan
    that starts the runtime and the background ``jobs``. ``state``: what the composition root
    hands its endpoints besides the runtime (``request.app.state.<name>`` in a handler)."""
    settings = runtime.settings
    configure_logging(settings.log_level, settings.log_json)
    configure_tracing(settings.service_name)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            async with contextlib.AsyncExitStack() as stack:
                for job in (*jobs, Job("idempotency-keys-purge", 3600.0, purge_expired)):
                    if job.interval_s > 0:
                        if job.close is not None:
                            stack.push_async_callback(job.close)
                        await stack.enter_async_context(every(
                            job.interval_s, functools.partial(runtime.run_job, job), job.name,
                            job.wake))
                yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None)
    api = FastAPI(title=title, description=description, version=settings.api_version,
                  openapi_url="/openapi.json", docs_url="/docs", redoc_url=None,
                  openapi_tags=_with_beheer(tags), root_path_in_servers=False)
    for target in (app, api):
        target.state.runtime = runtime
        target.state.token_validator = runtime.tokens
        for name, value in (state or {}).items():
            setattr(target.state, name, value)
        install_problem_handlers(target)
    for router in (*routers, eventlog.router):
        api.include_router(router)
    server_url = f"{settings.public_url.rstrip('/')}/{settings.service_name}/api/v1"

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            api.openapi_schema = nlgov_openapi(api, title=title, description=description,
                                               version=settings.api_version,
                                               server_url=server_url)
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]

    @app.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        # Without the database nothing can be served: 503. Without the broker requests are
        # still served (events wait in the outbox), so the pod stays in rotation: 200, degraded.
        checks = await runtime.readiness()
        if checks["database"] != "ok":
            status, code = "unavailable", 503
        elif any(v != "ok" for v in checks.values()):
            status, code = "degraded", 200
        else:
            status, code = "ok", 200
        return JSONResponse({"status": status, "checks": checks}, status_code=code)

    app.mount("/metrics", make_asgi_app())
    app.mount("/api/v1", api)
    app.add_middleware(IdempotencyKeys, runtime=runtime)
    app.add_middleware(InputGuard)
    app.add_middleware(HttpMiddleware, api_version=settings.api_version)
    return app
