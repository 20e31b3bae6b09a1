"""Kanalen (seeded), abonnementen, afleveringen and the kernel tables.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from notificaties.domain.kanalen import KANALEN
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from wmokernel.tables import (
    create_idempotency_table,
    create_kernel_tables,
    drop_idempotency_table,
    drop_kernel_tables,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = True, **kw: object) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, **kw)  # type: ignore[arg-type]


def upgrade() -> None:
    create_kernel_tables(op)
    create_idempotency_table(op)
    kanalen = op.create_table(
        "kanalen",
        sa.Column("naam", sa.Text, primary_key=True),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("omschrijving", sa.Text, nullable=False),
        sa.Column("hoofd_object", sa.Text, nullable=False),
        sa.Column("resource", sa.Text, nullable=False),
        sa.Column("filters", ARRAY(sa.Text), nullable=False),
    )
    op.bulk_insert(kanalen, [
        {"naam": k.naam, "topic": k.topic, "omschrijving": k.omschrijving,
         "hoofd_object": k.hoofd_object[1], "resource": k.resource[0],
         "filters": list(k.filters)} for k in KANALEN])
    op.create_table(
        "abonnementen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("callback_url", sa.Text, nullable=False),
        sa.Column("auth", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("kanalen", JSONB, nullable=False),
        sa.Column("eigenaar", sa.Text, nullable=False),
        sa.Column("eigenaar_gemeente", sa.String(4)),
        sa.Column("reikwijdte_gemeente", sa.String(4)),
        _ts("aangemaakt_op", False, server_default=sa.func.now()),
        _ts("gewijzigd_op", False, server_default=sa.func.now()),
    )
    op.create_index("ix_abonnementen_eigenaar", "abonnementen", ["eigenaar"])
    op.create_table(
        "afleveringen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("volgnummer", sa.BigInteger, sa.Identity(), nullable=False, unique=True),
        sa.Column("abonnement_id", sa.Uuid,
                  sa.ForeignKey("abonnementen.id", ondelete="CASCADE"), nullable=False),
        sa.Column("notificatie_id", sa.Uuid, nullable=False),
        sa.Column("kanaal", sa.Text, nullable=False),
        sa.Column("hoofd_object", sa.Text, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("pogingen", sa.Integer, nullable=False),
        sa.Column("laatste_statuscode", sa.Integer),
        sa.Column("laatste_fout", sa.Text),
        _ts("volgende_poging"),
        _ts("termijn_start", False),
        _ts("laatste_poging_op"),
        _ts("afgeleverd_op"),
        _ts("aangemaakt_op", False),
        sa.UniqueConstraint("abonnement_id", "notificatie_id"),
        sa.CheckConstraint("status IN ('wachtend', 'afgeleverd', 'dead-letter')"),
    )
    op.create_index("ix_afleveringen_abonnement_id", "afleveringen", ["abonnement_id"])
    op.create_index("ix_afleveringen_wachtend", "afleveringen",
                    ["abonnement_id", "hoofd_object", "volgnummer"],
                    postgresql_where=sa.text("status = 'wachtend'"))


def downgrade() -> None:
    op.drop_table("afleveringen")
    op.drop_table("abonnementen")
    op.drop_table("kanalen")
    drop_idempotency_table(op)
    drop_kernel_tables(op)
