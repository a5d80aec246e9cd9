"""The local store's database: opening, per-thread connections, transactions, checks.

``StoreDatabase`` is the base the store's parts (sync.store.cases, .files,
.outbox, ...) build on: it opens ``onewindow.db`` (WAL, synchronous=FULL),
moves a damaged one aside, starts afresh and salvages what the damaged file
still holds (sync.store.salvage), runs the migrations of
sync.store.schema, checks the database belongs to this device key, and
gives each part ``_write`` (one BEGIN IMMEDIATE transaction) and ``_read``.

Opening runs ``PRAGMA quick_check`` (linear in the file, no index
cross-check); the full ``PRAGMA integrity_check`` grows with the data, so it
runs at most once a day through ``full_check`` (the sync worker calls it),
which records when it ran in ``meta``. A problem it finds is recorded too,
and the next open then runs the full check before trusting the file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from core.case_seal import DeviceSigner
from core.crypto import Sealer, fsync_dir, load_or_create_key
from core.errors import StorageError
from core.i18n import N_
from core.messages import Words, to_stored
from sync.store.errors import storage_error
from sync.store.schema import MIGRATIONS

if TYPE_CHECKING:
    from sync.store.salvage import SalvageResult

log = logging.getLogger("sync.store")

DB_NAME = "onewindow.db"
KEY_NAME = "device.key"

# How often the full integrity check runs (``full_check``); opening only runs quick_check.
FULL_CHECK_EVERY = dt.timedelta(days=1)

# Use with fullmatch: "^...$" with match lets "<id>\n" through as a file name.
ID_RE = re.compile(r"[0-9a-fA-F-]{8,64}")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def check_data_dir(path: Path) -> None:
    """``path`` is (made) a folder this user can write; StorageError with the path if not."""
    if path.exists() and not path.is_dir():
        raise StorageError("storage.data_dir_not_dir", path=str(path))
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise StorageError("storage.data_dir_readonly", path=str(path), why=why) from None


class StoreDatabase:
    """The SQLite file under the store, its connections and transactions.

    Any thread may call any method: each thread gets its own SQLite
    connection, and every write runs in a ``BEGIN IMMEDIATE`` transaction, so
    the GUI thread (submitting) and the sync worker thread (draining) never
    see each other's half-done work. Errors come out as ``StorageError``.
    """

    def seal(self, purpose: str, plaintext: bytes, record_id: str) -> bytes:
        """``plaintext`` encrypted under this device's key, for a file kept beside the
        database (e.g. the staff sign-in cache); ``unseal`` opens it."""
        return self._sealer.seal(purpose, plaintext, record_id)

    def unseal(self, purpose: str, blob: bytes, record_id: str) -> bytes:
        return self._sealer.open(purpose, blob, record_id)

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.files_dir = self.data_dir / "files"
        self.db_path = self.data_dir / DB_NAME
        check_data_dir(self.data_dir)
        key_path = self.data_dir / KEY_NAME
        if not key_path.exists() and self._has_database():
            # A lost key is not a damaged database: a new key would make every
            # saved case unreadable and set the intact file aside. Stop instead.
            raise StorageError("storage.key_missing", path=str(key_path), db=str(self.db_path))
        try:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            key, created = load_or_create_key(key_path)
        except OSError as exc:
            raise storage_error(exc, "设备密钥", "创建") from exc
        if created:
            log.info("new device key created in %s", self.data_dir)
        self._sealer = Sealer(key)
        try:
            self.signer = DeviceSigner.load_or_create(self.data_dir)  # signs submitted cases
        except OSError as exc:
            raise storage_error(exc, "签名密钥", "创建") from exc
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        self._closed = False
        # Called (no arguments, on the writing thread) after a commit that queued outbox
        # work: the sync worker's local wake-up (it may be in a long poll).
        self._outbox_listeners: list[Callable[[], None]] = []
        self.recovered_from: Path | None = None
        self.recovered_reason = ""  # core.messages.Words once a damaged file was moved aside

        problem = self._health_problem()
        if problem:
            self._move_aside(problem)
        self._migrate()
        if not self._key_matches():
            self._close_connections()
            self._move_aside(Words("store.damaged.key_mismatch"))
            self._migrate()
            self._key_matches()
        self.salvaged: list[SalvageResult] = []
        self._salvage_aside()

    def _has_database(self) -> bool:
        """A real SQLite file is there (an empty or garbage file is damage, not data)."""
        try:
            with open(self.db_path, "rb") as fh:
                return fh.read(16) == b"SQLite format 3\x00"
        except OSError:
            return False

    # ------------------------------------------------------------------ connections

    @property
    def db(self) -> Database:
        """The calling thread's connection as a sqlite-utils Database."""
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            if self._closed:
                raise StorageError("store.closed")
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

    def add_outbox_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after each commit that queued work (a case, a record, an
        entry retried by staff), on the committing thread; it must be quick."""
        self._outbox_listeners.append(listener)

    def remove_outbox_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._outbox_listeners:
            self._outbox_listeners.remove(listener)

    def _queued_work(self) -> None:
        """Inside a write transaction: it queues outbox work (listeners hear after COMMIT)."""
        self._local.queued = True

    def _tell_outbox_listeners(self) -> None:
        self._local.queued = False
        for listener in list(self._outbox_listeners):
            try:
                listener()
            except Exception:
                log.exception("outbox listener failed")

    @contextmanager
    def _write(
        self, what: str, action: str = N_("保存"), *, durable: bool = True
    ) -> Iterator[Database]:
        """One BEGIN IMMEDIATE transaction; sqlite3/OS errors become StorageError.

        ``durable=False`` is for bookkeeping that may be lost in a power cut
        without harm (upload progress, a claim: the back office deduplicates
        and a lost mark only means sending again): it commits without an
        fsync (synchronous=NORMAL; the WAL keeps it atomic, and the next
        durable commit syncs it along).
        """
        db = self.db
        conn = db.conn
        try:
            if not durable:
                conn.execute("PRAGMA synchronous=NORMAL")
            try:
                conn.execute("BEGIN IMMEDIATE")
                self._local.queued = False
                try:
                    yield db
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
                if self._local.queued:
                    self._tell_outbox_listeners()
            finally:
                if not durable:
                    conn.execute("PRAGMA synchronous=FULL")
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
        """'' when the database is absent or sound, else what is wrong with it.

        quick_check always; the full integrity_check too when the last full
        check (``full_check``) found a problem.
        """
        if not self.db_path.exists():
            return ""
        with suppress(OSError):
            if self.db_path.stat().st_size == 0:  # SQLite would take it as a new database
                return Words("store.damaged.empty")
        try:
            conn = sqlite3.connect(self.db_path, timeout=15.0)
            try:
                rows = conn.execute("PRAGMA quick_check").fetchall()
                if rows == [("ok",)] and _flagged(conn):
                    rows = conn.execute("PRAGMA integrity_check").fetchall()
                    if rows == [("ok",)]:  # sound after all: back to the quick check
                        with conn:
                            conn.execute("DELETE FROM meta WHERE key = 'integrity_problem'")
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if code not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                # Locked, no permission, I/O error: not damage. Never move a good file aside.
                raise storage_error(exc, "本地数据库", "打开") from exc
            return Words(
                "store.damaged.unreadable", error=getattr(exc, "sqlite_errorname", "") or str(exc)
            )
        if rows != [("ok",)]:
            return Words("store.damaged.integrity", count=len(rows))
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

    def _salvage_aside(self) -> None:
        """Bring what each damaged file set aside still holds into this database.

        Every ``onewindow.db.damaged-*`` not yet salvaged (its name in
        ``meta``), so a start that died mid-salvage, or a file set aside by an
        older version, is salvaged at the next start. One transaction per
        file, with the mark that it was done. A failure (disk full for the
        copy) is logged and tried again at the next start.
        """
        from sync.store.salvage import salvage

        prefixes = self._receipt_prefixes()
        for aside in sorted(self.data_dir.glob(f"{DB_NAME}.damaged-*")):
            if aside.name.endswith(("-wal", "-shm", "-journal")):
                continue
            mark = f"salvaged:{aside.name}"
            with self._read("损坏数据库中的办件") as db:
                if db.execute("SELECT 1 FROM meta WHERE key = ?", (mark,)).fetchone():
                    continue
            try:
                with self._write("损坏数据库中的办件", "恢复") as db:
                    # Again under the write lock: another process may have just done it.
                    if db.execute("SELECT 1 FROM meta WHERE key = ?", (mark,)).fetchone():
                        continue
                    got = salvage(
                        aside,
                        self.data_dir / f".salvage-{aside.name}",
                        db.conn,
                        self._sealer,
                        self.files_dir,
                        prefixes,
                    )
                    db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (mark, now_iso()))
            except (StorageError, OSError) as exc:
                log.error(
                    "salvage of %s failed (%s); tried again at the next start",
                    aside.name,
                    type(exc).__name__,
                )
                continue
            self.salvaged.append(got)
            log.warning(
                "salvaged from %s: %d case(s), %d record(s), %d outbox entr(ies), %d file(s);"
                " %d item(s) could not be salvaged",
                aside.name,
                got.cases,
                got.records,
                got.entries,
                got.files,
                len(got.unsalvaged),
            )

    def _receipt_prefixes(self) -> set[tuple[str, str]]:
        """(hall, device) of the receipt sequences in receipt_seq.json (for salvage)."""
        try:
            marks = json.loads((self.data_dir / "receipt_seq.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        if not isinstance(marks, dict):
            return set()
        out: set[tuple[str, str]] = set()
        for key in marks:
            parts = str(key).split("/")
            if len(parts) == 3:
                out.add((parts[0], parts[1]))
        return out

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
                raise StorageError("store.newer_schema", version=current)
            for version in range(current + 1, len(MIGRATIONS) + 1):
                with self._write("数据库结构", "升级"):
                    again = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
                    if (again or 0) >= version:  # another process got there first
                        continue
                    MIGRATIONS[version - 1](db)
                    db.execute(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                        (version, now_iso()),
                    )
                log.info("local database migrated to schema version %d", version)
        except sqlite3.Error as exc:
            raise storage_error(exc, "本地数据库", "打开") from exc

    def schema_version(self) -> int:
        with self._read("数据库版本") as db:
            row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _key_matches(self) -> bool:
        """Does the database belong to this device key? Also names the database file.

        ``store_id`` (random, made once per database file) tells this file's
        receipt reservations from those of a file moved aside (sync.store.receipts).
        """
        check = self._sealer.key_check()
        with self._write("设备密钥校验值") as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('store_id', ?) ON CONFLICT (key) DO NOTHING",
                (uuid.uuid4().hex,),
            )
            row = db.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta (key, value) VALUES ('key_check', ?)", (check,))
                return True
        return row[0] == check

    # ------------------------------------------------------------------ scheduled check

    def full_check(
        self, every: dt.timedelta = FULL_CHECK_EVERY, now: dt.datetime | None = None
    ) -> str | None:
        """Run the full ``PRAGMA integrity_check`` if the last one is older than ``every``.

        Returns None when it was not due, "" when the database is sound, else
        the problem (also logged, and recorded so that the next open checks
        fully and moves a damaged file aside). The check reads a snapshot:
        writers on other threads carry on meanwhile.
        """
        now = now or dt.datetime.now(dt.UTC)
        with self._read("完整性检查") as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'integrity_checked_at'").fetchone()
        if row is not None:
            with suppress(ValueError):
                if now - dt.datetime.fromisoformat(row[0]) < every:
                    return None
        with self._read("完整性检查") as db:
            rows = db.execute("PRAGMA integrity_check").fetchall()
        problem = "" if rows == [("ok",)] else Words("store.damaged.integrity", count=len(rows))
        with self._write("完整性检查") as db:
            db.conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [
                    ("integrity_checked_at", now.isoformat(timespec="milliseconds")),
                    ("integrity_problem", to_stored(problem)),
                ],
            )
        if problem:
            log.error("local database: full integrity check failed (%d problem(s))", len(rows))
        else:
            log.info("local database: full integrity check ok")
        return problem


def _flagged(conn: sqlite3.Connection) -> bool:
    """Did the last full check find a problem? (False when there is no meta table yet.)"""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'integrity_problem'").fetchone()
    except sqlite3.OperationalError:
        return False
    return bool(row and row[0])
