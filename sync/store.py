"""The device's local store: cases, scanned files and the outbox, in one SQLite file.

Everything a citizen submits is first a row here, in the same transaction as
its outbox entry (transactional outbox), so the network is never between
"submit" and "receipt printed". The database runs in WAL mode with
synchronous=FULL: a case whose receipt was printed survives a power cut.

Personal data is encrypted at rest (AES-256-GCM with the device key in
``device.key``): case bodies in the database and scanned files under
``files/``. Only what the outbox needs to work stays in the clear (ids,
receipt numbers, states, item codes, hashes, sizes).

Layout of ``data_dir``::

    onewindow.db          the database (plus -wal/-shm while open)
    device.key            32 random bytes, mode 0600, made at first start
    device.token          the back office's token for this device (sync.enrol), 0600
    files/<id>.bin        encrypted scanned files
    receipt_seq.json      high-water marks of the receipt sequences

Besides cases, the outbox carries supplements (补正), evaluations (好差评)
and 12345 records (``records`` table, bodies sealed too); the files table
remembers each file's tus upload URL and confirmed offset, so an upload
resumes after a restart. After the back office decided on a case and the
retention period passed, ``purge_expired`` removes its personal data.

A scanned file is "attached" once a submitted case or a record names it
(``files.case_id`` / ``files.record_id``). Until then it belongs to a draft,
which lives only in memory: ``discard_file`` deletes a file a draft replaced,
and ``sweep_unattached`` (the runtime runs it at start) deletes what abandoned
drafts and crashes left behind. Attached files are only ever removed by the
retention purge.

A damaged database (integrity_check fails, not a database, truncated) is
moved aside to ``onewindow.db.damaged-<timestamp>`` and a fresh one started;
``LocalStore.recovered_from`` then tells the app to say so. The receipt
sequence survives that (``receipt_seq.json``), so a receipt number is never
handed out twice.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from core.case import TRANSITIONS, Case, CaseState, Delivery, FileRef, Party
from core.crypto import Sealer, fsync_dir, load_or_create_key
from core.errors import CaseError, StorageError
from core.ids import receipt_number
from wire.records import RECORD_KINDS, redacted

log = logging.getLogger(__name__)

DB_NAME = "onewindow.db"
KEY_NAME = "device.key"
SEQ_NAME = "receipt_seq.json"

OUTBOX_STATES = ("queued", "uploading", "retry", "done", "quarantined")
PENDING_STATES = ("queued", "uploading", "retry")

# A claim older than this is considered abandoned (the worker died mid-upload).
CLAIM_LEASE_S = 600.0

_ID_RE = re.compile(r"^[0-9a-fA-F-]{8,64}$")


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


# --------------------------------------------------------------------------- migrations
#
# Each function brings the schema from version i to i + 1; the list only ever
# grows. A migration runs in its own BEGIN IMMEDIATE transaction together
# with the schema_version row that records it.


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


MIGRATIONS: list[Callable[[Database], None]] = [
    _m001_base,
    _m002_outbox_error_kind,
    _m003_records_uploads_retention,
    _m004_print_jobs,
]


# --------------------------------------------------------------------------- errors

_FAILED = {
    "full": "磁盘空间不足，{what}未能{action}，请联系工作人员；已保存的办件不受影响",
    "io": "存储设备读写出错，{what}未能{action}，请联系工作人员；已保存的办件不受影响",
    "busy": "本地数据库正忙，{what}未能{action}，请稍后再试",
    "corrupt": "本地数据库已损坏，{what}未能{action}，请联系工作人员（重启程序会自动修复）",
    "readonly": "本地数据库只读，{what}未能{action}，请联系工作人员检查磁盘",
    "other": "本地存储出错，{what}未能{action}，请联系工作人员",
}


def _kind_of(exc: BaseException) -> str:
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        return {
            sqlite3.SQLITE_FULL: "full",
            sqlite3.SQLITE_IOERR: "io",
            sqlite3.SQLITE_BUSY: "busy",
            sqlite3.SQLITE_LOCKED: "busy",
            sqlite3.SQLITE_CORRUPT: "corrupt",
            sqlite3.SQLITE_NOTADB: "corrupt",
            sqlite3.SQLITE_READONLY: "readonly",
        }.get(code, "other")
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return "full"
        if exc.errno == errno.EROFS:
            return "readonly"
        return "io"
    return "other"


def storage_error(exc: BaseException, what: str, action: str = "保存") -> StorageError:
    """A StorageError in plain words for a sqlite3 or OS error."""
    kind = _kind_of(exc)
    name = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
    log.error("local store: %s %s failed (%s)", action, what, name)
    return StorageError(_FAILED[kind].format(what=what, action=action), kind=kind, error=name)


# --------------------------------------------------------------------------- outbox entry


@dataclass(frozen=True)
class OutboxEntry:
    """One outbox row as the worker and staff see it. Plain data; any thread.

    ``kind`` is case, supplement, evaluation or consultation; ``record_id`` the
    client id of what travels (the case id for a case); ``case_id`` is None
    for records that belong to no case (12345, an evaluation of a visit).
    """

    id: int
    kind: str
    case_id: str | None
    receipt_no: str
    state: str
    attempts: int
    next_attempt_at: float | None
    error_kind: str
    last_error: str
    reason: str
    record_id: str = ""
    created_at: str = ""


_ENTRY_SQL = """
SELECT o.id, o.kind, o.case_id, COALESCE(c.receipt_no, ''), o.state, o.attempts,
       o.next_attempt_at, o.error_kind, o.last_error, o.reason, o.record_id, o.created_at
FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
"""


def _entry(row: tuple) -> OutboxEntry:
    return OutboxEntry(*row)


@dataclass(frozen=True)
class CaseSync:
    """Where a case's outbox entries stand, for the counter's case list. Any thread."""

    state: str  # the least advanced entry: quarantined > uploading > retry > queued > done
    entry_id: int
    reason: str
    next_attempt_at: float | None
    last_error: str


# --------------------------------------------------------------------------- the store


class LocalStore:
    """Local SQLite store (sqlite-utils): cases, files, outbox, receipt sequences.

    WAL, synchronous=FULL, versioned migrations (``schema_version`` table and
    the ``MIGRATIONS`` list), personal data sealed with the device key.

    Any thread may call any method: each thread gets its own SQLite
    connection, and every write runs in a ``BEGIN IMMEDIATE`` transaction, so
    the GUI thread (submitting) and the sync worker thread (draining) never
    see each other's half-done work. Errors come out as ``StorageError`` with
    a message for the citizen or the clerk.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.files_dir = self.data_dir / "files"
        self.db_path = self.data_dir / DB_NAME
        try:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            key, created = load_or_create_key(self.data_dir / KEY_NAME)
        except OSError as exc:
            raise storage_error(exc, "设备密钥", "创建") from exc
        if created:
            log.info("new device key created in %s", self.data_dir)
        self._sealer = Sealer(key)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        self._closed = False
        self.recovered_from: Path | None = None
        self.recovered_reason = ""

        problem = self._health_problem()
        if problem:
            self._move_aside(problem)
        self._migrate()
        if not self._key_matches():
            self._close_connections()
            self._move_aside("数据库与设备密钥不匹配")
            self._migrate()
            self._key_matches()

    # ------------------------------------------------------------------ connections

    @property
    def db(self) -> Database:
        """The calling thread's connection as a sqlite-utils Database."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            if self._closed:
                raise StorageError("本地存储已关闭", hint="请重启程序")
            try:
                conn = sqlite3.connect(self.db_path, timeout=15.0, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA busy_timeout=15000")
            except sqlite3.Error as exc:
                raise storage_error(exc, "本地数据库", "打开") from exc
            db = Database(conn, execute_plugins=False, recursive_triggers=False)
            self._local.db = db
            with self._conns_lock:
                self._conns.append(conn)
        return db

    @contextmanager
    def _write(self, what: str, action: str = "保存") -> Iterator[Database]:
        """One BEGIN IMMEDIATE transaction; sqlite3/OS errors become StorageError."""
        db = self.db
        conn = db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield db
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError) as exc:
            raise storage_error(exc, what, action) from exc

    @contextmanager
    def _read(self, what: str) -> Iterator[Database]:
        try:
            yield self.db
        except sqlite3.Error as exc:
            raise storage_error(exc, what, "读取") from exc

    def _close_connections(self) -> None:
        with self._conns_lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()

    def close(self) -> None:
        """Close every connection (call after the sync worker stopped)."""
        self._closed = True
        self._close_connections()

    # ------------------------------------------------------------------ opening

    def _health_problem(self) -> str:
        """'' when the database is absent or sound, else what is wrong with it."""
        if not self.db_path.exists():
            return ""
        try:
            conn = sqlite3.connect(self.db_path, timeout=15.0)
            try:
                rows = conn.execute("PRAGMA integrity_check").fetchall()
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if code not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                # Locked, no permission, I/O error: not damage. Never move a good file aside.
                raise storage_error(exc, "本地数据库", "打开") from exc
            return f"数据库无法读取（{getattr(exc, 'sqlite_errorname', '') or exc}）"
        if rows != [("ok",)]:
            return f"完整性检查未通过（{len(rows)} 处错误）"
        return ""

    def _move_aside(self, problem: str) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.db_path.with_name(f"{DB_NAME}.damaged-{stamp}")
        n = 1
        while target.exists():
            target = self.db_path.with_name(f"{DB_NAME}.damaged-{stamp}-{n}")
            n += 1
        try:
            os.replace(self.db_path, target)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{self.db_path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{target}{suffix}"))
            fsync_dir(self.data_dir)
        except OSError as exc:
            raise storage_error(exc, "损坏的数据库", "移走") from exc
        log.error("local database unusable (%s); moved aside to %s", problem, target.name)
        self.recovered_from = target
        self.recovered_reason = problem

    def _migrate(self) -> None:
        db = self.db
        try:
            if not db["schema_version"].exists():
                with self._write("数据库结构", "创建"):
                    db.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version"
                        " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
                    )
            current = self.schema_version()
            if current > len(MIGRATIONS):
                raise StorageError(
                    "本地数据库来自更新版本的程序",
                    hint="请安装最新版本的一窗通",
                    version=current,
                )
            for version in range(current + 1, len(MIGRATIONS) + 1):
                with self._write("数据库结构", "升级"):
                    again = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
                    if (again or 0) >= version:  # another process got there first
                        continue
                    MIGRATIONS[version - 1](db)
                    db.execute(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                        (version, _now_iso()),
                    )
                log.info("local database migrated to schema version %d", version)
        except sqlite3.Error as exc:
            raise storage_error(exc, "本地数据库", "打开") from exc

    def schema_version(self) -> int:
        with self._read("数据库版本") as db:
            row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _key_matches(self) -> bool:
        check = self._sealer.key_check()
        with self._write("设备密钥校验值") as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta (key, value) VALUES ('key_check', ?)", (check,))
                return True
        return row[0] == check

    # ------------------------------------------------------------------ receipt numbers

    def next_receipt_no(self, hall_code: str, device_code: str, day: dt.date) -> str:
        """Allocate the next receipt number of this device for ``day`` (1, 2, ...).

        The high-water mark is written to ``receipt_seq.json`` (fsynced) before
        the database commits, so a crash can only leave a gap, and a database
        moved aside as damaged cannot make a number be handed out twice.
        """
        key = f"{hall_code}/{device_code}/{day:%Y%m%d}"
        with self._write("受理编号", "分配") as db:
            row = db.execute(
                "SELECT last FROM receipt_seq WHERE hall = ? AND device = ? AND day = ?",
                (hall_code, device_code, f"{day:%Y%m%d}"),
            ).fetchone()
            marks = self._read_marks()
            seq = max(row[0] if row else 0, marks.get(key, 0)) + 1
            marks[key] = seq
            self._write_marks(marks, keep_from=day - dt.timedelta(days=3))
            db.execute(
                "INSERT INTO receipt_seq (hall, device, day, last) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (hall, device, day) DO UPDATE SET last = excluded.last",
                (hall_code, device_code, f"{day:%Y%m%d}", seq),
            )
        return receipt_number(hall_code, device_code, day, seq)

    def _read_marks(self) -> dict[str, int]:
        path = self.data_dir / SEQ_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("%s unreadable; relying on the database sequence", SEQ_NAME)
            return {}
        return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write_marks(self, marks: dict[str, int], keep_from: dt.date) -> None:
        cut = f"{keep_from:%Y%m%d}"
        kept = {k: v for k, v in marks.items() if k.rsplit("/", 1)[-1] >= cut}
        path = self.data_dir / SEQ_NAME
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(kept, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(self.data_dir)

    # ------------------------------------------------------------------ files

    def _blob_path(self, file_id: str) -> Path:
        if not _ID_RE.match(file_id):
            raise StorageError("材料文件编号无效", file=file_id)
        return self.files_dir / f"{file_id}.bin"

    def save_file(self, data: bytes, name: str, media_type: str) -> FileRef:
        """Keep a scanned file, encrypted, and return its reference for the case."""
        ref = FileRef(
            name=name,
            media_type=media_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        path = self._blob_path(ref.id)
        tmp = path.with_suffix(".tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(self._sealer.seal("file", data, ref.id))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            fsync_dir(self.files_dir)
        except OSError as exc:
            with suppress(OSError):
                tmp.unlink()
            raise storage_error(exc, "材料文件") from exc
        try:
            with self._write("材料文件") as db:
                db.execute(
                    "INSERT INTO files (id, sha256, size, media_type, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (ref.id, ref.sha256, ref.size, media_type, _now_iso()),
                )
        except StorageError:
            with suppress(OSError):
                path.unlink()
            raise
        return ref

    def read_file(self, file_id: str) -> bytes:
        """The plaintext of a saved file; StorageError when missing or altered."""
        with self._read("材料文件") as db:
            row = db.execute("SELECT sha256 FROM files WHERE id = ?", (file_id,)).fetchone()
        if row is None:
            raise StorageError("找不到材料文件", file=file_id)
        try:
            blob = self._blob_path(file_id).read_bytes()
        except FileNotFoundError:
            raise StorageError("材料文件已丢失", hint="请重新扫描该材料", file=file_id) from None
        except OSError as exc:
            raise storage_error(exc, "材料文件", "读取") from exc
        data = self._sealer.open("file", blob, file_id)
        if hashlib.sha256(data).hexdigest() != row[0]:
            raise StorageError("材料文件校验失败，可能已损坏", file=file_id)
        return data

    def file_uploaded(self, file_id: str) -> bool:
        with self._read("材料文件状态") as db:
            row = db.execute("SELECT uploaded_at FROM files WHERE id = ?", (file_id,)).fetchone()
        return bool(row and row[0])

    def mark_file_uploaded(self, file_id: str) -> None:
        with self._write("材料文件状态") as db:
            db.execute("UPDATE files SET uploaded_at = ? WHERE id = ?", (_now_iso(), file_id))

    def mark_files_not_uploaded(self, file_ids: list[str]) -> None:
        with self._write("材料文件状态") as db:
            db.conn.executemany(
                "UPDATE files SET uploaded_at = NULL WHERE id = ?", [(f,) for f in file_ids]
            )

    # ------------------------------------------------------------------ unattached files

    def discard_file(self, file_id: str) -> bool:
        """Delete a file no submitted case or record uses (a scan a draft replaced).

        Returns False and touches nothing when a case or a record is attached
        to the file; True when the file is gone (deleted now, or already gone:
        discarding twice is fine). The row goes first, in a transaction that
        checks it is still unattached, so a case submitted at the same moment
        either gets the file or is refused it, never a file without its blob.
        A crash before the blob is unlinked leaves a blob without a row, which
        ``sweep_unattached`` removes. StorageError when the disk refuses.
        """
        path = self._blob_path(file_id)
        with self._write("材料文件", "删除") as db:
            row = db.execute(
                "SELECT case_id, record_id FROM files WHERE id = ?", (file_id,)
            ).fetchone()
            if row is not None and (row[0] is not None or row[1] is not None):
                return False
            db.execute(
                "DELETE FROM files WHERE id = ? AND case_id IS NULL AND record_id IS NULL",
                (file_id,),
            )
        _removed, failed = self._unlink_all([path])
        if failed:
            raise storage_error(failed[0], "材料文件", "删除") from failed[0]
        return True

    def sweep_unattached(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
        """Remove files older than ``older_than`` that no case or record uses; how many.

        That is rows with neither case nor record created before ``now -
        older_than`` (scans of drafts abandoned or replaced: drafts live only
        in memory), blobs in ``files/`` without a row and ``.tmp`` leftovers
        whose mtime is before that (a crash between two steps). The age keeps
        the pages of a draft in progress in another window of this device.
        Blobs without a row are kept while a damaged database is kept aside
        (``onewindow.db.damaged-*``): their rows may be in it. A blob that
        cannot be unlinked now is logged and tried again at the next sweep;
        StorageError when the database refuses. Logs counts only.
        """
        now = now or dt.datetime.now(dt.UTC)
        cut = (now - older_than).astimezone(dt.UTC)
        with self._write("未使用的材料文件", "清除") as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM files WHERE case_id IS NULL AND record_id IS NULL"
                    " AND created_at < ?",
                    (cut.isoformat(timespec="milliseconds"),),
                )
            ]
            db.conn.executemany("DELETE FROM files WHERE id = ?", [(i,) for i in ids])
        _removed, failed = self._unlink_all(
            [self.files_dir / f"{i}.bin" for i in ids if _ID_RE.match(i)]
        )
        strays = self._stray_blobs(cut.timestamp())
        gone, failed_strays = self._unlink_all(strays)
        failed += failed_strays
        if failed:
            log.warning("files: %d unattached file(s) could not be removed now", len(failed))
        if ids or gone:
            log.info(
                "files: %d unattached file(s) and %d leftover blob(s) older than %s removed",
                len(ids),
                gone,
                older_than,
            )
        return len(ids) + gone

    def _stray_blobs(self, before: float) -> list[Path]:
        """Blobs without a row and .tmp leftovers in files/ last written before ``before``."""
        with self._read("材料文件") as db:
            known = {r[0] for r in db.execute("SELECT id FROM files")}
        aside = any(self.data_dir.glob(f"{DB_NAME}.damaged-*"))
        out: list[Path] = []
        kept = 0
        try:
            entries = list(os.scandir(self.files_dir))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise storage_error(exc, "材料文件目录", "读取") from exc
        for entry in entries:
            name = entry.name
            stem, _, suffix = name.rpartition(".")
            if suffix not in ("bin", "tmp") or not _ID_RE.match(stem):
                continue  # not ours: leave it
            if suffix == "bin" and stem in known:
                continue
            try:
                if not entry.is_file(follow_symlinks=False) or entry.stat().st_mtime >= before:
                    continue
            except OSError:
                continue  # gone meanwhile, or unreadable: the next sweep looks again
            if suffix == "bin" and aside:
                kept += 1
                continue
            out.append(Path(entry.path))
        if kept:
            log.warning(
                "files: %d blob(s) without a row kept: a damaged database is kept aside", kept
            )
        return out

    def _unlink_all(self, paths: list[Path]) -> tuple[int, list[OSError]]:
        """Unlink ``paths`` (already gone is fine), durably; (how many unlinked, failures)."""
        removed, failed = 0, []
        for path in paths:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                failed.append(exc)
        if paths:
            fsync_dir(self.files_dir)
        return removed, failed

    # ------------------------------------------------------------------ cases

    def _seal_case(self, case: Case) -> bytes:
        return self._sealer.seal("case", case.model_dump_json().encode(), case.id)

    def _open_case(self, case_id: str, blob: bytes) -> Case:
        raw = self._sealer.open("case", blob, case_id)
        return Case.model_validate_json(raw)

    def submit_case(self, case: Case) -> None:
        """Save a submitted case and its outbox entry in ONE transaction.

        Saving the same case again is a no-op; saving other content under the
        same id raises CaseError. Raises StorageError (disk full, I/O error)
        with nothing half-saved.
        """
        if case.state is not CaseState.SUBMITTED:
            raise CaseError("只有已提交的办件才能保存待上报", state=case.state.value)
        if not case.receipt_no:
            raise CaseError("办件缺少受理编号", case=case.id)
        refs = [f for m in case.materials for f in m.files]
        blob = self._seal_case(case)
        digest = case.body_digest()
        now = _now_iso()
        with self._write("办件") as db:
            row = db.execute("SELECT digest FROM cases WHERE id = ?", (case.id,)).fetchone()
            if row is not None:
                if row[0] == digest:
                    log.info("case %s already saved; nothing to do", case.id)
                    return
                raise CaseError("该办件已保存过，内容不同，不能覆盖", case=case.id)
            other = db.execute(
                "SELECT id FROM cases WHERE receipt_no = ?", (case.receipt_no,)
            ).fetchone()
            if other is not None:
                raise CaseError(f"受理编号 {case.receipt_no} 已被另一办件使用", case=case.id)
            for ref in refs:
                f = db.execute("SELECT sha256 FROM files WHERE id = ?", (ref.id,)).fetchone()
                if f is None or f[0] != ref.sha256:
                    raise StorageError(
                        "办件引用的材料文件不在本机存储中",
                        hint="请重新扫描该材料后再提交",
                        file=ref.id,
                    )
            db.execute(
                "INSERT INTO cases (id, receipt_no, state, item_code, created_at, submitted_at,"
                " updated_at, digest, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case.id,
                    case.receipt_no,
                    case.state.value,
                    case.item_code,
                    case.created_at.astimezone(dt.UTC).isoformat(timespec="milliseconds"),
                    now,
                    now,
                    digest,
                    blob,
                ),
            )
            db.conn.executemany(
                "UPDATE files SET case_id = ? WHERE id = ?", [(case.id, r.id) for r in refs]
            )
            db.execute(
                "INSERT INTO outbox (kind, case_id, record_id, state, attempts, created_at,"
                " updated_at) VALUES ('case', ?, ?, 'queued', 0, ?, ?)",
                (case.id, case.id, now, now),
            )
        log.info("case %s saved (receipt %s), queued for sync", case.id, case.receipt_no)

    def get_case(self, case_id: str) -> Case:
        """The case as last saved; CaseError when unknown, StorageError when unreadable."""
        with self._read("办件") as db:
            row = db.execute("SELECT body FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseError("本机没有这个办件", case=case_id)
        return self._open_case(case_id, row[0])

    def case_by_receipt(self, receipt_no: str) -> Case | None:
        """The case with this receipt number (受理编号), or None."""
        with self._read("办件") as db:
            row = db.execute(
                "SELECT id, body FROM cases WHERE receipt_no = ?", (receipt_no,)
            ).fetchone()
        return self._open_case(row[0], row[1]) if row else None

    def list_cases(
        self, limit: int = 100, states: tuple[CaseState, ...] | None = None
    ) -> list[Case]:
        """Saved cases (only those in ``states`` when given), the most recently submitted
        first (unreadable ones skipped)."""
        where, params = "", []
        if states is not None:
            where = f" WHERE state IN ({','.join('?' * len(states))})"
            params = [s.value for s in states]
        with self._read("办件列表") as db:
            rows = db.execute(
                f"SELECT id, body FROM cases{where} ORDER BY rowid DESC LIMIT ?", (*params, limit)
            ).fetchall()
        out: list[Case] = []
        for case_id, blob in rows:
            try:
                out.append(self._open_case(case_id, blob))
            except (StorageError, ValueError):
                log.error("case %s could not be decrypted; skipped in list", case_id)
        return out

    def update_case_state(
        self, case_id: str, state: CaseState, reason: str = "", actor: str = "backoffice"
    ) -> None:
        """Move a case (Case.transition: the trail records it); CaseError if not allowed."""
        with self._write("办件状态") as db:
            self._transition(db, case_id, state, reason, actor)
        log.info("case %s is now %s", case_id, state.value)

    def _transition(
        self, db: Database, case_id: str, state: CaseState, reason: str, actor: str
    ) -> Case:
        row = db.execute("SELECT body FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseError("本机没有这个办件", case=case_id)
        case = self._open_case(case_id, row[0])
        case.transition(state, actor, reason)
        db.execute(
            "UPDATE cases SET state = ?, body = ?, updated_at = ? WHERE id = ?",
            (case.state.value, self._seal_case(case), _now_iso(), case_id),
        )
        return case

    # ------------------------------------------------------------------ outbox

    def outbox_counts(self) -> dict[str, int]:
        """Number of outbox entries per state (every state present, 0 when none)."""
        counts = dict.fromkeys(OUTBOX_STATES, 0)
        with self._read("待上报统计") as db:
            for state, n in db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state"):
                counts[state] = n
        return counts

    def claim_next(self, now: float | None = None) -> OutboxEntry | None:
        """Claim the next due entry (state → uploading), or None when nothing is due.

        Entries of one case go in order: an entry waits while an earlier entry
        of its case is not done. A claim older than CLAIM_LEASE_S counts as
        abandoned and may be claimed again.
        """
        now = time.time() if now is None else now
        with self._write("同步状态") as db:
            row = db.execute(
                _ENTRY_SQL
                + """
                WHERE ((o.state IN ('queued', 'retry') AND COALESCE(o.next_attempt_at, 0) <= :now)
                       OR (o.state = 'uploading' AND COALESCE(o.claimed_at, 0) <= :stale))
                  AND NOT EXISTS (SELECT 1 FROM outbox p
                                  WHERE p.case_id = o.case_id AND p.id < o.id
                                    AND p.state != 'done')
                ORDER BY o.id LIMIT 1""",
                {"now": now, "stale": now - CLAIM_LEASE_S},
            ).fetchone()
            if row is None:
                return None
            # started_at marks the entry frozen: what travels is what was saved.
            db.execute(
                "UPDATE outbox SET state = 'uploading', claimed_at = ?, updated_at = ?,"
                " started_at = COALESCE(started_at, ?) WHERE id = ?",
                (now, _now_iso(), _now_iso(), row[0]),
            )
        return _entry((*row[:4], "uploading", *row[5:]))

    def complete(self, entry_id: int) -> None:
        """The back office has it: entry done (and a case SYNCED), in one transaction."""
        now = _now_iso()
        with self._write("同步状态") as db:
            row = db.execute(
                "SELECT case_id, kind FROM outbox WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                return
            db.execute(
                "UPDATE outbox SET state = 'done', done_at = ?, updated_at = ?, last_error = '',"
                " error_kind = '', reason = '' WHERE id = ?",
                (now, now, entry_id),
            )
            if row[1] != "case":
                return
            state = db.execute("SELECT state FROM cases WHERE id = ?", (row[0],)).fetchone()[0]
            if state == CaseState.SUBMITTED.value:
                self._transition(db, row[0], CaseState.SYNCED, "", "backoffice")

    def retry(self, entry_id: int, delay_s: float, error: str, kind: str) -> None:
        """Schedule another attempt in ``delay_s`` seconds (one more attempt counted)."""
        with self._write("同步状态") as db:
            db.execute(
                "UPDATE outbox SET state = 'retry', attempts = attempts + 1,"
                " next_attempt_at = ?, last_error = ?, error_kind = ?, updated_at = ?"
                " WHERE id = ?",
                (time.time() + max(0.0, delay_s), error, kind, _now_iso(), entry_id),
            )

    def release(self, entry_id: int, error: str) -> None:
        """Give a claim back untouched (no attempt counted), e.g. when unauthorized."""
        with self._write("同步状态") as db:
            db.execute(
                "UPDATE outbox SET state = CASE WHEN attempts > 0 THEN 'retry' ELSE 'queued' END,"
                " next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
                (time.time(), error, _now_iso(), entry_id),
            )

    def quarantine(self, entry_id: int, reason: str) -> None:
        """Set an entry aside with the reason; it no longer blocks anything but its case."""
        with self._write("同步状态") as db:
            db.execute(
                "UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, reason = ?,"
                " last_error = ?, updated_at = ? WHERE id = ?",
                (reason, reason, _now_iso(), entry_id),
            )

    def requeue(self, entry_id: int) -> None:
        """Staff action: try a quarantined entry again (after the cause was fixed)."""
        with self._write("同步状态") as db:
            db.execute(
                "UPDATE outbox SET state = 'queued', next_attempt_at = NULL, reason = '',"
                " error_kind = '', updated_at = ? WHERE id = ? AND state = 'quarantined'",
                (_now_iso(), entry_id),
            )

    def requeue_interrupted(self) -> int:
        """Claims left by a worker that died (crash, power cut) become due again."""
        with self._write("同步状态") as db:
            cur = db.execute(
                "UPDATE outbox SET state = 'retry', next_attempt_at = ?, updated_at = ?"
                " WHERE state = 'uploading'",
                (time.time(), _now_iso()),
            )
            return cur.rowcount

    def make_due(self, error_kind: str | None = "offline") -> int:
        """Entries waiting after an ``error_kind`` failure (any failure: None) become due now."""
        now = time.time()
        with self._write("同步状态") as db:
            cur = db.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE state = 'retry'"
                " AND (? IS NULL OR error_kind = ?) AND next_attempt_at > ?",
                (now, error_kind, error_kind, now),
            )
            return cur.rowcount

    def retry_now(self, entry_id: int) -> str:
        """Staff action (CLI ``sync retry``): a quarantined entry is queued again, a waiting
        one is due now. Returns the entry's state before; CaseError when unknown or done."""
        with self._write("同步状态") as db:
            row = db.execute("SELECT state FROM outbox WHERE id = ?", (entry_id,)).fetchone()
            if row is None:
                raise CaseError(f"没有编号为 {entry_id} 的待上报记录", entry=entry_id)
            state = row[0]
            if state == "done":
                raise CaseError(f"记录 {entry_id} 已上报，无需重试", entry=entry_id)
            if state == "quarantined":
                db.execute(
                    "UPDATE outbox SET state = 'queued', next_attempt_at = NULL, reason = '',"
                    " error_kind = '', updated_at = ? WHERE id = ?",
                    (_now_iso(), entry_id),
                )
            elif state in ("queued", "retry"):
                db.execute(
                    "UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ?",
                    (time.time(), _now_iso(), entry_id),
                )
        log.info("outbox entry %d (%s) retried by staff", entry_id, state)
        return state

    def next_due_in(self, now: float | None = None) -> float | None:
        """Seconds until the next pending entry is due (0 if one is), None if none pending."""
        now = time.time() if now is None else now
        with self._read("同步状态") as db:
            row = db.execute(
                "SELECT MIN(COALESCE(next_attempt_at, 0)) FROM outbox"
                " WHERE state IN ('queued', 'retry')"
            ).fetchone()
        return None if row[0] is None else max(0.0, row[0] - now)

    def entries(self, states: tuple[str, ...] = OUTBOX_STATES) -> list[OutboxEntry]:
        """Outbox entries in the given states, oldest first (e.g. quarantined ones for staff)."""
        marks = ",".join("?" * len(states))
        with self._read("待上报列表") as db:
            rows = db.execute(
                _ENTRY_SQL + f" WHERE o.state IN ({marks}) ORDER BY o.id", states
            ).fetchall()
        return [_entry(r) for r in rows]

    def entry(self, entry_id: int) -> OutboxEntry | None:
        with self._read("待上报记录") as db:
            row = db.execute(_ENTRY_SQL + " WHERE o.id = ?", (entry_id,)).fetchone()
        return _entry(row) if row else None

    def last_sync_at(self) -> dt.datetime | None:
        """When the back office last confirmed a case (None if never)."""
        with self._read("同步状态") as db:
            row = db.execute("SELECT MAX(done_at) FROM outbox WHERE state = 'done'").fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    def stats(self) -> dict[str, object]:
        """For ``onewindow sync status``: counts, the oldest waiting entry, the last error."""
        counts = self.outbox_counts()
        with self._read("同步状态") as db:
            oldest = db.execute(
                "SELECT MIN(created_at) FROM outbox WHERE state IN ('queued', 'uploading', 'retry')"
            ).fetchone()[0]
            err = db.execute(
                "SELECT id, last_error, updated_at FROM outbox WHERE last_error != ''"
                " AND state != 'done' ORDER BY updated_at DESC LIMIT 1"
            ).fetchone()
            nxt = db.execute(
                "SELECT MIN(COALESCE(next_attempt_at, 0)) FROM outbox"
                " WHERE state IN ('queued', 'retry')"
            ).fetchone()[0]
        last = self.last_sync_at()
        return {
            "counts": counts,
            "oldest_waiting": oldest,
            "next_attempt_at": nxt,
            "last_error": err[1] if err else "",
            "last_error_entry": err[0] if err else None,
            "last_error_at": err[2] if err else None,
            "last_sync_at": last.isoformat() if last else None,
        }

    def case_sync_states(self, case_ids: list[str]) -> dict[str, CaseSync]:
        """Per case: the outbox entry that most needs attention (for the staff's case list)."""
        if not case_ids:
            return {}
        rank = {"quarantined": 0, "uploading": 1, "retry": 2, "queued": 3, "done": 4}
        marks = ",".join("?" * len(case_ids))
        with self._read("同步状态") as db:
            rows = db.execute(
                "SELECT case_id, id, state, reason, next_attempt_at, last_error FROM outbox"
                f" WHERE case_id IN ({marks}) ORDER BY id",
                case_ids,
            ).fetchall()
        out: dict[str, CaseSync] = {}
        for case_id, entry_id, state, reason, nxt, err in rows:
            cur = out.get(case_id)
            if cur is None or rank.get(state, 9) < rank.get(cur.state, 9):
                out[case_id] = CaseSync(state, entry_id, reason, nxt, err)
        return out

    # ------------------------------------------------------------------ other records

    def submit_record(self, record: Any) -> None:
        """Save a supplement, evaluation or consultation and its outbox entry, one transaction.

        ``record`` is a wire.records model. The same record again is a no-op;
        other content under its id raises CaseError; files it names must be
        in this store (StorageError otherwise); a supplement needs its case.
        """
        kind = record.kind
        if kind not in RECORD_KINDS:
            raise CaseError(f"不认识的记录类型 {kind}")
        if kind == "handover":  # it also moves the case: only hand_over keeps both in step
            raise CaseError("出件记录只能通过出件操作保存", hint="请在“出件”页面确认出件")
        case_id = getattr(record, "case_id", None)
        refs = record.file_refs() if kind == "supplement" else []
        digest = record.digest()
        blob = self._sealer.seal("record", json.dumps(record.body()).encode(), record.id)
        now = _now_iso()
        with self._write("记录") as db:
            row = db.execute("SELECT digest FROM records WHERE id = ?", (record.id,)).fetchone()
            if row is not None:
                if row[0] == digest:
                    return
                raise CaseError("该记录已保存过，内容不同，不能覆盖", record=record.id)
            known = case_id is not None and (
                db.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is not None
            )
            if case_id is not None and not known:
                if kind == "supplement":
                    raise CaseError("本机没有这个办件，无法补正", case=case_id)
                case_id = None  # an evaluation of a case this device did not take in
            for ref in refs:
                f = db.execute(
                    "SELECT sha256, record_id FROM files WHERE id = ?", (ref.id,)
                ).fetchone()
                if f is None or f[0] != ref.sha256:
                    raise StorageError(
                        "补正引用的材料文件不在本机存储中",
                        hint="请重新扫描该材料后再提交",
                        file=ref.id,
                    )
            db.execute(
                "INSERT INTO records (id, kind, case_id, digest, body, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (record.id, kind, case_id, digest, blob, now),
            )
            db.conn.executemany(
                "UPDATE files SET case_id = ?, record_id = ? WHERE id = ?",
                [(case_id, record.id, r.id) for r in refs],
            )
            db.execute(
                "INSERT INTO outbox (kind, case_id, record_id, state, attempts, created_at,"
                " updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)",
                (kind, case_id, record.id, now, now),
            )
        log.info("%s %s saved, queued for sync", kind, record.id)

    def hand_over(self, record: Any) -> Case:
        """Record a hand-over (出件) of a READY case, ONE transaction: the case moves to
        DELIVERED, its trail gets a "handover" event (clerk, who collected), and the
        wire.records.Handover is saved with its outbox entry. Returns the case as saved.

        CaseError when the case is unknown, already handed out or not ready.
        """
        digest = record.digest()
        blob = self._sealer.seal("record", json.dumps(record.body()).encode(), record.id)
        now = _now_iso()
        with self._write("出件记录") as db:
            row = db.execute("SELECT body FROM cases WHERE id = ?", (record.case_id,)).fetchone()
            if row is None:
                raise CaseError("本机没有这个办件", case=record.case_id)
            case = self._open_case(record.case_id, row[0])
            if case.state is CaseState.DELIVERED:
                raise CaseError(
                    "该办件已出件，不能重复出件",
                    hint="请核对受理编号；如有疑问请查看办件留痕或联系后台",
                    case=case.id,
                )
            if case.state is not CaseState.READY:
                raise CaseError(
                    "该办件还没有办结，暂不能出件",
                    hint="请等后台办结（办件列表中为“待取件”）后再出件",
                    case=case.id,
                )
            case.transition(CaseState.DELIVERED, record.staff, "窗口出件")
            case.log(
                "handover",
                record.staff,
                {"handover": record.id, "collector": record.collector},
            )
            db.execute(
                "UPDATE cases SET state = ?, body = ?, updated_at = ? WHERE id = ?",
                (case.state.value, self._seal_case(case), now, case.id),
            )
            db.execute(
                "INSERT INTO records (id, kind, case_id, digest, body, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (record.id, record.kind, case.id, digest, blob, now),
            )
            db.execute(
                "INSERT INTO outbox (kind, case_id, record_id, state, attempts, created_at,"
                " updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)",
                (record.kind, case.id, record.id, now, now),
            )
        log.info("case %s handed over, queued for sync", case.id)
        return case

    def get_record(self, record_id: str) -> tuple[str, dict[str, Any]]:
        """(kind, body) of a saved record; CaseError when unknown."""
        with self._read("记录") as db:
            row = db.execute("SELECT kind, body FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise CaseError("本机没有这条记录", record=record_id)
        return row[0], json.loads(self._sealer.open("record", row[1], record_id))

    # ------------------------------------------------------------------ resumable uploads

    def upload_state(self, file_id: str) -> tuple[str | None, int]:
        """(tus upload URL or None, offset the back office last confirmed)."""
        with self._read("上传进度") as db:
            row = db.execute(
                "SELECT upload_url, upload_offset FROM files WHERE id = ?", (file_id,)
            ).fetchone()
        return (row[0], int(row[1] or 0)) if row else (None, 0)

    def set_upload_url(self, file_id: str, url: str | None) -> None:
        with self._write("上传进度") as db:
            db.execute(
                "UPDATE files SET upload_url = ?, upload_offset = 0 WHERE id = ?", (url, file_id)
            )

    def set_upload_progress(self, file_id: str, url: str | None, offset: int) -> None:
        """Keep the upload URL and the offset the back office confirmed (one commit)."""
        with self._write("上传进度") as db:
            db.execute(
                "UPDATE files SET upload_url = ?, upload_offset = ? WHERE id = ?",
                (url, offset, file_id),
            )

    # ------------------------------------------------------------------ status feed

    def status_cursor(self) -> int:
        with self._read("状态游标") as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'status_cursor'").fetchone()
        return int(row[0]) if row else 0

    def apply_status_changes(self, changes: list[dict[str, Any]], cursor: int) -> list[str]:
        """Apply the back office's status changes to local cases and keep the cursor, in one
        transaction. Unknown cases and changes already applied are skipped. Returns the ids
        of the cases that changed."""
        changed: list[str] = []
        now = _now_iso()
        with self._write("办件状态") as db:
            for ch in changes:
                case_id, reason = str(ch.get("case_id", "")), str(ch.get("reason") or "")
                try:
                    target = CaseState(str(ch.get("state", "")))
                except ValueError:
                    log.warning("status feed: unknown state for case %s; skipped", case_id)
                    continue
                row = db.execute("SELECT state FROM cases WHERE id = ?", (case_id,)).fetchone()
                if row is None:
                    continue
                path = _path(CaseState(row[0]), target)
                if not path:
                    continue  # already there or past it
                for step in path:
                    why = reason if step is target else ""
                    self._transition(db, case_id, step, why, "backoffice")
                if target not in (CaseState.SUBMITTED, CaseState.SYNCED):
                    db.execute(
                        "UPDATE cases SET confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ?",
                        (now, case_id),
                    )
                if case_id not in changed:
                    changed.append(case_id)
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('status_cursor', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(cursor),),
            )
        if changed:
            log.info("status feed: %d case(s) changed", len(changed))
        return changed

    # ------------------------------------------------------------------ retention

    def purge_expired(self, retention_days: float, now: dt.datetime | None = None) -> int:
        """Remove personal data the back office confirmed more than ``retention_days`` ago.

        Cases: once the back office decided (accepted, rejected, ...) and every
        entry of the case is done. Evaluations and 12345 records: once done.
        What stays: ids, receipt numbers, item, states and the trail (no
        personal data), so the case list and the receipt look-up still work.
        File blobs are deleted. Returns how many cases and records were purged.
        """
        now = now or dt.datetime.now(dt.UTC)
        cut = (now - dt.timedelta(days=retention_days)).isoformat(timespec="milliseconds")
        with self._read("保留期限") as db:
            case_ids = [
                r[0]
                for r in db.execute(
                    "SELECT c.id FROM cases c WHERE c.purged_at IS NULL"
                    " AND c.confirmed_at IS NOT NULL AND c.confirmed_at <= ?"
                    " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id"
                    "                 AND o.state != 'done')",
                    (cut,),
                )
            ]
            record_ids = [
                r[0]
                for r in db.execute(
                    "SELECT r.id FROM records r JOIN outbox o ON o.record_id = r.id"
                    " AND o.kind = r.kind WHERE r.purged_at IS NULL AND r.kind != 'supplement'"
                    " AND o.state = 'done' AND o.done_at <= ?",
                    (cut,),
                )
            ]
        for case_id in case_ids:
            self._purge_case(case_id)
        for record_id in record_ids:
            self._purge_record(record_id)
        if case_ids or record_ids:
            log.info(
                "retention: personal data of %d case(s) and %d record(s) purged",
                len(case_ids),
                len(record_ids),
            )
        return len(case_ids) + len(record_ids)

    def _purge_case(self, case_id: str) -> None:
        now = _now_iso()
        with self._write("办件清除", "清除") as db:
            row = db.execute(
                "SELECT body FROM cases WHERE id = ? AND purged_at IS NULL", (case_id,)
            ).fetchone()
            if row is None:
                return
            case = self._open_case(case_id, row[0])
            gone = Party(name="", id_number="", card_type=case.applicant.card_type)
            case = case.model_copy(
                update={
                    "applicant": gone,
                    "agent": None,
                    "form": {},
                    "delivery": Delivery(method=case.delivery.method),
                }
            )
            db.execute(
                "UPDATE cases SET body = ?, purged_at = ? WHERE id = ?",
                (self._seal_case(case), now, case_id),
            )
            file_ids = [
                r[0] for r in db.execute("SELECT id FROM files WHERE case_id = ?", (case_id,))
            ]
            db.execute(
                "UPDATE files SET purged_at = ? WHERE case_id = ? AND purged_at IS NULL",
                (now, case_id),
            )
            db.execute(
                "UPDATE records SET purged_at = ? WHERE case_id = ? AND kind = 'supplement'",
                (now, case_id),
            )
        self._delete_blobs(file_ids)

    def _purge_record(self, record_id: str) -> None:
        with self._write("记录清除", "清除") as db:
            row = db.execute(
                "SELECT kind, body FROM records WHERE id = ? AND purged_at IS NULL", (record_id,)
            ).fetchone()
            if row is None:
                return
            body = redacted(row[0], json.loads(self._sealer.open("record", row[1], record_id)))
            db.execute(
                "UPDATE records SET body = ?, purged_at = ? WHERE id = ?",
                (
                    self._sealer.seal("record", json.dumps(body).encode(), record_id),
                    _now_iso(),
                    record_id,
                ),
            )

    def _delete_blobs(self, file_ids: list[str]) -> None:
        for file_id in file_ids:
            with suppress(FileNotFoundError):
                self._blob_path(file_id).unlink()
        if file_ids:
            fsync_dir(self.files_dir)

    def is_purged(self, case_id: str) -> bool:
        with self._read("办件") as db:
            row = db.execute("SELECT purged_at FROM cases WHERE id = ?", (case_id,)).fetchone()
        return bool(row and row[0])


def _path(frm: CaseState, to: CaseState) -> list[CaseState]:
    """The shortest chain of allowed transitions from ``frm`` to ``to`` ([] if none)."""
    if frm is to:
        return []
    seen = {frm}
    queue: list[tuple[CaseState, list[CaseState]]] = [(frm, [])]
    while queue:
        state, steps = queue.pop(0)
        for nxt in sorted(TRANSITIONS[state], key=lambda s: s.value):
            if nxt in seen:
                continue
            if nxt is to:
                return [*steps, nxt]
            seen.add(nxt)
            queue.append((nxt, [*steps, nxt]))
    return []
