"""A real PostgreSQL for the tests, from Debian's ``postgresql`` package, in a temporary folder.

``PostgresServer`` runs ``initdb`` and ``pg_ctl`` from /usr/lib/postgresql/*/bin
on a free loopback port with trust authentication (fsync stays on: the
exactly-once tests mean it), its socket in its own folder. As root (CI) it runs
them as the ``postgres`` system user (``runuser``), since PostgreSQL refuses
root. Once started, it migrates one template database; each test gets a
fresh database copied from it (``CREATE DATABASE … TEMPLATE``: milliseconds).
No binaries: ``PostgresMissing`` names the package (the fixture fails, never
skips). Used by tests/conftest.py; one per test session.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests._backoffice_fixture import free_port

TEMPLATE = "onewindow_template"
PACKAGE_HINT = (
    "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install Debian's"
    " 'postgresql' package (apt-get install postgresql; `make bootstrap` does)."
    " The back-office tests run on PostgreSQL too and are never skipped."
)


class PostgresMissing(RuntimeError):
    """Debian's postgresql package is not installed."""


def pg_bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        raise PostgresMissing(PACKAGE_HINT)
    return Path(found[-1]).parent


class PostgresServer:
    """One PostgreSQL server for the session. ``start``/``stop`` and ``fresh_database``
    from the test process's main thread."""

    def __init__(self) -> None:
        self.bin = pg_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="onewindow-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        self._names = itertools.count(1)

    def _run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / argv[0]), *argv[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> PostgresServer:
        if self._as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
            " -c max_connections=400 -c fsync=on -c shared_buffers=32MB"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
                  "-w", "-t", "60", "start")  # fmt: skip
        self.admin(f"CREATE DATABASE {TEMPLATE}")
        from backoffice.migrations import migrate

        migrate(self.url(TEMPLATE))
        return self

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def fresh_database(self) -> str:
        """A new database with the newest schema (copied from the template); its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop(self, url: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
