"""电子材料库: materials of accepted cases kept for the holder's later cases.

One row per (case, material) of a reusable kind (core.catalog
``Material.reusable``) when the case is accepted (受理). ``holder`` is the HMAC
of the applicant's ID number under the back office's holders' key (as
``case_holders``), ``name_check`` an HMAC of the name on the case under the same
key: a look-up must bring both, as read from the card. ``file_id`` names the
back office's file (sealed, in the blob store) that a later case copies.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "material_library",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("name_check", sa.Text(), nullable=False),
        sa.Column("material_code", sa.Text(), nullable=False),
        sa.Column("material_name", sa.Text(), nullable=False),
        sa.Column("case_id", sa.Text(), nullable=False),
        sa.Column("receipt_no", sa.Text(), nullable=False),
        sa.Column("item_name", sa.Text(), nullable=False),
        sa.Column("pages", sa.BigInteger(), nullable=False),
        sa.Column("file_id", sa.Text(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("kept_at", sa.Text(), nullable=False),
        sa.UniqueConstraint("case_id", "material_code"),
    )
    op.create_index("idx_material_library_holder", "material_library", ["holder"])


def downgrade() -> None:
    op.drop_index("idx_material_library_holder", table_name="material_library")
    op.drop_table("material_library")
