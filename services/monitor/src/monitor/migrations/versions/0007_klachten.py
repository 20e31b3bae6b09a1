"""Klachten (Awb chapter 9): the read models of klachten received, postponed and handled, per
organisation (the gemeente, a buurtteam, a provider).

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "klachten",
        sa.Column("klacht_id", sa.Uuid, primary_key=True),
        sa.Column("betreft", sa.Text, nullable=False),
        sa.Column("organisatie_code", sa.Text, nullable=False),
        sa.Column("ontvangen_op", sa.Date, nullable=False, index=True),
        sa.Column("klachtadviescommissie", sa.Boolean, nullable=False),
        sa.Column("beslissen_uiterlijk", sa.Date, nullable=False))
    op.create_table(
        "klacht_verdagingen",
        sa.Column("klacht_id", sa.Uuid, primary_key=True),
        sa.Column("mededeling_op", sa.Date, nullable=False),
        sa.Column("beslissen_uiterlijk", sa.Date, nullable=False))
    op.create_table(
        "klacht_afhandelingen",
        sa.Column("klacht_id", sa.Uuid, primary_key=True),
        sa.Column("uitkomst", sa.Text, nullable=False),
        sa.Column("afgehandeld_op", sa.Date, nullable=False),
        sa.Column("binnen_termijn", sa.Boolean, nullable=False))


def downgrade() -> None:
    for table in ("klacht_afhandelingen", "klacht_verdagingen", "klachten"):
        op.drop_table(table)
