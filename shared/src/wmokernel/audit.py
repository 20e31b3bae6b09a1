"""The audit log of access to personal data, kept as the Logboek dataverwerkingen (Logius):
who (actor, roles), what (action on a resource), whom (the data subject's pseudonymous client
id), why (purpose, processing activity, legal basis) and when, with the W3C trace context that
links the processing across services. Written in the same transaction as the state.

Each row is an action of its own (``span_id``), a child of the span current when it was
written (``parent_span_id``): the request's, the consumed event's or a job round's. A
processing that concerns several residents writes a row per resident (the standard wants one
data subject per row). The table only grows: ``logboek.py`` has the trigger and the one way
expired rows go.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from .auth import Principal
from .grondslag import Grondslag, activiteit_van
from .tables import KernelTables
from .tracing import logboek_trace


class AuditLog:
    def __init__(self, tables: KernelTables) -> None:
        self._table = tables.audit_log
        # Built once: a statement built per call costs more than its round trip.
        self._insert = sa.insert(self._table)

    async def record(self, session: AsyncSession, principal: Principal, *, action: str,
                     resource_type: str, resource_id: str, client_id: str | None,
                     purpose: str, activity: str | None = None,
                     grondslag: Grondslag | None = None,
                     toestemming_id: str | None = None) -> None:
        await self.record_clients(session, principal, action=action,
                                  resource_type=resource_type, resource_id=resource_id,
                                  client_ids=[client_id], purpose=purpose, activity=activity,
                                  grondslag=grondslag, toestemming_id=toestemming_id)

    async def record_clients(self, session: AsyncSession, principal: Principal, *,
                             action: str, resource_type: str, resource_id: str,
                             client_ids: list[str | None], purpose: str,
                             activity: str | None = None, grondslag: Grondslag | None = None,
                             toestemming_id: str | None = None) -> None:
        """One record per client, in one statement (a declaratie names thousands).

        ``activity`` and ``grondslag`` default to the resource type's entry in the register
        (``wmokernel.grondslag``); pass them where the call site knows better (a U16
        municipality reading its own resident, a share on the resident's consent)."""
        registered = activiteit_van(resource_type)
        trace_id, parent = logboek_trace()
        common = {
            "actor": principal.subject,
            "roles": ",".join(sorted(principal.roles)),
            "action": action,
            "resource_type": resource_type,
            "resource_id": resource_id,
            "purpose": purpose,
            "activity": activity or registered.id,
            "grondslag": str(grondslag or registered.grondslag),
            "toestemming_id": toestemming_id,
            "trace_id": trace_id,
            "parent_span_id": parent,
        }
        rows = [{**common, "client_id": client_id, "span_id": secrets.token_hex(8)}
                for client_id in client_ids]
        if rows:
            await session.execute(self._insert, rows[0] if len(rows) == 1 else rows)
