"""The schema legacy steps _m001–_m008 (backoffice.store.schema) made, on either engine.

Cases, files, uploads, the status feed, records, devices and enrolments,
staff and their tokens, help requests, the working-day calendar, heartbeats,
and the hash-chained audit log with its signed checkpoints (both append-only:
triggers refuse UPDATE and DELETE).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# A growing sequence: BIGINT (an identity) on PostgreSQL, SQLite's INTEGER PRIMARY KEY.
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
T = sa.Text
INT = sa.BigInteger
BLOB = sa.LargeBinary


def _col(name: str, kind: object, nullable: bool = True, **kw: object) -> sa.Column:
    return sa.Column(name, kind, nullable=nullable, **kw)  # type: ignore[arg-type]


def _append_only(table: str, words: str) -> None:
    """Triggers refusing UPDATE and DELETE on ``table`` (PostgreSQL: TRUNCATE too)."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}"
                f" BEGIN SELECT RAISE(ABORT, '{words}'); END"
            )
        return
    op.execute(
        f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS"
        f" $fn$ BEGIN RAISE EXCEPTION '{words}'; END $fn$"
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
    )


def upgrade() -> None:
    op.create_table("meta", _col("key", T, False, primary_key=True), _col("value", T))
    op.create_table(
        "files",
        _col("id", T, False, primary_key=True),
        _col("sha256", T, False),
        _col("size", INT, False),
        _col("received_at", T, False),
        _col("owner", T),
    )
    op.create_table(
        "cases",
        _col("id", T, False, primary_key=True),
        _col("receipt_no", T, False),
        _col("digest", T, False),
        _col("item_code", T),
        _col("item_name", T),
        _col("hall_code", T),
        _col("device_code", T),
        _col("channel", T),
        _col("state", T, False),
        _col("reason", T),
        _col("received_at", T, False),
        _col("updated_at", T),
        _col("body", BLOB, False),
    )
    op.create_index("idx_cases_receipt_no", "cases", ["receipt_no"], unique=True)
    op.create_table(
        "events",
        _col("seq", SEQ, False, primary_key=True, autoincrement=True),
        _col("case_id", T, False),
        _col("receipt_no", T),
        _col("device_code", T),
        _col("state", T, False),
        _col("reason", T),
        _col("actor", T),
        _col("at", T, False),
        _col("hall_code", T),
    )
    op.create_index("idx_events_device_code_seq", "events", ["device_code", "seq"])
    op.create_index(
        "idx_events_hall_code_device_code_seq", "events", ["hall_code", "device_code", "seq"]
    )
    # tus uploads in progress (backoffice.store.uploads); "offset" is quoted by every query.
    op.create_table(
        "uploads",
        _col("id", T, False, primary_key=True),
        _col("length", INT, False),
        _col("sha256", T, False),
        _col("offset", INT, False),
        _col("part_bytes", INT, False),
        _col("created_at", T, False),
        _col("updated_at", T),
        _col("owner", T),
    )
    op.create_table(
        "records",
        _col("id", T, False, primary_key=True),
        _col("kind", T, False),
        _col("case_id", T),
        _col("hall_code", T),
        _col("device_code", T),
        _col("digest", T, False),
        _col("received_at", T, False),
        _col("body", BLOB, False),
    )
    op.create_index("idx_records_kind_received_at", "records", ["kind", "received_at"])
    op.create_table(
        "devices",
        _col("id", T, False, primary_key=True),
        _col("hall_code", T, False),
        _col("device_code", T, False),
        _col("token_hash", T, False),
        _col("enrolled_at", T, False),
        _col("revoked_at", T),
        _col("last_seen_at", T),
    )
    op.create_index("idx_devices_token_hash", "devices", ["token_hash"], unique=True)
    op.create_table(
        "enrolments",
        _col("code_hash", T, False, primary_key=True),
        _col("hall_code", T),
        _col("device_code", T),
        _col("created_at", T, False),
        _col("expires_at", T, False),
        _col("used_at", T),
        _col("device_id", T),
    )
    op.create_table(
        "staff",
        _col("login", T, False, primary_key=True),
        _col("name", T, False),
        _col("role", T, False),
        _col("hall_code", T, False),
        _col("pw_salt", BLOB, False),
        _col("pw_hash", BLOB, False),
        _col("created_at", T, False),
        _col("updated_at", T),
        _col("disabled_at", T),
    )
    op.create_table(
        "staff_tokens",
        _col("token_hash", T, False, primary_key=True),
        _col("login", T, False),
        _col("created_at", T, False),
        _col("expires_at", T, False),
        _col("revoked_at", T),
    )
    op.create_index("idx_staff_tokens_login", "staff_tokens", ["login"])
    # The audit log: seq is given by the writer (last + 1), never generated.
    op.create_table(
        "audit",
        _col("seq", SEQ, False, primary_key=True, autoincrement=False),
        _col("at", T, False),
        _col("actor", T, False),
        _col("action", T, False),
        _col("target", T, False),
        _col("outcome", T, False),
        _col("detail", T, False),
        _col("prev", T, False, server_default=""),
        _col("hash", T, False, server_default=""),
        sqlite_autoincrement=True,
    )
    op.create_index("idx_audit_action", "audit", ["action", "seq"])
    _append_only("audit", "the audit log is append-only")
    op.create_table(
        "audit_checkpoints",
        _col("id", SEQ, False, primary_key=True, autoincrement=True),
        _col("at", T, False),
        _col("audit_seq", INT, False),
        _col("head", T, False),
        _col("key_id", T, False),
        _col("signature", T, False),
        sqlite_autoincrement=True,
    )
    _append_only("audit_checkpoints", "audit checkpoints are append-only")
    op.create_table(
        "help_requests",
        _col("id", T, False, primary_key=True),
        _col("hall_code", T, False),
        _col("device_code", T, False),
        _col("page", T),
        _col("at", T, False),
        _col("received_at", T, False),
        _col("handled_at", T),
        _col("handled_by", T),
    )
    op.create_index(
        "idx_help_requests_hall_code_handled_at_at",
        "help_requests",
        ["hall_code", "handled_at", "at"],
    )
    op.create_table(
        "calendar_years",
        _col("year", INT, False, primary_key=True, autoincrement=False),
        _col("days_off", T, False),
        _col("workdays", T, False),
        _col("source", T, False),
        _col("note", T),
        _col("entered_by", T, False),
        _col("entered_at", T, False),
    )
    op.create_table(
        "heartbeats",
        _col("device_id", T, False, primary_key=True),
        _col("hall_code", T, False),
        _col("device_code", T, False),
        _col("received_at", T, False),
        _col("body", T, False),
    )
