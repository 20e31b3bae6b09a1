"""Spend per municipality of residence: each client's municipality (the latest an event named)
and the approved prestaties each payment batch pays.

The opvang read models already name their clients' municipality: those are taken over (the
latest fact's day as the time it became known, no event id, so any event of that day or later
wins). Toegang's meldingen were kept without theirs, so those residents read ``onbekend``
until a rebuild (``python -m monitor rebuild``) fills the rest from the topics; so do the
prestaties of batches paid before.

Revision ID: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client_gemeenten",
        sa.Column("client_id", sa.Text, primary_key=True),
        sa.Column("gemeente", sa.Text, nullable=False),
        sa.Column("bekend_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.Text, nullable=False))
    op.create_index("ix_client_gemeenten_gemeente", "client_gemeenten", ["gemeente"])
    op.create_table(
        "betaalbatch_declaraties",
        sa.Column("batch_id", sa.Uuid, primary_key=True),
        sa.Column("declaratie_id", sa.Text, primary_key=True))
    op.create_index("ix_betaalbatch_declaraties_declaratie_id", "betaalbatch_declaraties",
                    ["declaratie_id"])
    op.execute("""
        INSERT INTO client_gemeenten (client_id, gemeente, bekend_op, event_id)
        SELECT DISTINCT ON (client_id) client_id, gemeente, dag::timestamp AT TIME ZONE 'UTC', ''
        FROM (SELECT client_id, gemeente, verwezen_op AS dag FROM opvang_aanmeldingen
              UNION ALL SELECT client_id, gemeente, verwezen_op FROM opvang_wachtlijst
              UNION ALL SELECT client_id, gemeente, opgenomen_op FROM opvang_opnames) f
        WHERE gemeente IS NOT NULL
        ORDER BY client_id, dag DESC, gemeente DESC""")


def downgrade() -> None:
    op.drop_table("betaalbatch_declaraties")
    op.drop_table("client_gemeenten")
