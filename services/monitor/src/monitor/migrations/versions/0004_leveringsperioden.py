"""Delivery periods: a toewijzing may start again after a stop, so starts are keyed by
toewijzing and startdatum and stops by toewijzing, stopdatum and reden; a start says whether it
continues care (vervolg) and both say when the message came (gemeld_op, and whether that was
within 5 werkdagen); toewijzingen name the one they follow; withdrawn starts and stops.

The rows already there keep their values (the first start and stop per toewijzing, none a
vervolg, no gemeld_op); a rebuild fills the rest from the topics.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("toewijzingen", sa.Column("vorige_toewijzing_id", sa.Uuid, nullable=True))
    op.create_index("ix_toewijzingen_vorige_toewijzing_id", "toewijzingen",
                    ["vorige_toewijzing_id"])

    op.drop_constraint("leveringen_gestart_pkey", "leveringen_gestart", type_="primary")
    op.create_primary_key("leveringen_gestart_pkey", "leveringen_gestart",
                          ["toewijzing_id", "startdatum"])
    op.add_column("leveringen_gestart", sa.Column("vervolg", sa.Boolean, nullable=False,
                                                  server_default=sa.false()))
    op.alter_column("leveringen_gestart", "vervolg", server_default=None)
    op.drop_constraint("leveringen_gestopt_pkey", "leveringen_gestopt", type_="primary")
    op.create_primary_key("leveringen_gestopt_pkey", "leveringen_gestopt",
                          ["toewijzing_id", "stopdatum", "reden_beeindiging"])
    for table in ("leveringen_gestart", "leveringen_gestopt"):
        op.add_column(table, sa.Column("gemeld_op", sa.Date, nullable=True))
        op.add_column(table, sa.Column("melding_binnen_termijn", sa.Boolean, nullable=True))

    op.create_table(
        "leveringsmeldingen_verwijderd",
        sa.Column("toewijzing_id", sa.Uuid, primary_key=True),
        sa.Column("soort", sa.Text, primary_key=True),
        sa.Column("datum", sa.Date, primary_key=True),
        sa.Column("reden_beeindiging", sa.Text, primary_key=True),
        sa.Column("verwijderd_op", sa.Date, nullable=False))


def downgrade() -> None:
    op.drop_table("leveringsmeldingen_verwijderd")
    for table in ("leveringen_gestart", "leveringen_gestopt"):
        op.drop_column(table, "melding_binnen_termijn")
        op.drop_column(table, "gemeld_op")
    op.drop_column("leveringen_gestart", "vervolg")
    # keep the first start and the last stop of each toewijzing, as one row each
    op.execute("DELETE FROM leveringen_gestart a USING leveringen_gestart b "
               "WHERE a.toewijzing_id = b.toewijzing_id AND a.startdatum > b.startdatum")
    op.execute("DELETE FROM leveringen_gestopt a USING leveringen_gestopt b "
               "WHERE a.toewijzing_id = b.toewijzing_id AND (a.stopdatum, a.reden_beeindiging)"
               " < (b.stopdatum, b.reden_beeindiging)")
    for table in ("leveringen_gestart", "leveringen_gestopt"):
        op.drop_constraint(f"{table}_pkey", table, type_="primary")
        op.create_primary_key(f"{table}_pkey", table, ["toewijzing_id"])
    op.drop_index("ix_toewijzingen_vorige_toewijzing_id", "toewijzingen")
    op.drop_column("toewijzingen", "vorige_toewijzing_id")
