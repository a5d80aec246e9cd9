"""网上申报: online applications, their uploaded materials, pre-review and taking in.

``online_applications`` holds one row per application made on the public
page: its number (WS + date + sequence), the item, the holder's keyed hash
(HMAC of the ID number, as the holders' index of cases), the pre-review
state and reason, who reviewed it, and, once a window took it in on the spot,
the case it became (set exactly once). What the applicant wrote (name, ID
number, phone, form) is the sealed ``body``. ``online_files`` lists each
uploaded material: the file's id in ``files`` (sealed in the blob store like
any received file) with its material code, name, type and size.

Revision ID: 0018
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "online_applications",
        sa.Column("number", sa.Text(), primary_key=True),
        sa.Column("id", sa.Text(), nullable=False, unique=True),
        sa.Column("day", sa.Text(), nullable=False),  # YYYYMMDD of the number
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.Text(), nullable=False),
        sa.Column("item_name", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=False, server_default=""),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),  # submitted | approved | returned | taken
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("reviewed_by", sa.Text(), nullable=False, server_default=""),
        sa.Column("reviewed_at", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("taken_case_id", sa.Text(), nullable=True, unique=True),
        sa.Column("taken_receipt_no", sa.Text(), nullable=False, server_default=""),
        sa.Column("taken_by", sa.Text(), nullable=False, server_default=""),
        sa.Column("taken_at", sa.Text(), nullable=False, server_default=""),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.UniqueConstraint("day", "seq", name="uq_online_day_seq"),
    )
    op.create_index("idx_online_holder", "online_applications", ["holder"])
    op.create_index("idx_online_state", "online_applications", ["state", "created_at"])
    op.create_table(
        "online_files",
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("material_code", sa.Text(), nullable=False),
        sa.Column("material_name", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Text(), nullable=False),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("number", "seq", name="pk_online_files"),
    )


def downgrade() -> None:
    op.drop_table("online_files")
    op.drop_index("idx_online_state", table_name="online_applications")
    op.drop_index("idx_online_holder", table_name="online_applications")
    op.drop_table("online_applications")
