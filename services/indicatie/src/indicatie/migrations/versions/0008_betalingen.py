"""Payment batches: the providers' bank details, the batches (one SEPA credit transfer file,
pain.001, per provider) and the link prestatie → batch.

Revision ID: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# ILLUSTRATIVE bank details for the seeded (fictitious) providers: made-up account numbers
# that pass the IBAN mod-97 check, with the BIC of the bank code they name. Not real
# accounts; production loads the contracted providers' own details.
BANKGEGEVENS = [
    ("75750101", "NL69INGB0123456789", "INGBNL2A", "Begeleiding Domstad B.V."),
    ("75750102", "NL44RABO0123456789", "RABONL2U", "Stichting Wijkzorg Utrecht-Noord"),
    ("75750103", "NL02ABNA0123456789", "ABNANL2A", "Samen Thuis Zuid-West B.V."),
    ("75750104", "NL23BUNQ0123456789", "BUNQNL2A", "Huishoudhulp Utrecht B.V."),
    ("75750105", "NL70TRIO0123456789", "TRIONL2U", "Stichting De Werkplaats"),
    ("75750106", "NL12SNSB0123456789", "SNSBNL2A", "Regiovervoer Utrecht B.V."),
    ("75750107", "NL57ASNB0123456789", "ASNBNL21", "Stichting Beschermd Thuis Utrecht"),
    ("75750108", "NL68KNAB0123456789", "KNABNL2H", "Woonaanpassing Midden-Nederland B.V."),
]


def upgrade() -> None:
    with op.batch_alter_table("aanbieders") as t:
        t.add_column(sa.Column("iban", sa.Text))
        t.add_column(sa.Column("bic", sa.Text))
        t.add_column(sa.Column("rekeninghouder", sa.Text))
    aanbieders = sa.table("aanbieders", sa.column("code", sa.Text), sa.column("iban", sa.Text),
                          sa.column("bic", sa.Text), sa.column("rekeninghouder", sa.Text))
    for code, iban, bic, naam in BANKGEGEVENS:
        op.execute(aanbieders.update().where(aanbieders.c.code == code).values(
            iban=iban, bic=bic, rekeninghouder=naam))

    op.create_table(
        "betaalbatches",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("nummer", sa.BigInteger, sa.Identity(start=1), nullable=False, unique=True),
        sa.Column("aanbieder", sa.Text, sa.ForeignKey("aanbieders.code"), nullable=False,
                  index=True),
        sa.Column("iban", sa.Text, nullable=False),
        sa.Column("bic", sa.Text),
        sa.Column("rekeninghouder", sa.Text, nullable=False),
        sa.Column("totaal_cents", sa.BigInteger, nullable=False),
        sa.Column("aantal_prestaties", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False, index=True),
        sa.Column("aangemaakt_op", sa.Date, nullable=False),
        sa.Column("uitvoeren_op", sa.Date, nullable=False),
        sa.Column("verzonden_op", sa.Date),
        sa.Column("betaald_op", sa.Date),
        sa.Column("geweigerd_op", sa.Date),
        sa.Column("reden_weigering", sa.Text),
        sa.Column("msg_id", sa.Text, nullable=False),
        sa.Column("pain001", sa.Text, nullable=False),
        sa.Column("aangemaakt_door", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.CheckConstraint("totaal_cents > 0", name="ck_betaalbatches_positief"),
    )
    op.create_table(
        "betaalbatch_prestaties",
        sa.Column("batch_id", sa.Uuid, sa.ForeignKey("betaalbatches.id"), primary_key=True),
        sa.Column("prestatie_id", sa.Uuid, sa.ForeignKey("iwmo_prestaties.id"),
                  primary_key=True),
        sa.Column("actief", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_index("uq_betaalbatch_prestaties_actief", "betaalbatch_prestaties",
                    ["prestatie_id"], unique=True, postgresql_where=sa.text("actief"))


def downgrade() -> None:
    op.drop_table("betaalbatch_prestaties")
    op.drop_table("betaalbatches")
    with op.batch_alter_table("aanbieders") as t:
        t.drop_column("rekeninghouder")
        t.drop_column("bic")
        t.drop_column("iban")
