"""The holders' index: a case found by its applicant's card, with no plain ID number kept.

One row per case: ``holder`` is the HMAC-SHA256 of the applicant's ID number
under a key derived from the back office's own key (backoffice.store.holders),
so the table alone names nobody. Rows are written with each case on arrival;
cases received before this revision are indexed when the store next opens
(their bodies are sealed: only the running back office can read them).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_holders",
        sa.Column("case_id", sa.Text(), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_index("idx_case_holders_holder", "case_holders", ["holder"])
