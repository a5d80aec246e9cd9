"""Opening the back office's store: its folder, its key, its SQLite connection, migrations.

Layout of ``data_dir``::

    backoffice.db        the database (WAL, synchronous=FULL)
    backoffice.key       32 random bytes, mode 0600, made at first start
    audit_signing.key    the Ed25519 seed that signs audit checkpoints, 0600, likewise
    files/<id>.bin       received files, sealed
    uploads/<id>.part    tus uploads in progress, sealed chunk by chunk
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

from sqlite_utils import Database

from backoffice.store.chain import AuditSigner
from backoffice.store.schema import MIGRATIONS
from core.crypto import Sealer, load_or_create_key


def now_iso() -> str:
    """The current UTC time as ISO 8601 with milliseconds (what every row records)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class StoreDatabase:
    """The connection, the lock and the sealer every part of BackofficeStore shares.

    Thread-safe: the HTTP server calls the store from a thread pool; one
    re-entrant lock serialises access to the single SQLite connection.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.files_dir = self.data_dir / "files"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self.uploads_dir = self.data_dir / "uploads"
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        key, _ = load_or_create_key(self.data_dir / "backoffice.key")
        self._sealer = Sealer(key)
        self._audit_signer = AuditSigner.load_or_create(self.data_dir)
        self._lock = threading.RLock()
        conn = sqlite3.connect(self.data_dir / "backoffice.db", check_same_thread=False, timeout=15)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        self._conn = conn
        self._db = Database(conn, execute_plugins=False, recursive_triggers=False)
        self._closed = False
        self._migrate()

    def _migrate(self) -> None:
        with self._lock, self._db.atomic():
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS schema_version"
                " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            current = self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            for version in range((current or 0) + 1, len(MIGRATIONS) + 1):
                MIGRATIONS[version - 1](self._db)
                self._db.execute("INSERT INTO schema_version VALUES (?, ?)", (version, now_iso()))

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
