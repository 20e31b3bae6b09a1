"""Product catalogue (versioned by date, with reference data), beschikte producten,
eenvoudig maatwerk, opschortingen, toewijzingen, bezwaren, CAK-meldingen and deadline signals.

Revision ID: 0002
"""

from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_NOW = sa.func.now()


def _periode() -> list[sa.Column[Any]]:
    return [sa.Column("geldig_van", sa.Date, nullable=False), sa.Column("geldig_tot", sa.Date)]


def _created() -> sa.Column[Any]:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                     server_default=_NOW)


# --- reference data: the Utrecht catalogue 2024-2026 (tariffs in cents per eenheid) -----------
D = date
OPEN = None
AANBIEDERS = [
    ("75750101", "Begeleiding Domstad"),
    ("75750102", "Wijkzorg Utrecht-Noord"),
    ("75750103", "Samen Thuis Zuid-West"),
    ("75750104", "Huishoudhulp Utrecht"),
    ("75750105", "Dagbesteding De Werkplaats"),
    ("75750106", "Regiovervoer Utrecht"),
    ("75750107", "Beschermd Thuis Utrecht"),
    ("75750108", "Woonaanpassing Midden-Nederland"),
]
# code, naam, categorie, eenheid, frequentie, soort, standaard, max volume, min/max duur
# (maanden), intensiteit wijzigbaar, verantwoordelijke per wijk, geldig van, geldig tot
PRODUCTEN = [
    ("01A01", "Hulp bij het huishouden", "01", "04", "2", "maatwerk", None, 8, None, None,
     False, False, D(2015, 1, 1), OPEN),
    ("02A01", "Individuele begeleiding", "02", "04", "2", "maatwerk", None, 12, None, None,
     False, False, D(2015, 1, 1), D(2023, 12, 31)),
    ("02A05", "Ambulante begeleiding", "02", "04", "2", "maatwerk", None, 20, None, None,
     True, True, D(2024, 1, 1), OPEN),
    ("06A01", "Cliëntondersteuning", "06", "04", "6", "algemeen", None, None, None, None,
     False, False, D(2015, 1, 1), OPEN),
    # Activering/dagbesteding: 4 dagdelen a week until 2024, 2 from 2025; 6 months - 3 years.
    ("07A01", "Dagbesteding en activering", "07", "16", "2", "maatwerk", 4, 8, 6, 36,
     False, False, D(2015, 1, 1), D(2024, 12, 31)),
    ("07A01", "Dagbesteding en activering", "07", "16", "2", "maatwerk", 2, 8, 6, 36,
     False, False, D(2025, 1, 1), OPEN),
    ("12A01", "Vervoersvoorziening (regiotaxipas)", "12", "82", "6", "maatwerk", 1, 1, None,
     None, False, False, D(2015, 1, 1), OPEN),
    ("13A01", "Woningaanpassing", "13", "83", "6", "maatwerk", None, None, None, None,
     False, False, D(2015, 1, 1), OPEN),
    ("15A01", "Beschermd Thuis", "15", "14", "2", "maatwerk", 7, 7, None, None,
     False, False, D(2015, 1, 1), OPEN),
]
JAREN = [(D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 12, 31)),
         (D(2026, 1, 1), OPEN)]
TARIEVEN = {
    "01A01": (3350, 3490, 3610),
    "02A05": (6800, 7050, 7280),
    "06A01": (0, 0, 0),
    "07A01": (5200, 5400, 5600),
    "12A01": (15000, 15000, 15500),
    "13A01": (100, 100, 100),
    "15A01": (14500, 15000, 15400),
}
CONTRACTEN = {
    "01A01": ["75750104"],
    "02A05": ["75750101", "75750102", "75750103"],
    "07A01": ["75750105"],
    "12A01": ["75750106"],
    "13A01": ["75750108"],
    "15A01": ["75750107"],
}
WIJKEN = {
    "west": "75750101", "binnenstad": "75750101", "zuid": "75750101",
    "noordwest": "75750102", "overvecht": "75750102", "noordoost-oost": "75750102",
    "zuidwest": "75750103", "leidsche-rijn": "75750103", "vleuten-de-meern": "75750103",
}
# Abonnementstarief per household per month: 2024 €20.60, 2025 €21.00, 2026 €21.00.
ABONNEMENTSTARIEVEN = [(2060, D(2024, 1, 1), D(2024, 12, 31)),
                       (2100, D(2025, 1, 1), D(2025, 12, 31)),
                       (2100, D(2026, 1, 1), OPEN)]


