"""Herbeoordeling and the step to the Wlz: the worklist of reviews (one per granted product in
kind, from the day its herbeoordeling date or einddatum enters the signal window) and the Wlz
overgangen (signal, CIZ aanvraag, outcome; one running per client).

Existing data: nothing to convert; the first scan puts the running toewijzingen that are due
on the worklist.

Revision ID: 0014
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "herbeoordelingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("beschikt_product_id", sa.Uuid, sa.ForeignKey("beschikte_producten.id"),
                  nullable=False, unique=True),
        sa.Column("beschikking_id", sa.Uuid, nullable=False),
        sa.Column("aanvraag_id", sa.Uuid, nullable=False, index=True),
        sa.Column("toewijzing_id", sa.Uuid, nullable=False),
        sa.Column("client_id", sa.Text, nullable=False, index=True),
        sa.Column("wijk", sa.Text, index=True),
        sa.Column("aanbieder", sa.Text, nullable=False),
        sa.Column("product_code", sa.Text, nullable=False),
        sa.Column("productcategorie", sa.String(2), nullable=False),
        sa.Column("herbeoordeling_op", sa.Date, nullable=False),
        sa.Column("einddatum", sa.Date),
        sa.Column("uiterlijk", sa.Date, nullable=False, index=True),
        sa.Column("gesignaleerd_op", sa.Date, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        sa.Column("besluit", sa.Text),
        sa.Column("besloten_op", sa.Date),
        sa.Column("besloten_door", sa.Text),
        sa.Column("motivering", sa.Text),
        sa.Column("herindicatie_aanvraag_id", sa.Uuid),
        sa.Column("afgesloten_op", sa.Date),
        sa.Column("reden_afsluiting", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
    )
    op.create_index("ix_herbeoordelingen_open", "herbeoordelingen", ["uiterlijk"],
                    postgresql_where=sa.text("status = 'open'"))
    op.create_table(
        "wlz_overgangen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("client_id", sa.Text, nullable=False, index=True),
        sa.Column("team", sa.Text, index=True),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("toelichting", sa.Text, nullable=False),
        sa.Column("gesignaleerd_op", sa.Date, nullable=False),
        sa.Column("gesignaleerd_door", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("aangevraagd_op", sa.Date),
        sa.Column("besluit", sa.Text),
        sa.Column("besloten_op", sa.Date),
        sa.Column("wlz_ingangsdatum", sa.Date),
        sa.Column("laatste_wmo_dag", sa.Date),
        sa.Column("beeindigd", JSONB, nullable=False, server_default="[]"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
    )
    op.create_index("uq_wlz_overgangen_lopend", "wlz_overgangen", ["client_id"], unique=True,
                    postgresql_where=sa.text("status IN ('gesignaleerd', 'aangevraagd')"))


def downgrade() -> None:
    op.drop_table("wlz_overgangen")
    op.drop_table("herbeoordelingen")
