"""A back-office SQLite database as the code before Alembic made it (tests only).

``make_legacy_db`` runs backoffice.store.schema's steps the way
``StoreDatabase._migrate`` did until Alembic took over: a ``schema_version``
table counting them, each step and its row in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlite_utils import Database


def make_legacy_db(data_dir: Path, steps: Sequence[Callable[[Database], None]]) -> Path:
    """``data_dir``/backoffice.db after ``steps`` (the first N legacy migrations)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "backoffice.db"
    conn = sqlite3.connect(path)
    db = Database(conn, execute_plugins=False, recursive_triggers=False)
    with conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version"
            " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        for version, step in enumerate(steps, 1):
            step(db)
            conn.execute("INSERT INTO schema_version VALUES (?, 'then')", (version,))
    conn.close()
    return path
