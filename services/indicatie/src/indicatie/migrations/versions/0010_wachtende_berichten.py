"""Waiting outgoing messages are shown and retried, never parked: a WMO301 that could not be
drawn up keeps its opdracht open with the reason (toegang unreachable, BSN missing, message
invalid) and the time of its last attempt, and is tried again with backoff.

Existing data: an opdracht parked as "fout" opens again with reason "bericht-ongeldig" (one
open opdracht per client and provider: a later open one already covers it).

Revision ID: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("iwmo_opdrachten", sa.Column("reden", sa.Text))
    op.add_column("iwmo_opdrachten",
                  sa.Column("laatste_poging", sa.DateTime(timezone=True)))
    op.execute("""
        UPDATE iwmo_opdrachten o SET status = 'klaar'
        WHERE status = 'fout' AND EXISTS (
            SELECT 1 FROM iwmo_opdrachten n WHERE n.status = 'open'
              AND n.client_id = o.client_id AND n.aanbieder = o.aanbieder)""")
    op.execute("""
        UPDATE iwmo_opdrachten o SET status = 'open', reden = 'bericht-ongeldig'
        WHERE status = 'fout' AND o.id = (
            SELECT max(f.id) FROM iwmo_opdrachten f WHERE f.status = 'fout'
              AND f.client_id = o.client_id AND f.aanbieder = o.aanbieder)""")
    op.execute("UPDATE iwmo_opdrachten SET status = 'klaar' WHERE status = 'fout'")
    op.create_index("ix_iwmo_opdrachten_wachtend", "iwmo_opdrachten", ["created_at"],
                    postgresql_where=sa.text("status = 'open' AND pogingen > 0"))


def downgrade() -> None:
    op.drop_index("ix_iwmo_opdrachten_wachtend", table_name="iwmo_opdrachten")
    op.drop_column("iwmo_opdrachten", "laatste_poging")
    op.drop_column("iwmo_opdrachten", "reden")
