"""告知承诺's credit list (信用记录): who may not replace a proof by a 承诺书.

``commitment_credit``: one row per holder, ``holder`` the HMAC-SHA256 of the ID
number under the back office's holders' key (backoffice.store.credit), never the
number; ``reason`` a code (core.commitment.REASONS: dishonest, false_commitment);
``note`` staff's words (no personal data); ``sample`` 1 for the shipped sample rows
(样例数据, seeded at start), 0 for rows staff added.

Revision ID: 0016
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitment_credit",
        sa.Column("holder", sa.Text(), primary_key=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("sample", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.Column("added_at", sa.Text(), nullable=False),
    )
