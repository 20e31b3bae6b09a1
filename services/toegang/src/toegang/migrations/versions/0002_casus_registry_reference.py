"""Client registry with address, Utrecht's reference data, the casus (first contact,
ontvangstgesprek, onderzoek, outcome), assignments, consent, informatie-contacten and
deadline signals.

Revision ID: 0002
"""

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB
from toegang.domain.reference import GEMEENTE_UTRECHT, POSTCODES, WIJKEN

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _now() -> Any:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                     server_default=sa.func.now())


def upgrade() -> None:
    wijken = op.create_table(
        "wijken",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("naam", sa.Text, nullable=False),
        sa.Column("fte_min", sa.Integer, nullable=False),
        sa.Column("fte_max", sa.Integer, nullable=False),
    )
    op.bulk_insert(wijken, [{"code": w.code, "naam": w.naam, "fte_min": w.fte_min,
                             "fte_max": w.fte_max} for w in WIJKEN])
    postcodes = op.create_table(
        "postcodegebieden",
        sa.Column("postcode4", sa.String(4), primary_key=True),
        sa.Column("wijk", sa.Text, sa.ForeignKey("wijken.code"), nullable=False),
        sa.Column("buurt", sa.Text, nullable=False),
        sa.Column("gemeente", sa.String(4), nullable=False),
    )
    op.bulk_insert(postcodes, [{"postcode4": pc, "wijk": wijk, "buurt": buurt,
                                "gemeente": GEMEENTE_UTRECHT}
                               for pc, (wijk, buurt) in POSTCODES.items()])

    for name, type_ in (("naam", sa.Text), ("straat", sa.Text), ("huisnummer", sa.Integer),
                        ("huisnummertoevoeging", sa.Text), ("postcode", sa.String(6)),
                        ("woonplaats", sa.Text), ("wijk", sa.Text), ("buurt", sa.Text)):
        op.add_column("clients", sa.Column(name, type_))
    op.add_column("clients", sa.Column("gemeente", sa.String(4), nullable=False,
                                       server_default=GEMEENTE_UTRECHT))
    op.add_column("clients", sa.Column("updated_at", sa.DateTime(timezone=True)))

    columns: list[tuple[str, Any]] = [
        ("buurt", sa.Text), ("signaal_bron", sa.Text), ("persoonlijk_plan_uiterlijk", sa.Date),
        ("eerste_contact_op", sa.Date), ("eerste_contact_vorm", sa.Text),
        ("ontvangstgesprek_op", sa.Date), ("triage", sa.Text),
        ("persoonlijk_plan_ontvangen_op", sa.Date), ("onderzoek_afgerond_op", sa.Date),
        ("uitkomst", sa.Text), ("afgesloten_op", sa.Date)]
    for name, column_type in columns:
        op.add_column("meldingen", sa.Column(name, column_type))
    op.add_column("meldingen", sa.Column("terugkerend", sa.Boolean, nullable=False,
                                         server_default=sa.false()))
    # Existing meldingen: the persoonlijk plan term is 7 days (extension ignored for history).
    op.execute(sa.text("UPDATE meldingen SET persoonlijk_plan_uiterlijk = gemeld_op + :d")
               .bindparams(d=timedelta(days=7)))
    # The deadline scan looks at open casussen only.
    op.create_index("ix_meldingen_open", "meldingen", ["eerste_contact_uiterlijk"],
                    postgresql_where=sa.text("afgesloten_op IS NULL"))

    op.add_column("verwijzingen", sa.Column("opvangvorm", sa.Text))
    op.add_column("verwijzingen", sa.Column("urgent", sa.Boolean, nullable=False,
                                            server_default=sa.false()))

    op.create_table(
        "dossier_medewerkers",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("melding_id", sa.Uuid, sa.ForeignKey("meldingen.id"), nullable=False),
        sa.Column("medewerker", sa.Text, nullable=False),
        sa.Column("team", sa.Text),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("op_verzoek_inwoner", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("toegewezen_door", sa.Text, nullable=False),
        sa.Column("van", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("tot", sa.DateTime(timezone=True)),
    )
    op.create_index("ux_dossier_medewerker_actief", "dossier_medewerkers",
                    ["melding_id", "medewerker"], unique=True,
                    postgresql_where=sa.text("tot IS NULL"))
    op.create_index("ix_dossier_medewerker_wie", "dossier_medewerkers",
                    ["medewerker", "melding_id"])
    # Existing meldingen: the registering worker is assigned.
    op.execute(sa.text(
        "INSERT INTO dossier_medewerkers (melding_id, medewerker, team, reden, toegewezen_door)"
        " SELECT id, geregistreerd_door, team, 'registratie', geregistreerd_door"
        " FROM meldingen"))

    op.create_table(
        "onderzoeken",
        sa.Column("melding_id", sa.Uuid, sa.ForeignKey("meldingen.id"), primary_key=True),
        sa.Column("gestart_op", sa.Date, nullable=False),
        sa.Column("clientondersteuning_aangeboden_op", sa.Date, nullable=False),
        sa.Column("clientondersteuning_gewenst", sa.Boolean, nullable=False),
        sa.Column("clientondersteuner", sa.Text),
        sa.Column("bevindingen", JSONB),
        sa.Column("zrm", JSONB),
        sa.Column("perspectief", sa.Text),
        sa.Column("ondersteuningsvorm", sa.Text),
        sa.Column("reden_individueel", sa.Text),
        sa.Column("verslag", sa.Text),
        sa.Column("afgerond_op", sa.Date),
        sa.Column("gestart_door", sa.Text, nullable=False),
    )
    op.create_table(
        "termijnwijzigingen",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("melding_id", sa.Uuid, sa.ForeignKey("meldingen.id"), nullable=False,
                  index=True),
        sa.Column("soort", sa.Text, nullable=False),
        sa.Column("van", sa.Date),
        sa.Column("tot_en_met", sa.Date),
        sa.Column("oude_uiterlijk", sa.Date, nullable=False),
        sa.Column("nieuwe_uiterlijk", sa.Date, nullable=False),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("door", sa.Text, nullable=False),
        _now(),
    )
    op.create_table(
        "toestemmingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("client_id", sa.Text, sa.ForeignKey("clients.id"), nullable=False,
                  index=True),
        sa.Column("ontvanger", sa.Text, nullable=False),
        sa.Column("doel", sa.Text, nullable=False),
        sa.Column("gegeven_op", sa.Date, nullable=False),
        sa.Column("ingetrokken_op", sa.Date),
        sa.Column("vastgelegd_door", sa.Text, nullable=False),
        _now(),
    )
    op.create_table(
        "informatie_contacten",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("kanaal", sa.Text, nullable=False),
        sa.Column("onderwerp", sa.Text, nullable=False),
        sa.Column("wijk", sa.Text),
        sa.Column("contact_op", sa.Date, nullable=False),
        sa.Column("geregistreerd_door", sa.Text, nullable=False),
        _now(),
    )
    op.create_table(
        "termijnsignalen",
        sa.Column("melding_id", sa.Uuid, sa.ForeignKey("meldingen.id"), primary_key=True),
        sa.Column("soort", sa.Text, primary_key=True),
        sa.Column("signaal", sa.Text, primary_key=True),
        sa.Column("uiterlijk", sa.Date, primary_key=True),
        sa.Column("peildatum", sa.Date, nullable=False),
        _now(),
    )
    # Meldingen from before this revision have no first contact or onderzoek recorded: their
    # deadlines that already passed count as signalled, so the first scan after the upgrade
    # does not publish a flood of 'termijn-verstreken' events about history.
    for soort, column in (("eerste-contact", "eerste_contact_uiterlijk"),
                          ("onderzoek", "onderzoek_uiterlijk"),
                          ("persoonlijk-plan", "persoonlijk_plan_uiterlijk")):
        op.execute(sa.text(
            "INSERT INTO termijnsignalen (melding_id, soort, signaal, uiterlijk, peildatum)"
            f" SELECT id, :soort, 'verstreken', {column}, current_date FROM meldingen"
            f" WHERE {column} < current_date").bindparams(soort=soort))


def downgrade() -> None:
    for table in ("termijnsignalen", "informatie_contacten", "toestemmingen",
                  "termijnwijzigingen", "onderzoeken", "dossier_medewerkers"):
        op.drop_table(table)
    op.drop_column("verwijzingen", "urgent")
    op.drop_column("verwijzingen", "opvangvorm")
    op.drop_index("ix_meldingen_open", "meldingen")
    for name in ("terugkerend", "buurt", "signaal_bron", "persoonlijk_plan_uiterlijk",
                 "eerste_contact_op", "eerste_contact_vorm", "ontvangstgesprek_op", "triage",
                 "persoonlijk_plan_ontvangen_op", "onderzoek_afgerond_op", "uitkomst",
                 "afgesloten_op"):
        op.drop_column("meldingen", name)
    for name in ("naam", "straat", "huisnummer", "huisnummertoevoeging", "postcode",
                 "woonplaats", "wijk", "buurt", "gemeente", "updated_at"):
        op.drop_column("clients", name)
    op.drop_table("postcodegebieden")
    op.drop_table("wijken")
