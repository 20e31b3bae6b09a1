"""iWmo changes of a toewijzing and delivery periods: RedenWijziging, the toewijzing that
follows a changed one, ReferentieAanbieder and Budget on the toewijzing, the "report in the
next WMO301" mark, and one row per delivery period (start, stop, restart, withdrawal).

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("toewijzingen", sa.Column("reden_wijziging", sa.String(2)))
    op.add_column("toewijzingen", sa.Column("vorige_toewijzing_id", sa.Uuid))
    op.add_column("toewijzingen", sa.Column("opvolger_id", sa.Uuid))
    op.add_column("toewijzingen", sa.Column("referentie_aanbieder", sa.Text))
    op.add_column("toewijzingen", sa.Column("budget_cents", sa.BigInteger))
    op.add_column("toewijzingen", sa.Column("te_melden", sa.Boolean, nullable=False,
                                            server_default=sa.false()))
    op.execute("UPDATE toewijzingen t SET referentie_aanbieder = v.referentie_aanbieder "
               "FROM iwmo_verzoeken v WHERE v.toewijzing_id = t.id")
    # One current toewijzing per granted product: a replaced one (opvolger) no longer counts.
    op.drop_index("uq_toewijzingen_lopend", table_name="toewijzingen")
    op.create_index("uq_toewijzingen_lopend", "toewijzingen", ["beschikt_product_id"],
                    unique=True,
                    postgresql_where=sa.text("status <> 'gestopt' AND opvolger_id IS NULL"))

    op.create_table(
        "leveringsperioden",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("toewijzing_id", sa.Uuid, sa.ForeignKey("toewijzingen.id"), nullable=False,
                  index=True),
        sa.Column("begindatum", sa.Date, nullable=False),
        sa.Column("einddatum", sa.Date),
        sa.Column("reden_beeindiging", sa.String(2)),
        sa.Column("eerdere_stops", JSONB, nullable=False, server_default="[]"),
        sa.Column("verwijderd", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_index("uq_leveringsperioden_begin", "leveringsperioden",
                    ["toewijzing_id", "begindatum"], unique=True,
                    postgresql_where=sa.text("NOT verwijderd"))
    op.execute("INSERT INTO leveringsperioden (id, toewijzing_id, begindatum, einddatum, "
               "reden_beeindiging) SELECT gen_random_uuid(), id, startdatum, stopdatum, "
               "reden_beeindiging FROM toewijzingen WHERE startdatum IS NOT NULL")


def downgrade() -> None:
    op.drop_table("leveringsperioden")
    op.drop_index("uq_toewijzingen_lopend", table_name="toewijzingen")
    op.create_index("uq_toewijzingen_lopend", "toewijzingen", ["beschikt_product_id"],
                    unique=True, postgresql_where=sa.text("status <> 'gestopt'"))
    for column in ("te_melden", "budget_cents", "referentie_aanbieder", "opvolger_id",
                   "vorige_toewijzing_id", "reden_wijziging"):
        op.drop_column("toewijzingen", column)
