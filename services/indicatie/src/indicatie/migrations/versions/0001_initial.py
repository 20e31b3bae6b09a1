"""Aanvragen, beschikkingen and the kernel tables.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from wmokernel.tables import create_kernel_tables, drop_kernel_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kernel_tables(op)
    op.create_table(
        "aanvragen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("client_id", sa.Text, nullable=False, index=True),
        sa.Column("melding_id", sa.Uuid, index=True),
        sa.Column("verwijzing_id", sa.Uuid, unique=True),
        sa.Column("ontvangen_op", sa.Date, nullable=False),
        sa.Column("beslissen_uiterlijk", sa.Date, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_table(
        "beschikkingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False,
                  unique=True),
        sa.Column("besluit", sa.Text, nullable=False),
        sa.Column("motivering", sa.Text, nullable=False),
        sa.Column("afgegeven_op", sa.Date, nullable=False),
        sa.Column("bezwaar_uiterlijk", sa.Date, nullable=False),
        sa.Column("afgegeven_door", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("beschikkingen")
    op.drop_table("aanvragen")
    drop_kernel_tables(op)
