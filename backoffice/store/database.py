"""Opening the back office's store: its folder, its key, its database (SQLite or PostgreSQL).

Layout of ``data_dir``::

    backoffice.db        the SQLite database (WAL, synchronous=FULL), when no URL is given
    backoffice.key       32 random bytes, mode 0600, made at first start
    audit_signing.key    the Ed25519 seed that signs audit checkpoints, 0600, likewise
    files/<id>.bin       received files, sealed
    uploads/<id>.part    tus uploads in progress, sealed chunk by chunk

The database is chosen by a URL (``database_url``, else the environment's
``ONEWINDOW_BACKOFFICE_DB``, else SQLite in ``data_dir``):

    sqlite:///PATH                          one SQLite file (the demo, tests, one hall)
    postgresql://USER[:PW]@HOST:PORT/DB     PostgreSQL through psycopg 3 and its pool

Every part of the store talks to either through the same three names, which
are all a store module needs (and all it may use):

``self._lock``
    a unit of work: ``with self._lock:`` around a check-then-act. On SQLite
    it takes the process's lock and a ``BEGIN IMMEDIATE`` transaction, so
    several processes on one file still take turns; on PostgreSQL it takes a
    pooled connection for this thread, a transaction and a transaction-scoped
    advisory lock, so several workers (processes or hosts) take turns on the
    same database. Nested units in one thread are one unit. What completed
    ``atomic()`` blocks wrote is committed when the outermost unit ends, even
    when it ends with an exception (as before: a refusal raised after a
    write, e.g. an upload discarded for a bad hash, keeps the write).
``self._db.execute(sql, params)``
    one statement with ``?`` placeholders in portable SQL (see
    docs/architecture.md); the answer is read whole (``fetchone``,
    ``fetchall``, ``rowcount``). Outside a unit it is a unit of its own.
``self._db.atomic()``
    a savepoint inside the unit (a unit of its own outside one): all of the
    block or none of it.

Unique-key violations come out as ``DuplicateKeyError`` (a ConflictError) on
both engines; migrations are Alembic's (backoffice.migrations).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import hmac
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from backoffice.store.blobs import BlobStore, LocalBlobStore, blob_root
from backoffice.store.chain import AuditSigner
from backoffice.store.errors import ConflictError
from core.crypto import Sealer, load_or_create_key

log = logging.getLogger("backoffice.store")

DB_ENV = "ONEWINDOW_BACKOFFICE_DB"
"""The environment variable naming the back office's database (a URL)."""
SQLITE_FILE = "backoffice.db"
# The advisory lock every PostgreSQL unit of work takes (any 64-bit number that
# nothing else on the database uses): "OneWinBO" as ASCII.
PG_LOCK_KEY = 0x4F6E6557696E424F
PG_POOL_MAX = int(os.environ.get("ONEWINDOW_BACKOFFICE_DB_POOL", "8"))


def now_iso() -> str:
    """The current UTC time as ISO 8601 with milliseconds (what every row records)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class DuplicateKeyError(ConflictError):
    """A row with the same unique key is there (another worker was first)."""


def redact_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (what may be printed or logged)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host += f":{parts.port}"
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def resolve_database_url(data_dir: Path, url: str | None = None) -> str:
    """The URL the store opens: ``url``, else ``$ONEWINDOW_BACKOFFICE_DB``, else the SQLite
    file in ``data_dir``. ValueError for a scheme the store cannot open."""
    url = url or os.environ.get(DB_ENV) or ""
    if not url:
        return f"sqlite:///{Path(data_dir) / SQLITE_FILE}"
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite" or scheme.startswith("postgres"):
        return url
    raise ValueError(f"unknown database URL scheme {scheme!r} (sqlite:/// or postgresql://)")


def is_postgres(url: str) -> bool:
    return url.split(":", 1)[0].lower().startswith("postgres")


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:///PATH`` URL."""
    return Path(url.split("sqlite:///", 1)[1])


def psycopg_conninfo(url: str) -> str:
    """A libpq URI from a PostgreSQL URL (``postgresql+psycopg://`` is accepted too)."""
    return "postgresql:" + url.split(":", 1)[1]


