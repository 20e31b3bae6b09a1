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
        await session.execute(self._insert, {
            "actor": principal.subject,
            "roles": ",".join(sorted(principal.roles)),
            "action": action,
            "resource_type": resource_type,
            "resource_id": resource_id,
            "client_id": client_id,
            "purpose": purpose,
        })
