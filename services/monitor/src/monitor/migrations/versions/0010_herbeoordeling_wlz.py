"""Herbeoordeling and the step to the Wlz: the read models of reviews signalled, decided and
closed without a decision, and of Wlz signals, CIZ aanvragen and their outcome. A rebuild
fills them from the topics.

Revision ID: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TABLES = ("wlz_besluiten", "wlz_aanvragen", "wlz_signalen", "herbeoordeling_afsluitingen",
           "herbeoordeling_besluiten", "herbeoordeling_signalen")


def upgrade() -> None:
    op.create_table(
        "herbeoordeling_signalen",
        sa.Column("herbeoordeling_id", sa.Uuid, primary_key=True),
        sa.Column("soort", sa.Text, primary_key=True),
        sa.Column("productcategorie", sa.Text, nullable=False),
        sa.Column("herbeoordeling_op", sa.Date, nullable=False, index=True),
        sa.Column("einddatum", sa.Date),
        sa.Column("peildatum", sa.Date, nullable=False))
    op.create_table(
        "herbeoordeling_besluiten",
        sa.Column("herbeoordeling_id", sa.Uuid, primary_key=True),
        sa.Column("besluit", sa.Text, nullable=False),
        sa.Column("besloten_op", sa.Date, nullable=False),
        sa.Column("herbeoordeling_op", sa.Date, nullable=False, index=True),
        sa.Column("tijdig", sa.Boolean, nullable=False))
    op.create_table(
        "herbeoordeling_afsluitingen",
        sa.Column("herbeoordeling_id", sa.Uuid, primary_key=True),
        sa.Column("soort", sa.Text, nullable=False),
        sa.Column("reden", sa.Text),
        sa.Column("afgesloten_op", sa.Date, nullable=False),
        sa.Column("herbeoordeling_op", sa.Date, nullable=False, index=True))
    op.create_table(
        "wlz_signalen",
        sa.Column("overgang_id", sa.Uuid, primary_key=True),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("team", sa.Text),
        sa.Column("gesignaleerd_op", sa.Date, nullable=False, index=True))
    op.create_table(
        "wlz_aanvragen",
        sa.Column("overgang_id", sa.Uuid, primary_key=True),
        sa.Column("gesignaleerd_op", sa.Date, nullable=False),
        sa.Column("aangevraagd_op", sa.Date, nullable=False, index=True))
    op.create_table(
        "wlz_besluiten",
        sa.Column("overgang_id", sa.Uuid, primary_key=True),
        sa.Column("besluit", sa.Text, nullable=False),
        sa.Column("besloten_op", sa.Date, nullable=False, index=True),
        sa.Column("aangevraagd_op", sa.Date, nullable=False),
        sa.Column("wlz_ingangsdatum", sa.Date),
        sa.Column("laatste_wmo_dag", sa.Date),
        sa.Column("beeindigde_toewijzingen", sa.Integer, nullable=False),
        sa.Column("aansluitend", sa.Boolean))


def downgrade() -> None:
    for table in _TABLES:
        op.drop_table(table)
