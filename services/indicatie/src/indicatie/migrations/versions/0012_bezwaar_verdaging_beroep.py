"""The bezwaar procedure complete: who filed it (client or gemachtigde), its decision term as
first set beside the one in force, each postponement (Awb 7:10 lid 3 once, lid 4 with
consent), the hearing or its waiver (Awb 7:2, 7:3), the day the besluit op bezwaar was sent
and the beroepstermijn; and the beroep at the rechtbank with its uitspraak.

Existing bezwaren: filed by the client, never postponed (the original term is the one in
force); a decided one's besluit counts as sent on the day it was taken.

Revision ID: 0012
"""

import sqlalchemy as sa
from alembic import op
from wmokernel.calendar import term_end

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_NOW = sa.func.now()


def upgrade() -> None:
    op.add_column("bezwaren", sa.Column("ingediend_door", sa.Text, nullable=False,
                                        server_default="client"))
    op.add_column("bezwaren", sa.Column("oorspronkelijk_beslissen_uiterlijk", sa.Date))
    op.execute("UPDATE bezwaren SET oorspronkelijk_beslissen_uiterlijk = beslissen_uiterlijk")
    op.alter_column("bezwaren", "oorspronkelijk_beslissen_uiterlijk", nullable=False)
    op.add_column("bezwaren", sa.Column("gehoord_op", sa.Date))
    op.add_column("bezwaren", sa.Column("horen_afgezien", sa.Text))
    op.add_column("bezwaren", sa.Column("verzonden_op", sa.Date))
    op.add_column("bezwaren", sa.Column("beroep_uiterlijk", sa.Date))
    bind = op.get_bind()
    besloten = bind.execute(sa.text(
        "SELECT id, besloten_op FROM bezwaren "
        "WHERE besloten_op IS NOT NULL AND uitkomst <> 'ingetrokken'")).all()
    for bezwaar_id, besloten_op in besloten:
        bind.execute(sa.text(
            "UPDATE bezwaren SET verzonden_op = :op, beroep_uiterlijk = :uiterlijk "
            "WHERE id = :id"), {"op": besloten_op, "id": bezwaar_id,
                                 "uiterlijk": term_end(besloten_op, weeks=6)})  # Awb 6:7

    op.create_table(
        "bezwaar_verdagingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("bezwaar_id", sa.Uuid, sa.ForeignKey("bezwaren.id"), nullable=False,
                  index=True),
        sa.Column("soort", sa.Text, nullable=False),
        sa.Column("weken", sa.Integer, nullable=False),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("verzonden_op", sa.Date, nullable=False),
        sa.Column("oude_uiterlijk", sa.Date, nullable=False),
        sa.Column("nieuwe_uiterlijk", sa.Date, nullable=False),
        sa.Column("door", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW,
                  nullable=False),
    )
    op.create_index("uq_bezwaar_verdagingen_lid3", "bezwaar_verdagingen", ["bezwaar_id"],
                    unique=True, postgresql_where=sa.text("soort = 'verdaging'"))

    op.create_table(
        "beroepen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("bezwaar_id", sa.Uuid, sa.ForeignKey("bezwaren.id"), nullable=False,
                  unique=True),
        sa.Column("beschikking_id", sa.Uuid, nullable=False),
        sa.Column("aanvraag_id", sa.Uuid, nullable=False, index=True),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("rechtbank", sa.Text, nullable=False),
        sa.Column("zaaknummer", sa.Text),
        sa.Column("ingesteld_op", sa.Date, nullable=False),
        sa.Column("beroep_uiterlijk", sa.Date, nullable=False),
        sa.Column("binnen_termijn", sa.Boolean, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("uitspraak", sa.Text),
        sa.Column("uitspraak_op", sa.Date),
        sa.Column("te_vervangen_beschikking_id", sa.Uuid),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW,
                  nullable=False),
    )


def downgrade() -> None:
    op.drop_table("beroepen")
    op.drop_index("uq_bezwaar_verdagingen_lid3", table_name="bezwaar_verdagingen")
    op.drop_table("bezwaar_verdagingen")
    for column in ("beroep_uiterlijk", "verzonden_op", "horen_afgezien", "gehoord_op",
                   "oorspronkelijk_beslissen_uiterlijk", "ingediend_door"):
        op.drop_column("bezwaren", column)
