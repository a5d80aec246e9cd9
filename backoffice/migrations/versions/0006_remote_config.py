"""Remote configuration and log pulls (backoffice.store.remote).

``remote_config``: the settings an administrator set for a hall (scope
"FS01", device_code "") or one device (scope "FS01/K01"), a JSON object of
allowed keys (core.remote_config). ``log_requests``: one row per request; the
device's upload is sealed at rest in ``body`` (NULL until it arrives).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remote_config",
        sa.Column("scope", sa.Text(), primary_key=True),
        sa.Column("hall_code", sa.Text(), nullable=False),
        sa.Column("device_code", sa.Text(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("set_by", sa.Text(), nullable=False),
        sa.Column("set_at", sa.Text(), nullable=False),
    )
    op.create_table(
        "log_requests",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("device_id", sa.Text(), nullable=False),
        sa.Column("hall_code", sa.Text(), nullable=False),
        sa.Column("device_code", sa.Text(), nullable=False),
        sa.Column("lines", sa.BigInteger(), nullable=False),
        sa.Column("requested_by", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.Text(), nullable=False),
        sa.Column("uploaded_at", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
    )
    op.create_index(
        "idx_log_requests_device_id_uploaded_at", "log_requests", ["device_id", "uploaded_at"]
    )
