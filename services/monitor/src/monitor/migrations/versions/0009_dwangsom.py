"""The dwangsom bij niet tijdig beslissen (Awb 4:17): ingebrekestellingen, the dwangsommen
set (Awb 4:18), and the decision terms that suspensions moved (Awb 4:15), so the open
aanvragen past their term are known.

Existing data: the tables start empty; a rebuild fills them from the topics.

Revision ID: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

U, D, T, N = sa.Uuid, sa.Date, sa.Text, sa.Integer


def upgrade() -> None:
    op.create_table(
        "ingebrekestellingen",
        sa.Column("ingebrekestelling_id", U, primary_key=True),
        sa.Column("aanvraag_id", U, nullable=False, index=True),
        sa.Column("bezwaar_id", U),
        sa.Column("client_id", T, nullable=False),
        sa.Column("ontvangen_op", D, nullable=False, index=True),
        sa.Column("beslissen_uiterlijk", D, nullable=False))
    op.create_table(
        "dwangsom_vaststellingen",
        sa.Column("ingebrekestelling_id", U, primary_key=True),
        sa.Column("aanvraag_id", U, nullable=False),
        sa.Column("vastgesteld_op", D, nullable=False, index=True),
        sa.Column("dagen", N, nullable=False),
        sa.Column("bedrag_cents", N, nullable=False),
        sa.Column("geen_dwangsom_grond", T))
    op.create_table(
        "beslistermijn_verlengingen",
        sa.Column("aanvraag_id", U, primary_key=True),
        sa.Column("beslissen_uiterlijk", D, primary_key=True))


def downgrade() -> None:
    for table in ("beslistermijn_verlengingen", "dwangsom_vaststellingen",
                  "ingebrekestellingen"):
        op.drop_table(table)
