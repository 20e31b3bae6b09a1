"""The U16 municipalities as reference data, and the kernel tables.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op
from opvang.domain.reference import CENTRUMGEMEENTE, U16_GEMEENTEN
from wmokernel.tables import create_kernel_tables, drop_kernel_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kernel_tables(op)
    gemeenten = op.create_table(
        "gemeenten",
        sa.Column("cbs_code", sa.String(4), primary_key=True),
        sa.Column("naam", sa.Text, nullable=False),
        sa.Column("centrumgemeente", sa.Boolean, nullable=False),
    )
    op.bulk_insert(gemeenten, [
        {"cbs_code": code, "naam": naam, "centrumgemeente": code == CENTRUMGEMEENTE}
        for code, naam in U16_GEMEENTEN.items()
    ])


def downgrade() -> None:
    op.drop_table("gemeenten")
    drop_kernel_tables(op)
