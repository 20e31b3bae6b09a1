"""The audit log becomes the Logboek dataverwerkingen: processing activity, legal basis, the
consent relied on and the W3C trace context per row; append-only (wmokernel/logboek.py).

Existing rows get their resource's activity and legal basis; their trace ids stay empty.

Revision ID: 0005
"""

from alembic import op
from wmokernel.logboek import create_logboek, drop_logboek

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_logboek(op)


def downgrade() -> None:
    drop_logboek(op)
