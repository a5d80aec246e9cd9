"""The back office's schema: Alembic revisions on both engines, and SQLite files from before.

A fresh database (SQLite or PostgreSQL) comes up at the newest revision; a
SQLite file made by the code before Alembic (``schema_version`` 1–8) gets the
legacy steps it lacks, is stamped 0001 and carried on, its rows intact;
``onewindow backoffice migrate --db URL`` does it from the command line and
never prints the URL's password.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from backoffice.migrations import current_revision, head_revision, migrate
from backoffice.store import BackofficeStore
from backoffice.store.database import DB_ENV, redact_url, resolve_database_url
from backoffice.store.schema import MIGRATIONS
from core.case import CaseState
from onewindow.cli import main
from sync.store import LocalStore
from tests._backoffice_fixture import make_submitted_case
from tests._legacy_store import make_legacy_db


def test_a_new_database_stands_at_the_newest_revision(tmp_path: Path, bo_engine: str) -> None:
    bo = BackofficeStore(tmp_path / "bo")
    try:
        assert bo.dialect == bo_engine
        assert current_revision(bo.database_url) == head_revision()
        assert migrate(bo.database_url) == head_revision()  # again: nothing to do
    finally:
        bo.close()


def test_migrate_from_the_command_line_never_prints_a_password(
    tmp_path: Path, bo_engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = resolve_database_url(tmp_path / "bo")
    if bo_engine == "postgresql":  # the test server trusts any password: one is given
        url = url.replace("postgres@", "postgres:s3cret-pw@")
    assert main(["backoffice", "migrate", "--data", str(tmp_path / "bo"), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "s3cret-pw" not in out and head_revision() in out
    assert redact_url("postgresql://u:pw@h:5/db") == "postgresql://u:***@h:5/db"


@pytest.mark.sqlite_only  # a database from before Alembic is a SQLite file by definition
@pytest.mark.parametrize("steps", [8, 5])
def test_a_sqlite_file_from_before_alembic_is_carried_on(tmp_path: Path, steps: int) -> None:
    data = tmp_path / "bo"
    path = make_legacy_db(data, MIGRATIONS[:steps])
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO meta VALUES ('kept', 'yes')")
    conn.close()
    device = LocalStore(tmp_path / "device")
    bo = BackofficeStore(data)
    try:
        assert current_revision(bo.database_url) == head_revision()
        assert bo._db.execute("SELECT value FROM meta WHERE key = 'kept'").fetchone() == ("yes",)
        versions = [r[0] for r in bo._db.execute("SELECT version FROM schema_version")]
        assert versions == list(range(1, 9))  # the legacy steps it lacked, then Alembic
        case = make_submitted_case(device)
        for m in case.materials:
            for ref in m.files:
                bo.put_file(ref.id, device.read_file(ref.id), ref.sha256, owner="FS01/K01")
        assert bo.put_case(case)[0]
        bo.set_state(case.id, CaseState.ACCEPTED, actor="ann", audit_as="staff:ann")
        assert [r["id"] for r in bo.list_cases()] == [case.id]
    finally:
        bo.close()
        device.close()


@pytest.mark.sqlite_only  # as above
def test_a_sqlite_file_from_a_newer_legacy_version_is_refused(tmp_path: Path) -> None:
    path = make_legacy_db(tmp_path / "bo", MIGRATIONS[:8])
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    conn.close()
    with pytest.raises(ValueError, match="schema version 99"):
        BackofficeStore(tmp_path / "bo")


def test_the_environment_names_the_database(tmp_path: Path, bo_engine: str) -> None:
    url = resolve_database_url(tmp_path / "bo")
    assert url.startswith("postgresql://" if bo_engine == "postgresql" else "sqlite:///")
    assert (DB_ENV in os.environ) == (bo_engine == "postgresql")
    with pytest.raises(ValueError, match="scheme"):
        resolve_database_url(tmp_path, "mysql://x@y/z")
