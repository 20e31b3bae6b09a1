"""What indicatie knows of toegang's meldingen (a read model of its events), so an aanvraag
for a client nobody registered, or after an onderzoek without verslag, is refused.

Existing data: every client with an aanvraag is known; an aanvraag opened by a verwijzing
implies the onderzoek ended by the day of the verwijzing.

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "toegang_meldingen",
        sa.Column("melding_id", sa.Uuid, primary_key=True),
        sa.Column("client_id", sa.Text, nullable=False, index=True),
        sa.Column("gemeld_op", sa.Date),
        sa.Column("wijk", sa.Text),
        sa.Column("onderzoek_afgerond_op", sa.Date),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
    )
    op.execute(
        "INSERT INTO toegang_meldingen (melding_id, client_id, gemeld_op, wijk, "
        "onderzoek_afgerond_op) "
        "SELECT DISTINCT ON (melding_id) melding_id, client_id, gemeld_op, wijk, "
        "CASE WHEN grond = 'verwijzing' THEN verwezen_op END "
        "FROM aanvragen WHERE melding_id IS NOT NULL ORDER BY melding_id, created_at")


def downgrade() -> None:
    op.drop_table("toegang_meldingen")
