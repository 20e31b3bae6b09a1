"""iWmo retourberichten: an incoming message linked to our retour (WMO306/308/316/318/325)
and an outgoing one to the provider's (WMO302/320), and a declaratie's approved amounts.

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("iwmo_berichten", sa.Column(
        "retour_bericht_id", sa.Uuid,
        sa.ForeignKey("iwmo_berichten.id", name="fk_iwmo_berichten_retour_bericht")))
    op.add_column("iwmo_berichten", sa.Column(
        "origineel_id", sa.Uuid,
        sa.ForeignKey("iwmo_berichten.id", name="fk_iwmo_berichten_origineel")))
    op.create_index("ix_iwmo_berichten_origineel_id", "iwmo_berichten", ["origineel_id"])
    op.add_column("iwmo_berichten", sa.Column("toekenning", JSONB))


def downgrade() -> None:
    op.drop_column("iwmo_berichten", "toekenning")
    op.drop_index("ix_iwmo_berichten_origineel_id", "iwmo_berichten")
    op.drop_column("iwmo_berichten", "origineel_id")
    op.drop_column("iwmo_berichten", "retour_bericht_id")
