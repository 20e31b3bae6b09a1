"""Read models for the KPIs, Bijlage 3, budgets and the CBS export; budget reference data.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

U, D, T, N, B, BI = sa.Uuid, sa.Date, sa.Text, sa.Integer, sa.Boolean, sa.BigInteger

# table → [(column, type, flags)]; flags: "pk" primary key, "ix" indexed, "null" nullable
TABLES: dict[str, list[tuple[str, type, str]]] = {
    "eerste_contacten": [("melding_id", U, "pk"), ("contact_op", D, "ix"), ("werkdagen", N, ""),
                         ("binnen_norm", B, "")],
    "onderzoeken": [("melding_id", U, "pk"), ("afgerond_op", D, "ix"),
                    ("binnen_termijn", B, ""), ("ondersteuningsvorm", T, ""),
                    ("perspectief", T, "")],
    "casus_sluitingen": [("melding_id", U, "pk"), ("afgesloten_op", D, "ix"),
                         ("uitkomst", T, "")],
    "verwijzingen": [("verwijzing_id", U, "pk"), ("melding_id", U, "ix"),
                     ("verwezen_op", D, "ix")],
    "beschikte_producten": [
        ("beschikt_product_id", U, "pk"), ("beschikking_id", U, "ix"), ("client_id", T, ""),
        ("product_code", T, ""), ("productcategorie", T, ""), ("leveringsvorm", T, ""),
        ("volume", N, ""), ("eenheid", T, ""), ("frequentie", T, ""), ("ingangsdatum", D, "ix"),
        ("einddatum", D, "null"), ("aanbieder", T, "null"), ("tarief_cents", BI, ""),
        ("afgegeven_op", D, "")],
    "toewijzingen": [
        ("toewijzing_id", U, "pk"), ("beschikt_product_id", U, ""), ("client_id", T, ""),
        ("product_code", T, ""), ("productcategorie", T, ""), ("aanbieder", T, ""),
        ("leveringsvorm", T, ""), ("toegewezen_op", D, ""), ("ingangsdatum", D, ""),
        ("einddatum", D, "null")],
    "leveringen_gestart": [
        ("toewijzing_id", U, "pk"), ("client_id", T, ""), ("product_code", T, ""),
        ("productcategorie", T, ""), ("aanbieder", T, ""), ("startdatum", D, "ix"),
        ("verwezen_op", D, ""), ("wachtdagen", N, ""), ("binnen_norm", B, "")],
    "leveringen_gestopt": [
        ("toewijzing_id", U, "pk"), ("client_id", T, ""), ("product_code", T, ""),
        ("productcategorie", T, ""), ("aanbieder", T, ""), ("stopdatum", D, "ix"),
        ("reden_beeindiging", T, ""), ("gestart", B, "")],
    "bezwaren": [("bezwaar_id", U, "pk"), ("ingediend_op", D, "ix"),
                 ("adviescommissie", B, "")],
    "bezwaar_besluiten": [("bezwaar_id", U, "pk"), ("uitkomst", T, ""), ("besloten_op", D, "ix"),
                          ("binnen_termijn", B, "")],
    "opvang_aanmeldingen": [
        ("aanmelding_id", U, "pk"), ("client_id", T, ""), ("gemeente", T, "null"),
        ("vorm", T, ""), ("kanaal", T, ""), ("verwezen_op", D, ""), ("doelgroep", T, "")],
    "opvang_wachtlijst": [
        ("aanmelding_id", U, "pk"), ("client_id", T, ""), ("gemeente", T, "null"),
        ("vorm", T, ""), ("verwezen_op", D, "ix"), ("norm_dagen", N, "")],
    "opvang_opnames": [
        ("plaatsing_id", U, "pk"), ("aanmelding_id", U, "ix"), ("client_id", T, ""),
        ("gemeente", T, "null"), ("vorm", T, ""), ("bovenregionaal", B, "null"),
        ("locatie_id", U, "null"), ("capaciteit", N, "null"), ("verwezen_op", D, ""),
        ("opgenomen_op", D, "ix"), ("wachtdagen", N, ""), ("norm_dagen", N, ""),
        ("binnen_norm", B, "")],
    "opvang_uitstroom": [
        ("plaatsing_id", U, "pk"), ("aanmelding_id", U, ""), ("vorm", T, ""),
        ("uitgestroomd_op", D, "ix"), ("verblijfsdagen", N, ""), ("bestemming", T, "")],
    "declaraties": [("declaratie_id", T, "pk"), ("productcategorie", T, "null"),
                    ("datum", D, "ix"), ("bedrag_cents", BI, "")],
}

DOELSTELLINGEN = {
    "I": "Meedoen en voor elkaar zorgen",
    "II": "Toegankelijke buurtvoorzieningen",
    "III": "Laagdrempelige basiszorg",
    "IV": "Passende aanvullende zorg",
    "V": "Opvang en verblijf",
}
# × €1,000 per year 2024–2027 (000 L1781-1886; 2027 = the structural level)
BEGROTING = {
    "I": (27610, 27356, 27100, 25810),
    "II": (7370, 7638, 7558, 7558),
    "III": (33181, 33189, 33337, 33337),
    "IV": (85500, 91858, 88562, 89758),
    "V": (127594, 117862, 117658, 117714),
}
# Taakstelling hervormingen sociaal domein, × €1,000: (Wmo, total with Jeugd and vervoer)
TAAKSTELLING = {2024: (2000, 5670), 2025: (4600, 8230), 2026: (7700, 14764),
                2027: (8500, 16062)}


def upgrade() -> None:
    op.add_column("meldingen", sa.Column("team", sa.Text))
    op.add_column("meldingen", sa.Column("terugkerend", sa.Boolean))
    op.add_column("beschikkingen", sa.Column("client_id", sa.Text))
    op.add_column("beschikkingen", sa.Column("binnen_termijn", sa.Boolean))
    for name, columns in TABLES.items():
        op.create_table(name, *(
            sa.Column(col, typ, primary_key="pk" in flags, index="ix" in flags,
                      nullable="null" in flags)
            for col, typ, flags in columns))
    begrotingen = op.create_table(
        "begrotingen", sa.Column("jaar", sa.Integer, primary_key=True),
        sa.Column("doelstelling", sa.Text, primary_key=True),
        sa.Column("omschrijving", sa.Text, nullable=False),
        sa.Column("bedrag_k", sa.Integer, nullable=False))
    taakstellingen = op.create_table(
        "taakstellingen", sa.Column("jaar", sa.Integer, primary_key=True),
        sa.Column("wmo_k", sa.Integer, nullable=False),
        sa.Column("totaal_k", sa.Integer, nullable=False))
    op.bulk_insert(begrotingen, [
        {"jaar": 2024 + i, "doelstelling": d, "omschrijving": DOELSTELLINGEN[d], "bedrag_k": v}
        for d, values in BEGROTING.items() for i, v in enumerate(values)])
    op.bulk_insert(taakstellingen, [{"jaar": j, "wmo_k": w, "totaal_k": t}
                                    for j, (w, t) in TAAKSTELLING.items()])


def downgrade() -> None:
    op.drop_table("taakstellingen")
    op.drop_table("begrotingen")
    for name in reversed(list(TABLES)):
        op.drop_table(name)
    op.drop_column("beschikkingen", "binnen_termijn")
    op.drop_column("beschikkingen", "client_id")
    op.drop_column("meldingen", "terugkerend")
    op.drop_column("meldingen", "team")
