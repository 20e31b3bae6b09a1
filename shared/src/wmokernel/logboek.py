"""The Logboek dataverwerkingen: every service's ``audit_log`` (written by ``audit.py``) is
append-only in PostgreSQL, read per data subject, and shortened only by its retention.

- A trigger refuses every UPDATE, DELETE and TRUNCATE of ``audit_log``. The two exceptions are
  each opened for one transaction by a transaction-local setting that only the kernel sets:
  :func:`purge_logboek` deletes rows older than its cut-off (the trigger checks each row's
  time against the cut-off it names), and the pseudonym relink (``rekey.py``) gives the rows
  of a client their new id, changing nothing else.
- :func:`logboek_voor` returns every row of one data subject (the AVG export reads it).

The settings keep a service's own code from rewriting history by accident or by a bug; a
database superuser can still do anything, as with any table. The logboek never leaves the
service's database: it is not an event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from .grondslag import PER_RESOURCE
from .tables import kernel_tables, logboek_columns

_TABLE = kernel_tables(sa.MetaData()).audit_log

PURGE_SETTING = "wmo.logboek_purge_voor"
RELINK_SETTING = "wmo.logboek_relink"

_TRIGGER_FUNCTION = f"""
CREATE FUNCTION wmo_logboek_alleen_aanvullen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cutoff text := current_setting('{PURGE_SETTING}', true);
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(cutoff, '') <> ''
       AND OLD.at < cutoff::timestamptz THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND current_setting('{RELINK_SETTING}', true) = 'aan'
       AND (to_jsonb(NEW) - 'client_id') = (to_jsonb(OLD) - 'client_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log (logboek dataverwerkingen) is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'expired rows go through wmokernel.logboek.purge_logboek';
END $$
"""


def create_logboek(op: Any) -> None:
    """From a service's logboek migration: the columns, the rows written before them given
    their resource's activity and legal basis, then the append-only triggers."""
    for column in logboek_columns():
        op.add_column("audit_log", column)
    op.create_index("ix_audit_log_trace", "audit_log", ["trace_id"])
    for resource_type, activiteit in PER_RESOURCE.items():
        op.execute(sa.text(
            "UPDATE audit_log SET activity = :a, grondslag = :g WHERE resource_type = :r"
        ).bindparams(a=activiteit.id, g=str(activiteit.grondslag), r=resource_type))
    op.execute(_TRIGGER_FUNCTION)
    op.execute("CREATE TRIGGER audit_log_alleen_aanvullen BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION wmo_logboek_alleen_aanvullen()")
    op.execute("CREATE TRIGGER audit_log_niet_legen BEFORE TRUNCATE ON audit_log "
               "FOR EACH STATEMENT EXECUTE FUNCTION wmo_logboek_alleen_aanvullen()")


def drop_logboek(op: Any) -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_niet_legen ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS audit_log_alleen_aanvullen ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS wmo_logboek_alleen_aanvullen()")
    op.drop_index("ix_audit_log_trace", "audit_log")
    for column in reversed(logboek_columns()):
        op.drop_column("audit_log", column.name)


async def purge_logboek(session: AsyncSession, before: datetime) -> int:
    """Delete the logboek rows written before ``before`` (timezone-aware) in the session's
    transaction; the number deleted. The only way a row leaves the logboek: the retention
    job decides ``before`` from the retention term."""
    if before.tzinfo is None:
        raise ValueError("before must be timezone-aware")
    await session.execute(sa.select(sa.func.set_config(PURGE_SETTING, before.isoformat(), True)))
    try:
        done = await session.execute(sa.delete(_TABLE).where(_TABLE.c.at < before))
    finally:
        # Closed again at once: later statements of this transaction delete nothing.
        await session.execute(sa.select(sa.func.set_config(PURGE_SETTING, "", True)))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


async def allow_relink(conn: AsyncConnection) -> None:
    """For the pseudonym relink's transaction: rows may get their client's new id (only
    that column; the trigger compares the rest)."""
    await conn.execute(sa.select(sa.func.set_config(RELINK_SETTING, "aan", True)))


async def logboek_voor(session: AsyncSession, client_id: str) -> list[dict[str, Any]]:
    """Every processing of the data subject ``client_id`` (pseudonymous), oldest first.

    Each dict has the keys ``id``, ``at`` (timezone-aware datetime), ``actor``, ``roles``,
    ``action``, ``resource_type``, ``resource_id``, ``client_id``, ``purpose``, ``activity``
    (the processing activity, ``wmokernel.grondslag.REGISTER``), ``grondslag`` (a
    ``Grondslag`` value), ``toestemming_id``, ``trace_id``, ``span_id`` and
    ``parent_span_id`` (the last four may be None for rows written before the logboek)."""
    rows = await session.execute(
        sa.select(_TABLE).where(_TABLE.c.client_id == client_id)
        .order_by(_TABLE.c.at, _TABLE.c.id))
    return [dict(r._mapping) for r in rows]
