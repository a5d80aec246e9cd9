"""The back office database's migrations (Alembic), for SQLite and PostgreSQL alike.

``migrate(url)`` brings a database to the newest revision; the store calls it
at every start (``onewindow backoffice migrate`` does only that). Alembic runs
over a SQLAlchemy engine made for that moment only (``sqlite:///…`` or
``postgresql+psycopg://…``); the store itself talks to the database without
SQLAlchemy (backoffice.store.database).

Adding a schema change is one new file in ``versions/``: copy the newest one,
give it the next number as ``revision`` and the newest's as ``down_revision``,
and write its ``upgrade`` with ``op``/``sa`` so it is the same on both engines
(columns of Text, BigInteger or LargeBinary; ``op.batch_alter_table`` for what
SQLite cannot ALTER). Never edit a revision that has shipped.

A SQLite database from before Alembic (its table ``schema_version`` counting
backoffice.store.schema's steps) first gets the legacy steps it lacks, up to
the newest step a revision stands for (``LEGACY_STAMPS``), and is stamped with
that revision; Alembic carries on from there.

Several processes may start at once: on PostgreSQL they take turns on an
advisory lock, on SQLite on a lock file beside the database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

HERE = Path(__file__).resolve().parent
LEGACY_STAMPS = {8: "0001"}
"""schema_version of a pre-Alembic SQLite database → the revision it then stands at.
The legacy steps up to the smallest key at or above its version are run first."""
_MIGRATE_LOCK_KEY = 0x4F6E6557696E4D47  # "OneWinMG": PostgreSQL advisory lock for migrating


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy URL of a store URL (``postgresql://`` → ``postgresql+psycopg://``)."""
    scheme, rest = url.split(":", 1)
    if scheme.lower().startswith("postgres"):
        return "postgresql+psycopg:" + rest
    return url


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(url: str) -> str | None:
    """The revision the database stands at (None: not migrated by Alembic)."""
    import sqlalchemy as sa

    engine = sa.create_engine(sqlalchemy_url(url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


@contextlib.contextmanager
def _sqlite_turn(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".migrate-lock"), "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _legacy_bridge(path: Path) -> str | None:
    """Run the legacy steps a pre-Alembic SQLite file lacks; the revision to stamp, or None
    (no such file, or Alembic's already)."""
    if not path.exists():
        return None
    from sqlite_utils import Database

    from backoffice.store.schema import MIGRATIONS

    conn = sqlite3.connect(path, isolation_level=None, timeout=15)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" in tables or "schema_version" not in tables:
            return None
        current = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        targets = [v for v in sorted(LEGACY_STAMPS) if v >= current]
        if not targets:
            raise ValueError(
                f"{path}: schema version {current} has no Alembic revision (LEGACY_STAMPS)"
            )
        target = targets[0]
        db = Database(conn, execute_plugins=False, recursive_triggers=False)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for version in range(current + 1, target + 1):
                MIGRATIONS[version - 1](db)
                conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, _now()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return LEGACY_STAMPS[target]
    finally:
        conn.close()


def migrate(url: str, revision: str = "head") -> str:
    """Bring the database at ``url`` (a store URL) to ``revision``; the revision it is at."""
    import sqlalchemy as sa

    from backoffice.store.database import is_postgres, sqlite_path

    turn: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    stamp = None
    if not is_postgres(url):
        turn = _sqlite_turn(sqlite_path(url))
    engine = sa.create_engine(sqlalchemy_url(url), poolclass=sa.pool.NullPool)
    try:
        with turn:
            if not is_postgres(url):
                stamp = _legacy_bridge(sqlite_path(url))
            with engine.begin() as conn:
                if is_postgres(url):
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATE_LOCK_KEY})")
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                if stamp is not None:
                    command.stamp(cfg, stamp)
                command.upgrade(cfg, revision)
                return MigrationContext.configure(conn).get_current_revision() or ""
    finally:
        engine.dispose()
