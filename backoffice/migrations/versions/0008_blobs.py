"""Files and upload parts are kept in the blob store (backoffice.store.blobs), by SHA-256.

``files.blob`` names a file's sealed bytes (NULL: a file kept before, still at
``files/<id>.bin`` until the next start moves it). ``upload_parts`` lists the
sealed chunks of an unfinished tus upload, one row each at its plain offset
``at``, so any worker can carry on an upload another one began. (Uploads from
before keep their ``uploads/<id>.part`` until the next start moves it.)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("files", sa.Column("blob", sa.Text(), nullable=True))
    op.create_index("idx_files_blob", "files", ["blob"])
    op.create_table(
        "upload_parts",
        sa.Column("upload_id", sa.Text(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("blob", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("upload_id", "at"),
    )
    op.create_index("idx_upload_parts_blob", "upload_parts", ["blob"])
