"""Client registry, meldingen, verwijzingen and the kernel tables.

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
        "clients",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("bsn", sa.String(9), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_table(
        "meldingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("client_id", sa.Text, sa.ForeignKey("clients.id"), nullable=False, index=True),
        sa.Column("kanaal", sa.Text, nullable=False),
        sa.Column("omschrijving", sa.Text, nullable=False),
        sa.Column("gemeld_op", sa.Date, nullable=False),
        sa.Column("wijk", sa.Text),
        sa.Column("team", sa.Text),
        sa.Column("eerste_contact_uiterlijk", sa.Date, nullable=False),
        sa.Column("onderzoek_uiterlijk", sa.Date, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text, unique=True),
        sa.Column("geregistreerd_door", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_table(
        "verwijzingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("melding_id", sa.Uuid, sa.ForeignKey("meldingen.id"), nullable=False,
                  index=True),
        sa.Column("naar", sa.Text, nullable=False),
        sa.Column("toelichting", sa.Text, nullable=False),
        sa.Column("verwezen_op", sa.Date, nullable=False),
        sa.Column("verwezen_door", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.UniqueConstraint("melding_id", "naar"),
    )


def downgrade() -> None:
    op.drop_table("verwijzingen")
    op.drop_table("meldingen")
    op.drop_table("clients")
    drop_kernel_tables(op)
