"""证明打印: the certificates the back office issued, for their public verification page.

One row per certificate: its verification code, which kind (``social_insurance``,
``no_crime``) for which catalog item, the holder as an HMAC of the ID number
(never the number itself), when it was issued and until when it is valid, the
SHA-256 of what it says, and what the verification page shows (the masked
name, the statements: JSON, no ID number).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("code", sa.Text(), primary_key=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("item_code", sa.Text(), nullable=False),
        sa.Column("holder_hmac", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.Text(), nullable=False),
        sa.Column("valid_until", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("hall_code", sa.Text(), nullable=False),
        sa.Column("device_code", sa.Text(), nullable=False),
    )
    op.create_index("idx_certificates_holder", "certificates", ["holder_hmac", "kind"])