def _catalogue_tables() -> dict[str, sa.Table]:
    producten = op.create_table(
        "producten",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("code", sa.Text, nullable=False, index=True),
        sa.Column("naam", sa.Text, nullable=False),
        sa.Column("productcategorie", sa.String(2), nullable=False),
        sa.Column("eenheid", sa.String(2), nullable=False),
        sa.Column("frequentie", sa.String(1), nullable=False),
        sa.Column("soort", sa.Text, nullable=False),
        sa.Column("standaard_volume", sa.Integer),
        sa.Column("max_volume", sa.Integer),
        sa.Column("min_duur_maanden", sa.Integer),
        sa.Column("max_duur_maanden", sa.Integer),
        sa.Column("intensiteit_wijzigbaar", sa.Boolean, nullable=False),
        sa.Column("verantwoordelijke_per_wijk", sa.Boolean, nullable=False),
        *_periode(),
        sa.UniqueConstraint("code", "geldig_van"),
    )
    aanbieders = op.create_table(
        "aanbieders",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("naam", sa.Text, nullable=False),
    )
    tarieven = op.create_table(
        "product_tarieven",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("product_code", sa.Text, nullable=False),
        sa.Column("bedrag_cents", sa.Integer, nullable=False),
        *_periode(),
        sa.UniqueConstraint("product_code", "geldig_van"),
    )
    contracten = op.create_table(
        "product_contracten",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("product_code", sa.Text, nullable=False),
        sa.Column("aanbieder", sa.Text, sa.ForeignKey("aanbieders.code"), nullable=False),
        *_periode(),
        sa.UniqueConstraint("product_code", "aanbieder", "geldig_van"),
    )
    verantwoordelijken = op.create_table(
        "wijk_verantwoordelijken",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("wijk", sa.Text, nullable=False),
        sa.Column("product_code", sa.Text, nullable=False),
        sa.Column("aanbieder", sa.Text, sa.ForeignKey("aanbieders.code"), nullable=False),
        *_periode(),
        sa.UniqueConstraint("wijk", "product_code", "geldig_van"),
    )
    abonnement = op.create_table(
        "abonnementstarieven",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("bedrag_cents", sa.Integer, nullable=False),
        sa.Column("geldig_van", sa.Date, nullable=False, unique=True),
        sa.Column("geldig_tot", sa.Date),
    )
    return {"producten": producten, "aanbieders": aanbieders, "tarieven": tarieven,
            "contracten": contracten, "verantwoordelijken": verantwoordelijken,
            "abonnement": abonnement}


def _load_reference_data(t: dict[str, sa.Table]) -> None:
    op.bulk_insert(t["aanbieders"], [{"code": c, "naam": n} for c, n in AANBIEDERS])
    keys = ("code", "naam", "productcategorie", "eenheid", "frequentie", "soort",
            "standaard_volume", "max_volume", "min_duur_maanden", "max_duur_maanden",
            "intensiteit_wijzigbaar", "verantwoordelijke_per_wijk", "geldig_van", "geldig_tot")
    op.bulk_insert(t["producten"], [dict(zip(keys, p, strict=True)) for p in PRODUCTEN])
    tarieven = [{"product_code": code, "bedrag_cents": bedrag, "geldig_van": van,
                 "geldig_tot": tot}
                for code, bedragen in TARIEVEN.items()
                for bedrag, (van, tot) in zip(bedragen, JAREN, strict=True)]
    tarieven.append({"product_code": "02A01", "bedrag_cents": 6400,
                     "geldig_van": D(2015, 1, 1), "geldig_tot": D(2023, 12, 31)})
    op.bulk_insert(t["tarieven"], tarieven)
    contracten = [{"product_code": code, "aanbieder": a, "geldig_van": D(2024, 1, 1),
                   "geldig_tot": OPEN} for code, lijst in CONTRACTEN.items() for a in lijst]
    contracten.append({"product_code": "02A01", "aanbieder": "75750101",
                       "geldig_van": D(2015, 1, 1), "geldig_tot": D(2023, 12, 31)})
    op.bulk_insert(t["contracten"], contracten)
    op.bulk_insert(t["verantwoordelijken"], [
        {"wijk": w, "product_code": "02A05", "aanbieder": a, "geldig_van": D(2024, 1, 1),
         "geldig_tot": OPEN} for w, a in WIJKEN.items()])
    op.bulk_insert(t["abonnement"], [{"bedrag_cents": b, "geldig_van": van, "geldig_tot": tot}
                                     for b, van, tot in ABONNEMENTSTARIEVEN])


