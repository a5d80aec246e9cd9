"""Devices get the Ed25519 public key they registered at enrolment (core.case_seal).

A device that registered one must seal its cases; NULL for devices enrolled
before devices signed.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("devices", sa.Column("public_key", sa.Text(), nullable=True))
