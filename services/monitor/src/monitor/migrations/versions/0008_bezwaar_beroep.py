"""The bezwaar and beroep compliance figures: a bezwaar's decision term as first set and who
filed it, its postponements (Awb 7:10 lid 3 and 4), the beroepen and their uitspraken, and
which beschikking replaced which.

Bezwaren already counted have no term row until a rebuild refills these tables from the
topics: until then they count as received and decided, not as open past their term.

Revision ID: 0008
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

U, D, T, B = sa.Uuid, sa.Date, sa.Text, sa.Boolean


def _col(name: str, typ: Any, flags: str = "") -> sa.Column[Any]:
    """flags: "pk" primary key, "ix" indexed, "null" nullable."""
    return sa.Column(name, typ, primary_key="pk" in flags, index="ix" in flags,
                     nullable="null" in flags)


def upgrade() -> None:
    op.create_table(
        "bezwaar_termijnen", _col("bezwaar_id", U, "pk"), _col("ingediend_op", D, "ix"),
        _col("beslissen_uiterlijk", D), _col("ingediend_door", T))
    op.create_table(
        "bezwaar_verdagingen", _col("verdaging_id", U, "pk"), _col("bezwaar_id", U, "ix"),
        _col("soort", T), _col("verzonden_op", D, "ix"), _col("beslissen_uiterlijk", D))
    op.create_table(
        "beroepen", _col("beroep_id", U, "pk"), _col("bezwaar_id", U), _col("rechtbank", T),
        _col("ingesteld_op", D, "ix"), _col("binnen_termijn", B))
    op.create_table(
        "beroep_uitspraken", _col("beroep_id", U, "pk"), _col("uitspraak", T),
        _col("uitspraak_op", D, "ix"), _col("te_vervangen_beschikking_id", U, "null"))
    op.create_table(
        "beschikking_vervangingen", _col("beschikking_id", U, "pk"),
        _col("vervangt_beschikking_id", U, "ix"), _col("afgegeven_op", D))


def downgrade() -> None:
    for table in ("beschikking_vervangingen", "beroep_uitspraken", "beroepen",
                  "bezwaar_verdagingen", "bezwaar_termijnen"):
        op.drop_table(table)