@functools.lru_cache(maxsize=1024)
def to_pyformat(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (and a literal ``%`` as ``%%``), outside quotes."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out)


class Result:
    """One statement's answer, read whole (so the connection can go back to its pool).

    Made and read by one thread.
    """

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rest, self._next = self._rows[self._next :], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


class Engine(Protocol):
    """What a database engine gives the unit of work (SQLite or PostgreSQL)."""

    url: str
    dialect: str

    def begin(self) -> Any: ...
    def end(self, conn: Any) -> None: ...
    def run(self, conn: Any, sql: str, params: Sequence[Any]) -> Result: ...
    def close(self) -> None: ...


class SqliteEngine:
    """One SQLite connection shared by the process's threads, one at a time.

    ``begin`` takes the process lock, then ``BEGIN IMMEDIATE``: the file's
    write lock, so other processes on the same file wait their turn (busy
    timeout 15 s) and a check-then-act is never interleaved. Any thread.
    """

    dialect = "sqlite"

    def __init__(self, url: str) -> None:
        self.url = url
        self._mutex = threading.RLock()
        conn = sqlite3.connect(
            sqlite_path(url), check_same_thread=False, timeout=15, isolation_level=None
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        self._conn = conn

    def begin(self) -> sqlite3.Connection:
        self._mutex.acquire()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._mutex.release()
            raise
        return self._conn

    def end(self, conn: sqlite3.Connection) -> None:
        try:
            if conn.in_transaction:
                conn.execute("COMMIT")
        finally:
            self._mutex.release()

    def run(self, conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> Result:
        try:
            cur = conn.execute(sql, tuple(params))
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc) or "PRIMARY KEY" in str(exc):
                raise DuplicateKeyError("记录已存在（另一请求先到）", None) from exc
            raise
        rows = cur.fetchall() if cur.description else []
        return Result(rows, cur.rowcount)

    def close(self) -> None:
        with self._mutex:
            self._conn.close()


class PostgresEngine:
    """PostgreSQL through a psycopg 3 connection pool; a unit holds one connection.

    ``begin`` takes a connection, opens a transaction and takes the advisory
    lock ``PG_LOCK_KEY`` for that transaction: units on every worker using the
    database take turns, as on SQLite, and the lock ends with the commit (no
    state in any process). Any thread.
    """

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg_pool

        self.url = url
        self._pool = psycopg_pool.ConnectionPool(
            psycopg_conninfo(url),
            min_size=1,
            max_size=max(PG_POOL_MAX, 2),
            kwargs={"autocommit": True},
            name="backoffice",
            open=False,
        )
        self._pool.open(wait=True, timeout=15)

    def begin(self) -> Any:
        conn = self._pool.getconn()
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK_KEY,))
        except BaseException:
            self._pool.putconn(conn)
            raise
        return conn

    def end(self, conn: Any) -> None:
        from psycopg.pq import TransactionStatus

        try:
            status = conn.info.transaction_status
            if status == TransactionStatus.INERROR:
                conn.execute("ROLLBACK")
            elif status != TransactionStatus.IDLE:
                conn.execute("COMMIT")
        finally:
            self._pool.putconn(conn)

    def run(self, conn: Any, sql: str, params: Sequence[Any]) -> Result:
        import psycopg

        try:
            cur = conn.execute(to_pyformat(sql), tuple(params))
        except psycopg.errors.UniqueViolation as exc:
            raise DuplicateKeyError("记录已存在（另一请求先到）", None) from exc
        rows = cur.fetchall() if cur.description else []
        return Result(rows, cur.rowcount)

    def close(self) -> None:
        self._pool.close()


def open_engine(url: str) -> Engine:
    return PostgresEngine(url) if is_postgres(url) else SqliteEngine(url)


