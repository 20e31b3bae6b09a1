"""The kernel's stored answers to requests with an Idempotency-Key (replayed on a retry).

Revision ID: 0003
"""

from alembic import op
from wmokernel.tables import create_idempotency_table, drop_idempotency_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_table(op)


def downgrade() -> None:
    drop_idempotency_table(op)
