"""Audit log of access to personal data: who, what, when, why; written in the same transaction."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from .auth import Principal
from .tables import KernelTables


class AuditLog:
    def __init__(self, tables: KernelTables) -> None:
        self._table = tables.audit_log
        # Built once: a statement built per call costs more than its round trip.
        self._insert = sa.insert(self._table)

    async def record(self, session: AsyncSession, principal: Principal, *, action: str,
                     resource_type: str, resource_id: str, client_id: str | None,
                     purpose: str) -> None:
        await self.record_clients(session, principal, action=action,
                                  resource_type=resource_type, resource_id=resource_id,
                                  client_ids=[client_id], purpose=purpose)

    async def record_clients(self, session: AsyncSession, principal: Principal, *,
                             action: str, resource_type: str, resource_id: str,
                             client_ids: list[str | None], purpose: str) -> None:
        """One record per client, in one statement (a declaratie names thousands)."""
        rows = [{
            "actor": principal.subject,
            "roles": ",".join(sorted(principal.roles)),
            "action": action,
            "resource_type": resource_type,
            "resource_id": resource_id,
            "client_id": client_id,
            "purpose": purpose,
        } for client_id in client_ids]
        if rows:
            await session.execute(self._insert, rows[0] if len(rows) == 1 else rows)
