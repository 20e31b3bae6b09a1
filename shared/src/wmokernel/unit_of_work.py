"""The unit of work: one transaction that holds a use case's state changes, its audit records
and its outbox events, committed together or not at all.

Only the kernel opens one: the request dependency (:data:`wmokernel.endpoints.UnitOfWorkDep`)
commits when the handler returns and rolls back when it raises; the consumer opens one per
batch of events; a background job gets one per round. Use-case code receives it and never
commits, rolls back or opens a transaction of its own.

A refused access is audit-logged whatever happens to the request: refusals are kept aside and
written in the same transaction when it commits, or in a fresh one right after the rollback.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry.context import Context
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .audit import AuditLog
from .auth import Principal
from .catalogue import EventPayload
from .grondslag import Grondslag
from .outbox import Outbox
from .wire.envelope import CloudEvent

if TYPE_CHECKING:
    from .runtime import ServiceRuntime


@dataclass(frozen=True)
class _Refusal:
    principal: Principal
    resource_type: str
    resource_id: str
    client_id: str | None
    purpose: str
    activity: str | None = None
    grondslag: Grondslag | None = None
    # The trace the refusal happened in: the rollback's fresh transaction runs outside it.
    context: Context | None = None


@dataclass
class UnitOfWork:
    session: AsyncSession
    runtime: ServiceRuntime
    _refusals: list[_Refusal] = field(default_factory=list)

    @property
    def settings(self) -> Any:
        """The service's settings (its own subclass of ``KernelSettings``)."""
        return self.runtime.settings

    @property
    def outbox(self) -> Outbox:
        return self.runtime.outbox

    @property
    def audit_log(self) -> AuditLog:
        return self.runtime.audit

    def pseudonymize(self, bsn: str) -> str:
        return self.runtime.pseudonymize(bsn)

    async def publish(self, payload: EventPayload) -> CloudEvent:
        """Stage an event: it is published only if this unit of work commits."""
        return await self.runtime.outbox.add(self.session, payload)

    async def publish_all(self, payloads: list[EventPayload]) -> list[CloudEvent]:
        """Stage several events in their order, in one statement."""
        return await self.runtime.outbox.add_all(self.session, payloads)

    async def audit(self, principal: Principal, *, action: str, resource_type: str,
                    resource_id: str, client_id: str | None, purpose: str,
                    activity: str | None = None, grondslag: Grondslag | None = None,
                    toestemming_id: str | None = None) -> None:
        """A logboek record of a processing of personal data, committed with the state.
        ``activity`` and ``grondslag`` default to the resource type's (``wmokernel.grondslag``)."""
        await self.runtime.audit.record(self.session, principal, action=action,
                                        resource_type=resource_type, resource_id=resource_id,
                                        client_id=client_id, purpose=purpose,
                                        activity=activity, grondslag=grondslag,
                                        toestemming_id=toestemming_id)

    async def audit_clients(self, principal: Principal, *, action: str, resource_type: str,
                            resource_id: str, client_ids: list[str], purpose: str,
                            activity: str | None = None,
                            grondslag: Grondslag | None = None) -> None:
        """A logboek record per client of one access to a resource that concerns many (a
        declaratie), written in one statement."""
        await self.runtime.audit.record_clients(
            self.session, principal, action=action, resource_type=resource_type,
            resource_id=resource_id, client_ids=list(client_ids), purpose=purpose,
            activity=activity, grondslag=grondslag)

    def audit_refusal(self, principal: Principal, resource_type: str, resource_id: str,
                      client_id: str | None, purpose: str, *, activity: str | None = None,
                      grondslag: Grondslag | None = None) -> None:
        """A logboek record of a refused access: kept even when the unit of work rolls back."""
        self._refusals.append(_Refusal(principal, resource_type, resource_id, client_id,
                                       purpose, activity, grondslag, otel_context.get_current()))

    async def _write_refusals(self, session: AsyncSession) -> None:
        for r in self._refusals:
            token = otel_context.attach(r.context) if r.context is not None else None
            try:
                await self.runtime.audit.record(
                    session, r.principal, action="geweigerd", resource_type=r.resource_type,
                    resource_id=r.resource_id, client_id=r.client_id, purpose=r.purpose,
                    activity=r.activity, grondslag=r.grondslag)
            finally:
                if token is not None:
                    otel_context.detach(token)
        self._refusals.clear()


@asynccontextmanager
async def open_unit_of_work(runtime: ServiceRuntime,
                            sessions: async_sessionmaker[AsyncSession]
                            ) -> AsyncIterator[UnitOfWork]:
    """Commit when the block ends normally, roll back when it raises; refusals survive both."""
    async with sessions() as session:
        uow = UnitOfWork(session, runtime)
        try:
            async with session.begin():
                yield uow
                await uow._write_refusals(session)
        except BaseException:
            if uow._refusals:
                async with session.begin():
                    await uow._write_refusals(session)
            raise


@asynccontextmanager
async def bound_unit_of_work(runtime: ServiceRuntime, session: AsyncSession
                             ) -> AsyncIterator[UnitOfWork]:
    """A unit of work over a transaction the kernel already holds (the consumer's batch)."""
    uow = UnitOfWork(session, runtime)
    yield uow
    await uow._write_refusals(session)
