"""一件事: each item of a bundle case, its department and its own decision.

``case_items`` holds one row per item of a case that carries a bundle
(``Case.bundle_items``): the item's code and name, the department the catalog
served at intake gives it (whose reviewers decide it), its state (``pending``,
``approved``, ``rejected``), the reason of a rejection, and who decided when.
A case of one item has no rows here.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_items",
        sa.Column("case_id", sa.Text(), nullable=False),
        sa.Column("item_code", sa.Text(), nullable=False),
        sa.Column("item_name", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False, server_default="pending"),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("decided_by", sa.Text(), nullable=False, server_default=""),
        sa.Column("decided_at", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("case_id", "item_code"),
    )
    op.create_index("idx_case_items_item", "case_items", ["item_code", "state"])
