"""Refused attempts (wrong enrolment codes, staff sign-ins, look-ups), one row each.

Counted in the database rather than in each worker's memory, so several
workers (or hosts) share one limit per address (backoffice.api.ratelimit).
Rows older than the window are pruned as new ones come.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "failures",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text(), nullable=False),  # enrol | sign_in | lookup
        sa.Column("subject", sa.Text(), nullable=False),  # an address, or a caller's name
        sa.Column("at", sa.Text(), nullable=False),
    )
    op.create_index("idx_failures_kind_subject_at", "failures", ["kind", "subject", "at"])
    op.create_index("idx_failures_at", "failures", ["at"])
