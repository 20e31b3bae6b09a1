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


def kernel_tables(metadata: sa.MetaData) -> KernelTables:
    cols = _columns()
    outbox = sa.Table("outbox", metadata, *cols["outbox"])
    sa.Index("ix_outbox_unpublished", outbox.c.id, postgresql_where=outbox.c.published_at.is_(None))
    processed = sa.Table("processed_events", metadata, *cols["processed_events"])
    audit = sa.Table("audit_log", metadata, *cols["audit_log"])
    sa.Index("ix_audit_log_client", audit.c.client_id, audit.c.at)
    return KernelTables(outbox, processed, audit)


OUTBOX_CHANNEL = "wmo_outbox"


def create_kernel_tables(op: Any) -> None:
    """Called from a service's first Alembic migration."""
    metadata = sa.MetaData()
    kernel_tables(metadata)
    metadata.create_all(op.get_bind())
    # Wakes the relay on commit, so it need not poll; several inserts notify once.
    op.execute(f"""
        CREATE FUNCTION wmo_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('{OUTBOX_CHANNEL}', ''); RETURN NULL; END $$
    """)
    op.execute("""
        CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
        FOR EACH STATEMENT EXECUTE FUNCTION wmo_outbox_notify()
    """)


def drop_kernel_tables(op: Any) -> None:
    for name in ("audit_log", "processed_events", "outbox"):
        op.drop_table(name)
    op.execute("DROP FUNCTION IF EXISTS wmo_outbox_notify()")
