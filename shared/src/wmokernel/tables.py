"""Tables every service database has: outbox, processed events (inbox) and audit log.

Defined with SQLAlchemy Core on the service's own MetaData; created by each service's
first Alembic migration through :func:`create_kernel_tables`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB


@dataclass(frozen=True)
class KernelTables:
    outbox: sa.Table
    processed_events: sa.Table
    audit_log: sa.Table
    idempotency_keys: sa.Table


def _columns() -> dict[str, list[Any]]:
    return {
        "outbox": [
            sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
            sa.Column("topic", sa.Text, nullable=False),
            sa.Column("key", sa.Text, nullable=False),
            sa.Column("event_id", sa.Uuid, nullable=False, unique=True),
            sa.Column("event_type", sa.Text, nullable=False),
            sa.Column("headers", JSONB, nullable=False),
            sa.Column("body", sa.LargeBinary, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                      server_default=sa.func.now()),
            sa.Column("published_at", sa.DateTime(timezone=True)),
        ],
        "processed_events": [
            sa.Column("consumer", sa.Text, primary_key=True),
            sa.Column("event_source", sa.Text, primary_key=True),
            sa.Column("event_id", sa.Text, primary_key=True),
            sa.Column("event_type", sa.Text, nullable=False),
            sa.Column("outcome", sa.Text, nullable=False, server_default="applied"),
            sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False,
                      server_default=sa.func.now()),
        ],
        "idempotency_keys": [
            sa.Column("caller", sa.Text, primary_key=True),
            sa.Column("key", sa.Text, primary_key=True),
            sa.Column("fingerprint", sa.Text, nullable=False),
            sa.Column("status", sa.Integer),  # null while the first request is in progress
            sa.Column("content_type", sa.Text),
            sa.Column("location", sa.Text),
            sa.Column("body", sa.LargeBinary),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                      server_default=sa.func.now()),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
        ],
        "audit_log": [
            sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False,
                      server_default=sa.func.now()),
            sa.Column("actor", sa.Text, nullable=False),
            sa.Column("roles", sa.Text, nullable=False),
            sa.Column("action", sa.Text, nullable=False),
            sa.Column("resource_type", sa.Text, nullable=False),
            sa.Column("resource_id", sa.Text, nullable=False),
            sa.Column("client_id", sa.Text),
            sa.Column("purpose", sa.Text, nullable=False),
        ],
    }


def logboek_columns() -> list[sa.Column[Any]]:
    """What the audit log gained to be the Logboek dataverwerkingen (``logboek.py``; added by
    each service's logboek migration through :func:`wmokernel.logboek.create_logboek`)."""
    return [
        # The processing activity in the register (wmokernel.grondslag) and its legal basis.
        sa.Column("activity", sa.Text, nullable=False,
                  server_default="wmo/maatschappelijke-ondersteuning"),
        sa.Column("grondslag", sa.Text, nullable=False, server_default="wmo-taak"),
        # The consent the processing rested on, when it did.
        sa.Column("toestemming_id", sa.Text),
        # W3C trace context: the row's own span, a child of the span that was current.
        sa.Column("trace_id", sa.Text),
        sa.Column("span_id", sa.Text),
        sa.Column("parent_span_id", sa.Text),
    ]


def kernel_tables(metadata: sa.MetaData, *, logboek: bool = True) -> KernelTables:
    """The kernel's tables on ``metadata``; ``logboek=False``: the audit log as the first
    migrations created it (before the logboek columns)."""
    cols = _columns()
    outbox = sa.Table("outbox", metadata, *cols["outbox"])
    sa.Index("ix_outbox_unpublished", outbox.c.id, postgresql_where=outbox.c.published_at.is_(None))
    processed = sa.Table("processed_events", metadata, *cols["processed_events"])
    audit = sa.Table("audit_log", metadata, *cols["audit_log"],
                     *(logboek_columns() if logboek else ()))
    sa.Index("ix_audit_log_client", audit.c.client_id, audit.c.at)
    if logboek:
        sa.Index("ix_audit_log_trace", audit.c.trace_id)
    idempotency = sa.Table("idempotency_keys", metadata, *cols["idempotency_keys"])
    return KernelTables(outbox, processed, audit, idempotency)


OUTBOX_CHANNEL = "wmo_outbox"


def create_kernel_tables(op: Any) -> None:
    """Called from a service's first Alembic migration: the tables the kernel had then (later
    ones come with their own migration, e.g. :func:`create_idempotency_table`)."""
    metadata = sa.MetaData()
    tables = kernel_tables(metadata, logboek=False)
    metadata.create_all(op.get_bind(),
                        tables=[tables.outbox, tables.processed_events, tables.audit_log])
    # Wakes the relay on commit, so it need not poll; several inserts notify once.
    op.execute(f"""
        CREATE FUNCTION wmo_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('{OUTBOX_CHANNEL}', ''); RETURN NULL; END $$
    """)
    op.execute("""
        CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
        FOR EACH STATEMENT EXECUTE FUNCTION wmo_outbox_notify()
    """)


def create_idempotency_table(op: Any) -> None:
    """The stored answers to requests with an Idempotency-Key (a service's later migration)."""
    metadata = sa.MetaData()
    tables = kernel_tables(metadata)
    metadata.create_all(op.get_bind(), tables=[tables.idempotency_keys])


def drop_idempotency_table(op: Any) -> None:
    op.drop_table("idempotency_keys")


def drop_kernel_tables(op: Any) -> None:
    for name in ("audit_log", "processed_events", "outbox"):
        op.drop_table(name)
    op.execute("DROP FUNCTION IF EXISTS wmo_outbox_notify()")
