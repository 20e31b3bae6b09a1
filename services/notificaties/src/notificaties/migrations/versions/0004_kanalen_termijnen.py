"""The kanaal wlz-overgangen: a resident's step from the Wmo to the Wlz (indicatie's Wlz events).

The other new events of the lawful process (bezwaar verdaagd, beroep, ingebrekestelling and
dwangsom, herbeoordeling) go on existing kanalen and need no row. A database created after
this kanaal entered the code already has it (0001 seeds every kanaal the code defines): the
insert then does nothing.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, insert

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None

_kanalen = sa.table(
    "kanalen", sa.column("naam", sa.Text), sa.column("topic", sa.Text),
    sa.column("omschrijving", sa.Text), sa.column("hoofd_object", sa.Text),
    sa.column("resource", sa.Text), sa.column("filters", ARRAY(sa.Text)))


def upgrade() -> None:
    op.execute(insert(_kanalen).values(
        naam="wlz-overgangen", topic="wmo.indicatie.v1",
        omschrijving="A resident's step from the Wmo to the Wlz: signal, CIZ aanvraag, "
                     "CIZ besluit",
        hoofd_object="wlz-overgangen", resource="wlz-overgang",
        filters=["eventType", "gemeente", "clientId", "besluit"],
    ).on_conflict_do_nothing(index_elements=["naam"]))


def downgrade() -> None:
    op.execute(_kanalen.delete().where(_kanalen.c.naam == "wlz-overgangen"))
