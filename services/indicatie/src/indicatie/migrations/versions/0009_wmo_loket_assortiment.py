"""The Wmo-loket range (rolstoelen, vervoervoorzieningen, woonvoorzieningen, overige
hulpmiddelen, collectief vervoer) with its two hulpmiddelen suppliers, and the gemeente's
depot of aids for herverstrekking: the items and their verstrekkingen.

Revision ID: 0009
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

D = date
VAN = D(2024, 1, 1)  # the contract period of the 2024-2026 catalogue in 0002

# ILLUSTRATIVE: the seeds name "2 aanbieders" for hulpmiddelen but no names or codes; these
# are fictitious providers with AGB-like codes in the range of 0002's.
HULPMIDDELEN_LEVERANCIERS = [
    ("75750109", "Hulpmiddelencentrum Utrecht"),
    ("75750110", "Mobiliteit & Zorg Midden-Nederland"),
]
BANKGEGEVENS = [("NL39BNGH0123456790", "BNGHNL2G"), ("NL43TRIO0123456790", "TRIONL2U")]
REGIOVERVOER = "75750106"  # 0002: Regiovervoer Utrecht
WONINGAANPASSING = "75750108"  # 0002: Woonaanpassing Midden-Nederland

# Product codes of categories 11-13 follow the iWmo indeling of hulpmiddelen (2022): category,
# tussenletter X for a hulpmiddel, hoofdgroep, volgnummer (e.g. 11X02). Category 14 has no
# published indeling: its code is built in the same pattern (hoofdgroep 9: "overige").
# Products without the X are not depot items: the woningaanpassing budgets (eenheid 83 euro's)
# and collectief vervoer (08, a pass). Every aid is eenheid 82 stuks, frequentie 6 totaal
# binnen geldigheidsduur, volume 1.
# code, naam, categorie, eenheid, frequentie, standaard volume, max volume
PRODUCTEN = [
    ("08A01", "Collectief vervoer (Regiotaxi, Wmo-vervoerspas)", "08", "82", "6", 1, 1),
    ("11X01", "Handbewogen rolstoel, kortdurend gebruik / lichtgewicht", "11", "82", "6", 1, 1),
    ("11X02", "Handbewogen rolstoel, semipermanent gebruik", "11", "82", "6", 1, 1),
    ("11X12", "Elektrische rolstoel, voor binnen en buiten", "11", "82", "6", 1, 1),
    ("12X06", "Scootmobiel, meeneembaar/opvouwbaar", "12", "82", "6", 1, 1),
    ("12X07", "Scootmobiel, 4 wiel", "12", "82", "6", 1, 1),
    ("12X13", "Driewielfiets, zelfrijder", "12", "82", "6", 1, 1),
    ("12X14", "Driewielfiets met trapondersteuning", "12", "82", "6", 1, 1),
    ("13X12", "Douche-/toiletstoel op zwenkwielen", "13", "82", "6", 1, 1),
    ("13X21", "Traplift, rechte trap", "13", "82", "6", 1, 1),
    # A budget in euro's (tariff 100 cents per euro, as 13A01); ILLUSTRATIVE ceiling of a
    # kleine woningaanpassing (above it: a grote, with offertes).
    ("13A02", "Kleine woningaanpassing", "13", "83", "6", None, 7500),
    ("13A03", "Grote woningaanpassing", "13", "83", "6", None, None),
    ("14X99", "Overig hulpmiddel", "14", "82", "6", 1, 1),
]
# ILLUSTRATIVE tariffs in cents per eenheid (the seeds give none for these products): the
# supplier's price of one aid, the euro of a budget, a year's vervoerspas.
TARIEVEN = {
    "08A01": 42000, "11X01": 65000, "11X02": 110000, "11X12": 520000, "12X06": 210000,
    "12X07": 350000, "12X13": 140000, "12X14": 260000, "13X12": 45000, "13X21": 480000,
    "13A02": 100, "13A03": 100, "14X99": 50000,
}
_HULPMIDDELEN = [c for c, *_ in PRODUCTEN if c[2] == "X"]
CONTRACTEN = {
    **{c: [a for a, _ in HULPMIDDELEN_LEVERANCIERS] for c in _HULPMIDDELEN},
    "08A01": [REGIOVERVOER],
    "13A02": [WONINGAANPASSING],
    "13A03": [WONINGAANPASSING],
}


def _load_reference_data() -> None:
    # Only the columns 0002 made: the upgrade holds whatever 0007/0008 add to these tables.
    aanbieders = sa.table("aanbieders", sa.column("code", sa.Text), sa.column("naam", sa.Text))
    producten = sa.table(
        "producten", *(sa.column(c) for c in (
            "code", "naam", "productcategorie", "eenheid", "frequentie", "soort",
            "standaard_volume", "max_volume", "min_duur_maanden", "max_duur_maanden",
            "intensiteit_wijzigbaar", "verantwoordelijke_per_wijk", "geldig_van",
            "geldig_tot")))
    tarieven = sa.table("product_tarieven", *(sa.column(c) for c in (
        "product_code", "bedrag_cents", "geldig_van", "geldig_tot")))
    contracten = sa.table("product_contracten", *(sa.column(c) for c in (
        "product_code", "aanbieder", "geldig_van", "geldig_tot")))
    op.bulk_insert(aanbieders, [{"code": c, "naam": n} for c, n in HULPMIDDELEN_LEVERANCIERS])
    # ILLUSTRATIVE bank details (made-up accounts that pass mod-97, as 0008 gives the others),
    # so the suppliers' approved declaraties can be paid in the embedded run.
    bank = sa.table("aanbieders", sa.column("code", sa.Text), sa.column("iban", sa.Text),
                    sa.column("bic", sa.Text), sa.column("rekeninghouder", sa.Text))
    for (code, naam), (iban, bic) in zip(HULPMIDDELEN_LEVERANCIERS, BANKGEGEVENS, strict=True):
        op.execute(bank.update().where(bank.c.code == code).values(
            iban=iban, bic=bic, rekeninghouder=naam))
    op.bulk_insert(producten, [
        {"code": code, "naam": naam, "productcategorie": cat, "eenheid": eenheid,
         "frequentie": freq, "soort": "maatwerk", "standaard_volume": standaard,
         "max_volume": maximum, "min_duur_maanden": None, "max_duur_maanden": None,
         "intensiteit_wijzigbaar": False, "verantwoordelijke_per_wijk": False,
         "geldig_van": VAN, "geldig_tot": None}
        for code, naam, cat, eenheid, freq, standaard, maximum in PRODUCTEN])
    op.bulk_insert(tarieven, [{"product_code": c, "bedrag_cents": b, "geldig_van": VAN,
                               "geldig_tot": None} for c, b in TARIEVEN.items()])
    op.bulk_insert(contracten, [{"product_code": c, "aanbieder": a, "geldig_van": VAN,
                                 "geldig_tot": None}
                                for c, lijst in CONTRACTEN.items() for a in lijst])


def upgrade() -> None:
    _load_reference_data()
    op.create_table(
        "hulpmiddelen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("depotnummer", sa.BigInteger, sa.Identity(start=1), nullable=False,
                  unique=True),
        sa.Column("product_code", sa.Text, nullable=False, index=True),
        sa.Column("productcategorie", sa.String(2), nullable=False),
        sa.Column("serienummer", sa.Text),
        sa.Column("herkomst", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, index=True),
        sa.Column("leverancier", sa.Text, sa.ForeignKey("aanbieders.code")),
        sa.Column("aangeschaft_op", sa.Date),
        sa.Column("geregistreerd_op", sa.Date, nullable=False),
        sa.Column("afgeschreven_op", sa.Date),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.UniqueConstraint("product_code", "serienummer", name="uq_hulpmiddelen_serienummer"),
    )
    op.create_table(
        "hulpmiddel_verstrekkingen",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("hulpmiddel_id", sa.Uuid, sa.ForeignKey("hulpmiddelen.id"), nullable=False,
                  index=True),
        sa.Column("beschikt_product_id", sa.Uuid, sa.ForeignKey("beschikte_producten.id"),
                  nullable=False, index=True),
        sa.Column("client_id", sa.Text, nullable=False, index=True),
        sa.Column("verstrekt_op", sa.Date, nullable=False),
        sa.Column("herverstrekking", sa.Boolean, nullable=False),
        sa.Column("ingenomen_op", sa.Date),
        sa.Column("herbruikbaar", sa.Boolean),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    # An item is with one resident at a time.
    op.create_index("uq_hulpmiddel_verstrekkingen_lopend", "hulpmiddel_verstrekkingen",
                    ["hulpmiddel_id"], unique=True,
                    postgresql_where=sa.text("ingenomen_op IS NULL"))


def downgrade() -> None:
    op.drop_table("hulpmiddel_verstrekkingen")
    op.drop_table("hulpmiddelen")
    codes = [c for c, *_ in PRODUCTEN]
    for table, column in (("product_contracten", "product_code"),
                          ("product_tarieven", "product_code"), ("producten", "code")):
        t = sa.table(table, sa.column(column, sa.Text))
        op.execute(t.delete().where(t.c[column].in_(codes)))
    aanbieders = sa.table("aanbieders", sa.column("code", sa.Text))
    op.execute(aanbieders.delete().where(
        aanbieders.c.code.in_([c for c, _ in HULPMIDDELEN_LEVERANCIERS])))
