"""Read models for the iWmo answer and message terms (verzoeken, their answers, term signals,
messages received) and, for Bijlage 3, the periods per client and provision, filled from the
granted products already there.

Revision ID: 0003
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from monitor.repository.reference_sql import voorziening_sql
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

U, D, T, N, B = sa.Uuid, sa.Date, sa.Text, sa.Integer, sa.Boolean


def _col(name: str, typ: Any, flags: str = "") -> sa.Column[Any]:
    """flags: "pk" primary key, "ix" indexed, "null" nullable."""
    return sa.Column(name, typ, primary_key="pk" in flags, index="ix" in flags,
                     nullable="null" in flags)


def upgrade() -> None:
    op.create_table(
        "iwmo_verzoeken", _col("verzoek_id", U, "pk"), _col("soort", T), _col("client_id", T),
        _col("aanbieder", T), _col("productcategorie", T, "null"),
        _col("product_code", T, "null"), _col("ontvangen_op", D, "ix"),
        _col("antwoord_uiterlijk", D))
    op.create_table(
        "iwmo_verzoek_antwoorden", _col("verzoek_id", U, "pk"), _col("fase", T, "pk"),
        _col("soort", T), _col("client_id", T), _col("aanbieder", T), _col("uitkomst", T),
        _col("reden_afwijzing", T, "null"), _col("ontvangen_op", D),
        _col("beantwoord_op", D, "ix"), _col("antwoord_uiterlijk", D),
        _col("definitief_uiterlijk", D, "null"), _col("binnen_termijn", B))
    op.create_table(
        "iwmo_termijnsignalen", _col("dossier_id", U, "pk"), _col("soort", T, "pk"),
        _col("signaal", T, "pk"), _col("client_id", T), _col("aanbieder", T),
        _col("uiterlijk", D, "ix"), _col("peildatum", D))
    op.create_table(
        "iwmo_berichten_ontvangen", _col("bericht_id", U, "pk"), _col("berichttype", T),
        _col("aanbieder", T), _col("clienten", N), _col("ontvangen_op", D, "ix"),
        _col("goedgekeurd", B), _col("retourcodes", postgresql.ARRAY(sa.Text)))
    op.create_table(
        "voorziening_clienten", _col("client_id", T, "pk"), _col("voorziening", T, "pk"),
        _col("perioden", postgresql.DATEMULTIRANGE))
    # the same periods as projections.product_periode gives
    op.execute(f"""
        INSERT INTO voorziening_clienten (client_id, voorziening, perioden)
        SELECT client_id, {voorziening_sql()}, range_agg(
                 CASE WHEN einddatum IS NULL OR einddatum >= ingangsdatum
                      THEN daterange(ingangsdatum, einddatum, '[]')
                      ELSE daterange(einddatum, ingangsdatum, '[]') END)
        FROM beschikte_producten
        WHERE einddatum IS NULL OR einddatum >= ingangsdatum
           OR date_trunc('year', einddatum) = date_trunc('year', ingangsdatum)
        GROUP BY 1, 2""")


def downgrade() -> None:
    for name in ("voorziening_clienten", "iwmo_berichten_ontvangen", "iwmo_termijnsignalen",
                 "iwmo_verzoek_antwoorden", "iwmo_verzoeken"):
        op.drop_table(name)