def upgrade() -> None:
    _load_reference_data(_catalogue_tables())

    with op.batch_alter_table("aanvragen") as t:
        t.add_column(sa.Column("grond", sa.Text, nullable=False, server_default="verwijzing"))
        t.add_column(sa.Column("gemeld_op", sa.Date))
        t.add_column(sa.Column("verwezen_op", sa.Date))
        t.add_column(sa.Column("wijk", sa.Text))
        t.add_column(sa.Column("opgeschorte_dagen", sa.Integer, nullable=False,
                               server_default="0"))
        t.add_column(sa.Column("spoed", sa.Boolean, nullable=False, server_default=sa.false()))
        t.add_column(sa.Column("tijdelijke_voorziening_code", sa.Text))
        t.add_column(sa.Column("tijdelijke_voorziening_van", sa.Date))
        t.add_column(sa.Column("beslisronde", sa.Integer, nullable=False, server_default="1"))
    op.execute("UPDATE aanvragen SET verwezen_op = ontvangen_op WHERE verwijzing_id IS NOT NULL")

    op.create_table(
        "opschortingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("aanvraag_id", sa.Uuid, sa.ForeignKey("aanvragen.id"), nullable=False,
                  index=True),
        sa.Column("van", sa.Date, nullable=False),
        sa.Column("tot_en_met", sa.Date, nullable=False),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("door", sa.Text, nullable=False),
        _created(),
    )

    # One beschikking per decision round of an aanvraag (a bezwaar or a refused approval
    # opens a new round), instead of one per aanvraag.
    op.drop_constraint("beschikkingen_aanvraag_id_key", "beschikkingen", type_="unique")
    with op.batch_alter_table("beschikkingen") as t:
        t.add_column(sa.Column("ronde", sa.Integer, nullable=False, server_default="1"))
        t.add_column(sa.Column("status", sa.Text, nullable=False, server_default="afgegeven"))
        t.add_column(sa.Column("afwijking_reden", sa.Text))
        t.add_column(sa.Column("afwijkingen", sa.Text))
        t.add_column(sa.Column("goedgekeurd_door", sa.Text))
        t.add_column(sa.Column("beoordeeld_op", sa.Date))
        t.add_column(sa.Column("eigen_bijdrage_cents", sa.Integer, nullable=False,
                               server_default="0"))
        t.add_column(sa.Column("vervangt_beschikking_id", sa.Uuid))
        t.alter_column("afgegeven_op", nullable=True)
        t.alter_column("bezwaar_uiterlijk", nullable=True)
    op.create_index("ix_beschikkingen_aanvraag_id", "beschikkingen", ["aanvraag_id"])
    op.create_unique_constraint("uq_beschikkingen_aanvraag_ronde", "beschikkingen",
                                ["aanvraag_id", "ronde"])

    op.create_table(
        "beschikte_producten",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("beschikking_id", sa.Uuid, sa.ForeignKey("beschikkingen.id"), nullable=False,
                  index=True),
        sa.Column("product_code", sa.Text, nullable=False),
        sa.Column("product_naam", sa.Text, nullable=False),
        sa.Column("productcategorie", sa.String(2), nullable=False),
        sa.Column("leveringsvorm", sa.Text, nullable=False),
        sa.Column("volume", sa.Integer, nullable=False),
        sa.Column("eenheid", sa.String(2), nullable=False),
        sa.Column("frequentie", sa.String(1), nullable=False),
        sa.Column("ingangsdatum", sa.Date, nullable=False),
        sa.Column("einddatum", sa.Date),
        sa.Column("aanbieder", sa.Text),
        sa.Column("wijk", sa.Text),
        sa.Column("tarief_cents", sa.Integer, nullable=False),
        sa.Column("eigen_bijdrage_cents", sa.Integer, nullable=False),
        sa.Column("pgb_motivering", sa.Text),
        sa.Column("pgb_budget_beheerbaar", sa.Boolean),
        sa.Column("pgb_kwaliteit_gewaarborgd", sa.Boolean),
    )

    op.create_table(
        "toewijzingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("beschikt_product_id", sa.Uuid, sa.ForeignKey("beschikte_producten.id"),
                  nullable=False, index=True),
        sa.Column("beschikking_id", sa.Uuid, nullable=False),
        sa.Column("aanvraag_id", sa.Uuid, nullable=False, index=True),
        sa.Column("client_id", sa.Text, nullable=False, index=True),
        sa.Column("aanbieder", sa.Text, nullable=False, index=True),
        sa.Column("product_code", sa.Text, nullable=False),
        sa.Column("productcategorie", sa.String(2), nullable=False),
        sa.Column("volume", sa.Integer, nullable=False),
        sa.Column("eenheid", sa.String(2), nullable=False),
        sa.Column("frequentie", sa.String(1), nullable=False),
        sa.Column("ingangsdatum", sa.Date, nullable=False),
        sa.Column("einddatum", sa.Date),
        sa.Column("herbeoordeling_op", sa.Date),
        sa.Column("toegewezen_op", sa.Date, nullable=False),
        sa.Column("verwezen_op", sa.Date, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("startdatum", sa.Date),
        sa.Column("stopdatum", sa.Date),
        sa.Column("reden_beeindiging", sa.String(2)),
        sa.Column("version", sa.Integer, nullable=False),
        _created(),
    )
    op.create_index("uq_toewijzingen_lopend", "toewijzingen", ["beschikt_product_id"],
                    unique=True, postgresql_where=sa.text("status <> 'gestopt'"))

    op.create_table(
        "intensiteit_wijzigingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("toewijzing_id", sa.Uuid, sa.ForeignKey("toewijzingen.id"), nullable=False,
                  index=True),
        sa.Column("oud_volume", sa.Integer, nullable=False),
        sa.Column("nieuw_volume", sa.Integer, nullable=False),
        sa.Column("ingangsdatum", sa.Date, nullable=False),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("door", sa.Text, nullable=False),
        _created(),
    )

    op.create_table(
        "bezwaren",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("beschikking_id", sa.Uuid, sa.ForeignKey("beschikkingen.id"), nullable=False,
                  index=True),
        sa.Column("aanvraag_id", sa.Uuid, nullable=False, index=True),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("ingediend_op", sa.Date, nullable=False),
        sa.Column("binnen_termijn", sa.Boolean, nullable=False),
        sa.Column("adviescommissie", sa.Boolean, nullable=False),
        sa.Column("beslissen_uiterlijk", sa.Date, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("uitkomst", sa.Text),
        sa.Column("besloten_op", sa.Date),
        sa.Column("motivering", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        _created(),
    )
    op.create_index("uq_bezwaren_lopend", "bezwaren", ["beschikking_id"], unique=True,
                    postgresql_where=sa.text("status = 'ingediend'"))

    op.create_table(
        "cak_meldingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("beschikt_product_id", sa.Uuid, sa.ForeignKey("beschikte_producten.id"),
                  nullable=False, unique=True),
        sa.Column("beschikking_id", sa.Uuid, nullable=False, index=True),
        sa.Column("aanvraag_id", sa.Uuid, nullable=False),
        sa.Column("client_id", sa.Text, nullable=False),
        sa.Column("product_code", sa.Text, nullable=False),
        sa.Column("productcategorie", sa.String(2), nullable=False),
        sa.Column("leveringsvorm", sa.Text, nullable=False),
        sa.Column("volume", sa.Integer, nullable=False),
        sa.Column("eenheid", sa.String(2), nullable=False),
        sa.Column("frequentie", sa.String(1), nullable=False),
        sa.Column("ingangsdatum", sa.Date, nullable=False),
        sa.Column("einddatum", sa.Date),
        sa.Column("eigen_bijdrage_cents", sa.Integer, nullable=False),
        sa.Column("melden_uiterlijk", sa.Date, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("gemeld_op", sa.Date),
        sa.Column("version", sa.Integer, nullable=False),
        _created(),
    )

    op.create_table(
        "termijnsignalen",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("dossier_id", sa.Uuid, nullable=False),
        sa.Column("soort", sa.Text, nullable=False),
        sa.Column("signaal", sa.Text, nullable=False),
        sa.Column("uiterlijk", sa.Date, nullable=False),
        sa.Column("peildatum", sa.Date, nullable=False),
        _created(),
        sa.UniqueConstraint("dossier_id", "soort", "signaal", name="uq_termijnsignalen"),
    )


def downgrade() -> None:
    for table in ("termijnsignalen", "cak_meldingen", "bezwaren", "intensiteit_wijzigingen",
                  "toewijzingen", "beschikte_producten", "opschortingen"):
        op.drop_table(table)
    op.execute("DELETE FROM beschikkingen WHERE status <> 'afgegeven' OR ronde > 1")
    op.drop_constraint("uq_beschikkingen_aanvraag_ronde", "beschikkingen", type_="unique")
    op.drop_index("ix_beschikkingen_aanvraag_id", "beschikkingen")
    with op.batch_alter_table("beschikkingen") as t:
        for col in ("ronde", "status", "afwijking_reden", "afwijkingen", "goedgekeurd_door",
                    "beoordeeld_op", "eigen_bijdrage_cents", "vervangt_beschikking_id"):
            t.drop_column(col)
        t.alter_column("afgegeven_op", nullable=False)
        t.alter_column("bezwaar_uiterlijk", nullable=False)
    op.create_unique_constraint("beschikkingen_aanvraag_id_key", "beschikkingen",
                                ["aanvraag_id"])
    with op.batch_alter_table("aanvragen") as t:
        for col in ("grond", "gemeld_op", "verwezen_op", "wijk", "opgeschorte_dagen", "spoed",
                    "tijdelijke_voorziening_code", "tijdelijke_voorziening_van", "beslisronde"):
            t.drop_column(col)
    for table in ("abonnementstarieven", "wijk_verantwoordelijken", "product_contracten",
                  "product_tarieven", "aanbieders", "producten"):
        op.drop_table(table)
