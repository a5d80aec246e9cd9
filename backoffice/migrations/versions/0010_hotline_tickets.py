"""12345 tickets (工单): one row per consultation that came with a ticket number.

The consultation itself is a record (``records``, its body sealed); this row
is what the reviewers' list, the answer and the look-ups need: the ticket
number (unique), where it is routed (department, item), its state and the
answer, and ``holder_key``, a keyed hash of the card holder's ID number (no
plain ID number) for the look-up by card. ``rating`` is the citizen's 好差评
of the answer (an evaluation naming the ticket).

Revision ID: 0010
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hotline_tickets",
        sa.Column("record_id", sa.Text(), primary_key=True),
        sa.Column("ticket_no", sa.Text(), nullable=False, unique=True),
        sa.Column("hall_code", sa.Text(), nullable=False),
        sa.Column("device_code", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=False, server_default=""),
        sa.Column("item_code", sa.Text(), nullable=False, server_default=""),
        sa.Column("holder_key", sa.Text(), nullable=True),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("received_at", sa.Text(), nullable=False),
        sa.Column("answer_due", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.Text(), nullable=True),
        sa.Column("rating", sa.BigInteger(), nullable=True),
    )
    op.create_index("idx_hotline_tickets_holder_key", "hotline_tickets", ["holder_key"])
    op.create_index(
        "idx_hotline_tickets_department_answered_at",
        "hotline_tickets",
        ["department", "answered_at"],
    )
