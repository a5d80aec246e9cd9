"""Staff accounts get a department (部门); the review pages' 补正 requests.

A reviewer's queue is the cases whose catalog item is of their department
(backoffice.web); "" for accounts made before. A 补正 request names materials
of the case's checklist and a due date; the case keeps its state.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("staff", sa.Column("department", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "supplement_requests",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("case_id", sa.Text(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),  # JSON list of material codes
        sa.Column("due", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.Text(), nullable=False),
    )
    op.create_index(
        "idx_supplement_requests_case_id_requested_at",
        "supplement_requests",
        ["case_id", "requested_at"],
    )
