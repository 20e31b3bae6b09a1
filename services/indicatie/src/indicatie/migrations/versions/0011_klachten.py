"""Klachten (Awb chapter 9) about the gemeente, a buurtteam or a provider: acknowledgement,
hearing, one postponement and the handling, with the term in force.

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
        "klachten",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("betreft", sa.Text, nullable=False),
        sa.Column("organisatie_code", sa.Text, nullable=False),
        sa.Column("organisatie_naam", sa.Text),
        sa.Column("client_id", sa.Text, index=True),
        sa.Column("ontvangen_op", sa.Date, nullable=False, index=True),
        sa.Column("omschrijving", sa.Text, nullable=False),
        sa.Column("klachtadviescommissie", sa.Boolean, nullable=False),
        sa.Column("ontvangstbevestiging_op", sa.Date),
        sa.Column("gehoord_op", sa.Date),
        sa.Column("horen_afgezien_op", sa.Date),
        sa.Column("horen_afzien_grond", sa.Text),
        sa.Column("verdaagd_op", sa.Date),
        sa.Column("verdaging_reden", sa.Text),
        sa.Column("beslissen_uiterlijk", sa.Date, nullable=False),
        sa.Column("status", sa.Text, nullable=False, index=True),
        sa.Column("uitkomst", sa.Text),
        sa.Column("afgehandeld_op", sa.Date),
        sa.Column("tijdig", sa.Boolean),
        sa.Column("toelichting", sa.Text),
        sa.Column("geregistreerd_door", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.CheckConstraint("betreft IN ('gemeente', 'buurtteam', 'aanbieder')",
                           name="ck_klachten_betreft"),
    )
    op.create_index("ix_klachten_organisatie", "klachten", ["betreft", "organisatie_code"])


def downgrade() -> None:
    op.drop_table("klachten")
