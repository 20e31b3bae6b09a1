"""Read models for meldingen, aanvragen, beschikkingen and the kernel tables.

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
        "meldingen",
        sa.Column("melding_id", sa.Uuid, primary_key=True),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("kanaal", sa.Text, nullable=False),
        sa.Column("wijk", sa.Text),
        sa.Column("gemeld_op", sa.Date, nullable=False, index=True),
    )
    op.create_table(
        "aanvragen",
        sa.Column("aanvraag_id", sa.Uuid, primary_key=True),
        sa.Column("melding_id", sa.Uuid, index=True),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("ontvangen_op", sa.Date, nullable=False, index=True),
        sa.Column("beslissen_uiterlijk", sa.Date, nullable=False),
    )
    op.create_table(
        "beschikkingen",
        sa.Column("beschikking_id", sa.Uuid, primary_key=True),
        sa.Column("aanvraag_id", sa.Uuid, nullable=False, index=True),
        sa.Column("melding_id", sa.Uuid),
        sa.Column("besluit", sa.Text, nullable=False),
        sa.Column("afgegeven_op", sa.Date, nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("beschikkingen")
    op.drop_table("aanvragen")
    op.drop_table("meldingen")
    drop_kernel_tables(op)
