"""补正 still owed: one row per case that owes materials, with its first due date.

``supplement_outstanding`` lists the cases with materials missing at intake
(容缺) or asked for by a reviewer and neither handed in nor waived yet, so a
device can find a card holder's cases that owe something
(POST /api/v1/supplements/outstanding) by opening only those cases' sealed
bodies; it holds no personal data (the holder is matched inside the sealed
case). Kept in step with each case by backoffice.store.supplements.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supplement_outstanding",
        sa.Column("case_id", sa.Text(), primary_key=True),
        sa.Column("due", sa.Text(), nullable=False),  # the first due date, YYYY-MM-DD
        sa.Column("updated_at", sa.Text(), nullable=False),
    )
    op.create_index("idx_supplement_outstanding_due", "supplement_outstanding", ["due"])
