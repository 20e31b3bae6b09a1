"""Locations and places, capacity history, aanmeldingen, plaatsingen, housing offers.

Revision ID: 0002
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _created() -> sa.Column[Any]:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                     server_default=sa.func.now())


def upgrade() -> None:
    op.create_table(
        "locaties",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("naam", sa.Text, nullable=False),
        sa.Column("aanbieder", sa.Text, nullable=False),
        sa.Column("gemeente", sa.String(4), nullable=False),
        sa.Column("vorm", sa.Text, nullable=False),
        sa.Column("bovenregionaal", sa.Boolean, nullable=False),
        sa.Column("geheim_adres", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("min_leeftijd", sa.Integer),
        sa.Column("max_leeftijd", sa.Integer),
        sa.Column("geslacht", sa.Text),
        sa.Column("specialismen", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("capaciteit", sa.Integer, nullable=False),
        sa.Column("bezet", sa.Integer, nullable=False, server_default="0"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        _created(),
        sa.CheckConstraint("bezet >= 0 AND bezet <= capaciteit", name="ck_locaties_bezet"),
        sa.CheckConstraint("capaciteit >= 0", name="ck_locaties_capaciteit"),
    )
    op.create_index("ix_locaties_aanbieder", "locaties", ["aanbieder"])
    op.create_index("ix_locaties_vrij", "locaties", ["vorm", "gemeente"],
                    postgresql_where=sa.text("bezet < capaciteit"))
    op.create_table(
        "capaciteit_wijzigingen",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("locatie_id", sa.Uuid, sa.ForeignKey("locaties.id"), nullable=False,
                  index=True),
        sa.Column("ingangsdatum", sa.Date, nullable=False),
        sa.Column("capaciteit", sa.Integer, nullable=False),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("door", sa.Text, nullable=False),
        _created(),
    )
    op.create_table(
        "aanmeldingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("client_id", sa.Text, nullable=False, index=True),
        sa.Column("gemeente", sa.String(4), index=True),
        sa.Column("buiten_regio", sa.Boolean, nullable=False),
        sa.Column("kanaal", sa.Text, nullable=False),
        sa.Column("team", sa.Text),
        sa.Column("melding_id", sa.Uuid),
        sa.Column("bron_id", sa.Text, unique=True),
        sa.Column("vorm", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, index=True),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("crisis", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("verwezen_op", sa.Date, nullable=False),
        sa.Column("leeftijd", sa.Integer),
        sa.Column("geslacht", sa.Text),
        sa.Column("specialismen", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("beschermd", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("doelgroep", sa.Text, nullable=False, server_default="wmo"),
        sa.Column("financiering", sa.Text, nullable=False),
        sa.Column("indicatie_bw_op", sa.Date),
        sa.Column("indicatie_bw_door", sa.Text),
        sa.Column("bovenregionaal_toegestaan", sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Column("intake_mo_op", sa.Date),
        sa.Column("beste_kans_gemeente", sa.String(4)),
        sa.Column("beoordeling_toelichting", sa.Text),
        sa.Column("overgedragen_aan", sa.String(4)),
        sa.Column("overgedragen_op", sa.Date),
        sa.Column("wachtlijst_tot", sa.Date),
        _created(),
    )
    op.create_table(
        "plaatsingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("aanmelding_id", sa.Uuid, sa.ForeignKey("aanmeldingen.id"), nullable=False,
                  index=True),
        sa.Column("locatie_id", sa.Uuid, sa.ForeignKey("locaties.id"), nullable=False,
                  index=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("gereserveerd_op", sa.Date, nullable=False),
        sa.Column("opgenomen_op", sa.Date),
        sa.Column("uitgestroomd_op", sa.Date),
        sa.Column("bestemming", sa.Text),
        sa.Column("uitstroom_geblokkeerd_reden", sa.Text),
        sa.Column("uitstroom_geblokkeerd_sinds", sa.Date),
        _created(),
    )
    # One client holds at most one place at a time.
    op.create_index("ux_plaatsingen_actief", "plaatsingen", ["aanmelding_id"], unique=True,
                    postgresql_where=sa.text("status IN ('gereserveerd', 'opgenomen')"))
    op.create_table(
        "woningaanbiedingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("plaatsing_id", sa.Uuid, sa.ForeignKey("plaatsingen.id"), nullable=False,
                  index=True),
        sa.Column("soort", sa.Text, nullable=False),
        sa.Column("gemeente", sa.String(4)),
        sa.Column("aangeboden_op", sa.Date, nullable=False),
        _created(),
    )


def downgrade() -> None:
    for table in ("woningaanbiedingen", "plaatsingen", "aanmeldingen", "capaciteit_wijzigingen",
                  "locaties"):
        op.drop_table(table)
