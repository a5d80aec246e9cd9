"""The hall's queue at the back office: appointment slots, appointments, queue events.

``appointment_slots``: one row per hall, category, day and start (unique), with
its end and capacity; ``start_at``/``end_at`` are ISO 8601 with the hall's
offset. ``appointments``: one booking of a slot, ``code`` its unguessable QR
(unique), ``holder`` the HMAC-SHA256 of the ID number under the hall's key
(backoffice.store.queue), never the number; a holder books a slot once.
``queue_events``: what hall servers report (wire.queue.QueueEvent), each once
by (hall_code, id); ``day`` is the hall's local date of ``at``.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointment_slots",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("hall_code", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("start_at", sa.Text(), nullable=False),
        sa.Column("end_at", sa.Text(), nullable=False),
        sa.Column("capacity", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.UniqueConstraint("hall_code", "category", "day", "start_at"),
    )
    op.create_table(
        "appointments",
        sa.Column("code", sa.Text(), primary_key=True),
        sa.Column("slot_id", sa.Text(), nullable=False),
        sa.Column("hall_code", sa.Text(), nullable=False),
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("booked_by", sa.Text(), nullable=False),
        sa.Column("booked_at", sa.Text(), nullable=False),
        sa.UniqueConstraint("slot_id", "holder"),
    )
    op.create_index("idx_appointments_hall_day", "appointments", ["hall_code", "day"])
    op.create_table(
        "queue_events",
        sa.Column("hall_code", sa.Text(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False, server_default=""),
        sa.Column("category", sa.Text(), nullable=False, server_default=""),
        sa.Column("win", sa.Text(), nullable=False, server_default=""),
        sa.Column("priority", sa.Text(), nullable=False, server_default=""),
        sa.Column("wait_s", sa.BigInteger(), nullable=True),
        sa.Column("service_s", sa.BigInteger(), nullable=True),
        sa.Column("case_id", sa.Text(), nullable=False, server_default=""),
        sa.Column("received_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "id"),
    )
    op.create_index("idx_queue_events_hall_day", "queue_events", ["hall_code", "day"])
