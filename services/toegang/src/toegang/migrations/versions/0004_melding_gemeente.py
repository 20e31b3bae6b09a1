"""The municipality of residence of a melding's resident where it is not Utrecht (a U16
municipality registered its own resident); NULL is Utrecht.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("meldingen", sa.Column("gemeente", sa.String(4), nullable=True))
    op.create_index("ix_meldingen_gemeente", "meldingen", ["gemeente"],
                    postgresql_where=sa.text("gemeente IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_meldingen_gemeente", table_name="meldingen")
    op.drop_column("meldingen", "gemeente")
