"""Realised and paid spend per product and year, and the depot's aids: approved prestaties
keep their product code, client, provider and the day their care began (the year they count
in); payment batches and their lines; aids issued and taken back.

Declaraties already there (older shapes) began on the day they were received and keep no
product code; a rebuild fills the rest from the topics.

Revision ID: 0006
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

U, D, T, N, BI, B = sa.Uuid, sa.Date, sa.Text, sa.Integer, sa.BigInteger, sa.Boolean


def _col(name: str, typ: Any, flags: str = "") -> sa.Column[Any]:
    """flags: "pk" primary key, "ix" indexed, "null" nullable."""
    return sa.Column(name, typ, primary_key="pk" in flags, index="ix" in flags,
                     nullable="null" in flags)


def upgrade() -> None:
    for name in ("product_code", "client_id", "aanbieder"):
        op.add_column("declaraties", sa.Column(name, T, nullable=True))
    op.add_column("declaraties", sa.Column("periode_begin", D, nullable=True))
    op.execute("UPDATE declaraties SET periode_begin = datum")
    op.alter_column("declaraties", "periode_begin", nullable=False)
    op.create_index("ix_declaraties_periode_begin", "declaraties", ["periode_begin"])

    op.create_table(
        "betaalbatches", _col("batch_id", U, "pk"), _col("aanbieder", T),
        _col("totaal_cents", BI), _col("aangemaakt_op", D, "null"),
        _col("betaald_op", D, "null,ix"))
    op.create_table(
        "betaalbatch_regels", _col("batch_id", U, "pk"), _col("productcategorie", T, "pk"),
        _col("product_code", T, "pk"), _col("jaar", N, "pk,ix"), _col("bedrag_cents", BI),
        _col("aantal_prestaties", N))
    op.create_table(
        "hulpmiddel_verstrekkingen", _col("verstrekking_id", U, "pk"),
        _col("hulpmiddel_id", U), _col("product_code", T), _col("productcategorie", T),
        _col("verstrekt_op", D, "ix"), _col("herverstrekking", B))
    op.create_table(
        "hulpmiddel_innames", _col("verstrekking_id", U, "pk"), _col("hulpmiddel_id", U),
        _col("product_code", T), _col("productcategorie", T), _col("ingenomen_op", D, "ix"),
        _col("herbruikbaar", B))


def downgrade() -> None:
    for table in ("hulpmiddel_innames", "hulpmiddel_verstrekkingen", "betaalbatch_regels",
                  "betaalbatches"):
        op.drop_table(table)
    op.drop_index("ix_declaraties_periode_begin", "declaraties")
    for name in ("periode_begin", "aanbieder", "client_id", "product_code"):
        op.drop_column("declaraties", name)
