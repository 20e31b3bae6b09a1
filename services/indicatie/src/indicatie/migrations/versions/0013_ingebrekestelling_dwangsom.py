"""Ingebrekestellingen of late decisions on an aanvraag or a bezwaar and the dwangsom each
runs (Awb 4:17): the day it was received, the term that had passed, the first dwangsom day,
the decision that ended it and its vaststelling (Awb 4:18). One per aanvraag, one per
bezwaar.

Revision ID: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingebrekestellingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False,
                  index=True),
        sa.Column("bezwaar_id", sa.Uuid, sa.ForeignKey("bezwaren.id")),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("ontvangen_op", sa.Date, nullable=False),
        sa.Column("beslissen_uiterlijk", sa.Date, nullable=False),
        sa.Column("eerste_dag", sa.Date, nullable=False),
        sa.Column("beslist_op", sa.Date),
        sa.Column("vastgesteld_op", sa.Date),
        sa.Column("dagen", sa.Integer),
        sa.Column("bedrag_cents", sa.Integer),
        sa.Column("geen_dwangsom_grond", sa.Text),
        sa.Column("geregistreerd_door", sa.Text, nullable=False),
        sa.Column("vastgesteld_door", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
    )
    op.create_index("uq_ingebrekestellingen_aanvraag", "ingebrekestellingen", ["aanvraag_id"],
                    unique=True, postgresql_where=sa.text("bezwaar_id IS NULL"))
    op.create_index("uq_ingebrekestellingen_bezwaar", "ingebrekestellingen", ["bezwaar_id"],
                    unique=True, postgresql_where=sa.text("bezwaar_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_table("ingebrekestellingen")
