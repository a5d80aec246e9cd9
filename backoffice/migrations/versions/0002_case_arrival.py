"""Cases get an explicit arrival order (``arrival``), where SQLite's rowid stood.

Lists (newest first) and ``audit verify`` (in the order received) sort by it;
``put_case`` gives the next number inside its unit of work, and a unique index
keeps it one number per case on either engine.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("arrival", sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE cases SET arrival = rowid")
    else:
        op.execute(
            "UPDATE cases SET arrival = n.n FROM (SELECT id, ROW_NUMBER() OVER"
            " (ORDER BY received_at, id) AS n FROM cases) AS n WHERE cases.id = n.id"
        )
    op.create_index("idx_cases_arrival", "cases", ["arrival"], unique=True)
