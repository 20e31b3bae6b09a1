"""The U16 reference locations (MO and BW) with their first capacity, so that a fresh system
can place someone without an admin; the columns that mark a reference location.

Loads ``domain/referentielocaties.py`` idempotently (upsert by the stable key; a location
already in the register is left as it is). ``WMO_REFERENTIE_ILLUSTRATIEF=false`` skips the
illustrative entries (production with a register of its own). ``python -m opvang
referentiedata`` loads or re-checks the same set later.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op
from opvang.domain.referentielocaties import te_laden
from opvang.repository.referentielocaties import laad
from opvang.settings import OpvangSettings

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("locaties", sa.Column("referentie", sa.Text))
    op.add_column("locaties", sa.Column("illustratief", sa.Boolean, nullable=False,
                                        server_default=sa.false()))
    op.add_column("locaties", sa.Column("bron", sa.Text))
    op.create_unique_constraint("uq_locaties_referentie", "locaties", ["referentie"])
    settings = OpvangSettings()
    laad(op.get_bind(), te_laden(met_illustratief=settings.referentie_illustratief))


def downgrade() -> None:
    # Reference locations in use stay (placements point at them), as ordinary locations.
    unused = ("referentie IS NOT NULL AND NOT EXISTS "
              "(SELECT 1 FROM plaatsingen p WHERE p.locatie_id = locaties.id)")
    op.execute(f"DELETE FROM capaciteit_wijzigingen WHERE locatie_id IN "
               f"(SELECT id FROM locaties WHERE {unused})")
    op.execute(f"DELETE FROM locaties WHERE {unused}")
    op.drop_constraint("uq_locaties_referentie", "locaties")
    for column in ("bron", "illustratief", "referentie"):
        op.drop_column("locaties", column)
