"""The back office's legacy SQLite steps, oldest first (``schema_version`` counts them).

Alembic (backoffice/migrations) migrates both engines now; revision 0001 is what
these steps made. They stay to bring a SQLite database from before Alembic up to
the step a revision stands for (backoffice.migrations.LEGACY_STAMPS) before it
is stamped. Never edit a step that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from backoffice.store.chain import chain_rows


def _m001_base(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["files"].create(
        {"id": str, "sha256": str, "size": int, "received_at": str},
        pk="id",
        not_null={"sha256", "size", "received_at"},
    )
    db["cases"].create(
        {
            "id": str,
            "receipt_no": str,
            "digest": str,
            "item_code": str,
            "item_name": str,
            "hall_code": str,
            "device_code": str,
            "channel": str,
            "state": str,
            "reason": str,
            "received_at": str,
            "updated_at": str,
            "body": bytes,
        },
        pk="id",
        not_null={"receipt_no", "digest", "state", "received_at", "body"},
    )
    db["cases"].create_index(["receipt_no"], unique=True)
    db["events"].create(
        {
            "seq": int,
            "case_id": str,
            "receipt_no": str,
            "device_code": str,
            "state": str,
            "reason": str,
            "actor": str,
            "at": str,
        },
        pk="seq",
        not_null={"case_id", "state", "at"},
    )
    db["events"].create_index(["device_code", "seq"])


def _m002_uploads_records_devices(db: Database) -> None:
    # tus uploads in progress: the file id is the upload id; part_bytes is how far
    # the part file is valid (anything after it is a torn append and is cut off).
    db["uploads"].create(
        {
            "id": str,
            "length": int,
            "sha256": str,
            "offset": int,
            "part_bytes": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"length", "sha256", "offset", "part_bytes", "created_at"},
    )
    db["records"].create(
        {
            "id": str,
            "kind": str,
            "case_id": str,
            "hall_code": str,
            "device_code": str,
            "digest": str,
            "received_at": str,
            "body": bytes,
        },
        pk="id",
        not_null={"kind", "digest", "received_at", "body"},
    )
    db["records"].create_index(["kind", "received_at"])
    db["devices"].create(
        {
            "id": str,
            "hall_code": str,
            "device_code": str,
            "token_hash": str,
            "enrolled_at": str,
            "revoked_at": str,
            "last_seen_at": str,
        },
        pk="id",
        not_null={"hall_code", "device_code", "token_hash", "enrolled_at"},
    )
    db["devices"].create_index(["token_hash"], unique=True)
    db["enrolments"].create(
        {
            "code_hash": str,
            "hall_code": str,
            "device_code": str,
            "created_at": str,
            "expires_at": str,
            "used_at": str,
            "device_id": str,
        },
        pk="code_hash",
        not_null={"created_at", "expires_at"},
    )
    db["events"].add_column("hall_code", str)
    db.execute(
        "UPDATE events SET hall_code ="
        " (SELECT hall_code FROM cases WHERE cases.id = events.case_id)"
    )
    db["events"].create_index(["hall_code", "device_code", "seq"])


def _m003_staff_audit(db: Database) -> None:
    # Staff accounts (backoffice.store.staff): only a scrypt hash of the password.
    db["staff"].create(
        {
            "login": str,
            "name": str,
            "role": str,
            "hall_code": str,
            "pw_salt": bytes,
            "pw_hash": bytes,
            "created_at": str,
            "updated_at": str,
            "disabled_at": str,
        },
        pk="login",
        not_null={"name", "role", "hall_code", "pw_salt", "pw_hash", "created_at"},
    )
    # Staff tokens: their own table, so a device token can never be a staff token.
    db["staff_tokens"].create(
        {
            "token_hash": str,
            "login": str,
            "created_at": str,
            "expires_at": str,
            "revoked_at": str,
        },
        pk="token_hash",
        not_null={"login", "created_at", "expires_at"},
    )
    db["staff_tokens"].create_index(["login"])
    # The audit log (backoffice.store.audit): append-only, never personal data.
    db.execute(
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
        " actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,"
        " outcome TEXT NOT NULL, detail TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX idx_audit_action ON audit (action, seq)")
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit"
            " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )


def _m004_upload_owner(db: Database) -> None:
    # Who sent an upload and the file it becomes: "<hall>/<device>" of an enrolled
    # device, "" for callers without a device identity. Rows from before stay NULL
    # (open to all), so uploads under way at the upgrade can still finish.
    for table in ("uploads", "files"):
        if "owner" not in db[table].columns_dict:
            db[table].add_column("owner", str)


def _m005_help_requests(db: Database) -> None:
    # 呼叫工作人员 (backoffice.store.help): the record itself is in ``records``; this
    # table is what the hall's staff list and mark handled. No personal data.
    db["help_requests"].create(
        {
            "id": str,
            "hall_code": str,
            "device_code": str,
            "page": str,
            "at": str,
            "received_at": str,
            "handled_at": str,
            "handled_by": str,
        },
        pk="id",
        not_null={"hall_code", "device_code", "at", "received_at"},
    )
    db["help_requests"].create_index(["hall_code", "handled_at", "at"])


def _m006_calendar(db: Database) -> None:
    # The working-day calendar (backoffice.store.calendar): one row per year, its days
    # off and swapped working days (调休) as JSON lists of ISO dates; ``source`` is
    # "official" or "manual" (entered by hand), ``entered_by`` who imported it.
    db["calendar_years"].create(
        {
            "year": int,
            "days_off": str,
            "workdays": str,
            "source": str,
            "note": str,
            "entered_by": str,
            "entered_at": str,
        },
        pk="year",
        not_null={"days_off", "workdays", "source", "entered_by", "entered_at"},
    )


def _m007_heartbeats(db: Database) -> None:
    # The last heartbeat of each device (backoffice.store.fleet): one row per device,
    # replaced by the next; the body is wire.heartbeat.Heartbeat as JSON (no personal
    # data). Numbered 7 (6 is the working-day calendar's); a database made on the
    # fleet branch alone had this table as its 6th, hence if_not_exists.
    db["heartbeats"].create(
        {"device_id": str, "hall_code": str, "device_code": str, "received_at": str, "body": str},
        pk="device_id",
        not_null={"hall_code", "device_code", "received_at", "body"},
        if_not_exists=True,
    )


def _m008_audit_chain(db: Database) -> None:
    # The audit log becomes a hash chain (backoffice.store.chain): each entry holds
    # the previous entry's hash. The rows from before are chained once, here, with
    # the update trigger lifted for that moment only; checkpoints are append-only too.
    db.execute("ALTER TABLE audit ADD COLUMN prev TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT ''")
    rows = db.execute(
        "SELECT seq, at, actor, action, target, outcome, detail FROM audit ORDER BY seq"
    ).fetchall()
    db.execute("DROP TRIGGER audit_no_update")
    for seq, prev, digest in chain_rows(rows):
        db.execute("UPDATE audit SET prev = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
    db.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        "CREATE TABLE audit_checkpoints (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " at TEXT NOT NULL, audit_seq INTEGER NOT NULL, head TEXT NOT NULL,"
        " key_id TEXT NOT NULL, signature TEXT NOT NULL)"
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_checkpoints_no_{verb.lower()} BEFORE {verb}"
            " ON audit_checkpoints"
            " BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END"
        )


MIGRATIONS: list[Callable[[Database], None]] = [
    _m001_base,
    _m002_uploads_records_devices,
    _m003_staff_audit,
    _m004_upload_owner,
    _m005_help_requests,
    _m006_calendar,
    _m007_heartbeats,
    _m008_audit_chain,
]
