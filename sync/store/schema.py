"""The local database's schema: versioned migrations, applied in order at open.

Each function brings the schema from version i to i + 1; the list only ever
grows. ``LocalStore`` runs each migration in its own BEGIN IMMEDIATE
transaction together with the ``schema_version`` row that records it. Plain
functions on a sqlite-utils Database; called only while opening the store.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database


def _m001_base(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key", not_null={"value"})
    db["receipt_seq"].create(
        {"hall": str, "device": str, "day": str, "last": int},
        pk=("hall", "device", "day"),
        not_null={"last"},
    )
    db["files"].create(
        {
            "id": str,
            "sha256": str,
            "size": int,
            "media_type": str,
            "case_id": str,  # set when the case that uses it is submitted
            "uploaded_at": str,  # NULL until the back office has it
            "created_at": str,
        },
        pk="id",
        not_null={"sha256", "size", "created_at"},
    )
    db["cases"].create(
        {
            "id": str,
            "receipt_no": str,
            "state": str,
            "item_code": str,
            "created_at": str,
            "submitted_at": str,
            "updated_at": str,
            "digest": str,
            "body": bytes,  # AES-GCM sealed JSON of the whole Case
        },
        pk="id",
        not_null={"receipt_no", "state", "item_code", "digest", "body"},
    )
    db["cases"].create_index(["receipt_no"], unique=True)
    db["outbox"].create(
        {
            "id": int,
            "kind": str,
            "case_id": str,
            "state": str,
            "attempts": int,
            "next_attempt_at": float,  # epoch seconds
            "claimed_at": float,
            "last_error": str,
            "reason": str,  # why it was quarantined
            "created_at": str,
            "updated_at": str,
            "done_at": str,
        },
        pk="id",
        not_null={"kind", "case_id", "state", "attempts", "created_at"},
        defaults={"attempts": 0, "last_error": "", "reason": ""},
        foreign_keys=[("case_id", "cases", "id")],
    )


def _m002_outbox_error_kind(db: Database) -> None:
    # What the last failure was (offline, busy, error, missing_files): lets the
    # worker retry offline entries at once when the network comes back.
    db["outbox"].add_column("error_kind", str, not_null_default="")
    db["outbox"].create_index(["state", "next_attempt_at"])
    db["outbox"].create_index(["case_id"])
    db["files"].create_index(["case_id"])


def _m003_records_uploads_retention(db: Database) -> None:
    # One outbox for cases, supplements, evaluations and 12345 records: the
    # outbox gets a record_id and a nullable case_id (a consultation has no
    # case), so it is rebuilt (SQLite cannot relax NOT NULL in place).
    db.execute(
        """CREATE TABLE outbox_new (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            case_id TEXT REFERENCES cases(id),
            record_id TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at FLOAT,
            claimed_at FLOAT,
            last_error TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            error_kind TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT,
            done_at TEXT,
            started_at TEXT
        )"""
    )
    db.execute(
        "INSERT INTO outbox_new (id, kind, case_id, record_id, state, attempts, next_attempt_at,"
        " claimed_at, last_error, reason, error_kind, created_at, updated_at, done_at)"
        " SELECT id, kind, case_id, case_id, state, attempts, next_attempt_at, claimed_at,"
        " COALESCE(last_error, ''), COALESCE(reason, ''), COALESCE(error_kind, ''), created_at,"
        " updated_at, done_at FROM outbox"
    )
    db.execute("DROP TABLE outbox")
    db.execute("ALTER TABLE outbox_new RENAME TO outbox")
    db.execute("CREATE INDEX idx_outbox_state_next ON outbox (state, next_attempt_at)")
    db.execute("CREATE INDEX idx_outbox_case ON outbox (case_id)")
    db.execute("CREATE UNIQUE INDEX idx_outbox_record ON outbox (kind, record_id)")
    db["records"].create(
        {
            "id": str,
            "kind": str,
            "case_id": str,
            "digest": str,
            "body": bytes,  # AES-GCM sealed JSON
            "created_at": str,
            "purged_at": str,
        },
        pk="id",
        not_null={"kind", "digest", "body", "created_at"},
    )
    db["records"].create_index(["case_id"])
    # Resumable uploads: the tus upload URL and the offset the back office confirmed.
    db["files"].add_column("upload_url", str)
    db["files"].add_column("upload_offset", int, not_null_default=0)
    db["files"].add_column("record_id", str)
    db["files"].add_column("purged_at", str)
    # Retention: when the back office decided on the case, and when we purged it.
    db["cases"].add_column("confirmed_at", str)
    db["cases"].add_column("purged_at", str)


def _m004_print_jobs(db: Database) -> None:
    # Every printed document with its state, so staff can reprint (补打) any of
    # them and a job the printer refused prints when it is back. Used by
    # sync/print_jobs.py; the document itself is sealed like case bodies.
    db["print_jobs"].create(
        {
            "id": str,
            "kind": str,  # ticket | receipt | notice | deficiency | pickup
            "ref": str,  # receipt number, ticket number or item code
            "case_id": str,
            "state": str,  # queued | printing | held | printed | expired | cancelled
            "printer_state": str,  # why it is held: paper_out, cover_open, offline, error
            "reason": str,  # the same in words for staff
            "attempts": int,
            "reprint_of": str,
            "actor": str,
            "created_at": str,
            "updated_at": str,
            "printed_at": str,
            "expires_at": str,  # a ticket not printed by then is never issued
            "body": bytes,  # AES-GCM sealed JSON of the Document
        },
        pk="id",
        not_null={"kind", "ref", "state", "attempts", "created_at", "updated_at", "body"},
        defaults={"ref": "", "printer_state": "", "reason": "", "attempts": 0, "actor": ""},
    )
    db["print_jobs"].create_index(["state", "created_at"])
    db["print_jobs"].create_index(["ref"])


def _m005_unsalvaged(db: Database) -> None:
    # What a damaged database set aside still held but could not be brought
    # over (sync.store.salvage): shown to staff until they acknowledge it.
    db["unsalvaged"].create(
        {
            "id": int,
            "receipt_no": str,  # "" when no number is known
            "case_id": str,  # the case or record id, "" when unknown
            "kind": str,  # case, a record kind, or store (the whole file)
            "reason": str,  # core.messages.to_stored words
            "source": str,  # the set-aside file's name
            "found_at": str,
            "acknowledged_at": str,
            "acknowledged_by": str,
        },
        pk="id",
        not_null={"receipt_no", "case_id", "kind", "reason", "source", "found_at"},
        defaults={"receipt_no": "", "case_id": ""},
    )


def _m006_drafts(db: Database) -> None:
    # Intakes in progress (sync.store.drafts): the sealed body and the files it holds
    # back from the sweep of unattached files.
    db["drafts"].create(
        {
            "id": str,
            "kind": str,
            "actor": str,
            "created_at": str,
            "updated_at": str,
            "body": bytes,
        },
        pk="id",
        not_null={"kind", "actor", "created_at", "updated_at", "body"},
    )
    db["drafts"].create_index(["kind", "updated_at"])
    db["draft_files"].create({"draft_id": str, "file_id": str}, pk=("draft_id", "file_id"))
    db["draft_files"].create_index(["file_id"])


MIGRATIONS: list[Callable[[Database], None]] = [
    _m001_base,
    _m002_outbox_error_kind,
    _m003_records_uploads_retention,
    _m004_print_jobs,
    _m005_unsalvaged,
    _m006_drafts,
]