class UnitOfWork:
    """``with store._lock:`` — one transaction (and the engine's lock) for this thread.

    Re-entrant per thread: a nested ``with`` joins the unit already open.
    What lies outside the database (blobs) follows the unit's outcome through
    ``after_commit`` and ``if_not_committed``. Any thread; each thread has its own unit.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._local = threading.local()

    def current(self) -> Any:
        """This thread's connection inside a unit, else None."""
        return getattr(self._local, "conn", None)

    @property
    def depth(self) -> int:
        return getattr(self._local, "depth", 0)

    def after_commit(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once this thread's unit has committed (at once outside a unit)."""
        if self.current() is None:
            fn()
        else:
            self._local.committed.append(fn)

    def if_not_committed(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` if this thread's unit fails to commit (a full disk at COMMIT)."""
        if self.current() is not None:
            self._local.failed.append(fn)

    def __enter__(self) -> UnitOfWork:
        if self.depth == 0:
            self._local.conn = self._engine.begin()
            self._local.committed, self._local.failed = [], []
        self._local.depth = self.depth + 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._local.depth -= 1
        if self._local.depth == 0:
            conn, self._local.conn = self._local.conn, None
            committed, failed = self._local.committed, self._local.failed
            self._local.committed = self._local.failed = []
            try:
                self._engine.end(conn)
            except BaseException:
                _run_all(failed)
                raise
            _run_all(committed)


def _run_all(fns: list[Callable[[], None]]) -> None:
    """Run each of ``fns``; one that fails is logged and the others still run."""
    for fn in fns:
        try:
            fn()
        except Exception as exc:  # its type only: a traceback may carry what it held
            log.warning("a step after the transaction failed (%s)", type(exc).__name__)


class Executor:
    """``store._db``: statements and savepoints inside this thread's unit of work.

    Any thread (it runs on the calling thread's unit).
    """

    def __init__(self, engine: Engine, unit: UnitOfWork) -> None:
        self._engine = engine
        self._unit = unit
        self.dialect = engine.dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        conn = self._unit.current()
        if conn is None:
            with self._unit:
                return self._engine.run(self._unit.current(), sql, params)
        return self._engine.run(conn, sql, params)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        with self._unit:
            name = f"sp{self._unit.depth}"
            conn = self._unit.current()
            self._engine.run(conn, f"SAVEPOINT {name}", ())
            try:
                yield
            except BaseException:
                self._engine.run(conn, f"ROLLBACK TO SAVEPOINT {name}", ())
                self._engine.run(conn, f"RELEASE SAVEPOINT {name}", ())
                raise
            self._engine.run(conn, f"RELEASE SAVEPOINT {name}", ())


class StoreDatabase:
    """The database, the unit of work and the sealer every part of BackofficeStore shares.

    Any thread: the HTTP server calls the store from a thread pool; units of
    work take turns (see the module's docstring). Several processes may open
    the same database (and the same ``data_dir``). Files and upload parts go
    to ``blobs`` (default: a LocalBlobStore at ``blob_root``).
    """

    def __init__(
        self, data_dir: Path, database_url: str | None = None, blobs: BlobStore | None = None
    ) -> None:
        from backoffice.migrations import migrate

        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Where files and upload parts were kept before the blob store (moved at start).
        self.files_dir = self.data_dir / "files"
        self.uploads_dir = self.data_dir / "uploads"
        self._blobs: BlobStore = blobs or LocalBlobStore(blob_root(self.data_dir))
        key, _ = load_or_create_key(self.data_dir / "backoffice.key")
        self._sealer = Sealer(key)
        # The holders' index key (backoffice.store.progress): derived, never stored apart.
        self._holder_key = hmac.new(key, b"onewindow-case-holders-v1", hashlib.sha256).digest()
        self._audit_signer = AuditSigner.load_or_create(self.data_dir)
        self.database_url = resolve_database_url(self.data_dir, database_url)
        migrate(self.database_url)
        self._engine = open_engine(self.database_url)
        self._lock = UnitOfWork(self._engine)
        self._db = Executor(self._engine, self._lock)
        self._closed = False
        self._closing = threading.Lock()
        log.info("back office store on %s", redact_url(self.database_url))

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect

    def close(self) -> None:
        with self._closing:
            if not self._closed:
                self._closed = True
                self._engine.close()
