"""Reading a damaged SQLite file as far as it still reads: rows, index entries, raw bytes.

``DamagedFile`` opens a private copy of a database that was set aside as
damaged and reads it with SQLite itself, table by table and row by row in
rowid order. A damaged page costs only the rows on it: when a scan raises,
single rowids are probed past the damage and the scan resumes at the next row
that reads. Text that is not UTF-8 (a garbled page) comes back with
replacement characters, never an exception, so the caller's checks decide.
``receipt_numbers`` also looks for receipt numbers in the file's raw bytes
(index pages, pages SQLite refuses to read), so a number printed on a receipt
is known even when its row no longer reads.

Used only by sync.store.salvage while the store opens, on the opening thread.
Never logs what it reads.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

# Rowids probed one by one past a damaged page when the table's last rowid is unreadable.
PROBE_SPAN = 20_000
_CHUNK = 8 << 20  # raw bytes read at a time when looking for receipt numbers


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class DamagedFile:
    """A private copy of a damaged database, read tolerantly. One thread (the opener's).

    The copy (``<work>`` plus its -wal) keeps the set-aside file exactly as it
    was found, for a specialist; ``close`` deletes the copy.
    """

    def __init__(self, source: Path, work: Path) -> None:
        self.source = source
        self.work = work
        self._remove_copy()  # a copy left by a start that died must not lend its -wal
        for suffix in ("", "-wal"):
            src = Path(f"{source}{suffix}")
            if src.exists():
                shutil.copyfile(src, Path(f"{work}{suffix}"))
        self.conn = sqlite3.connect(work)
        self.conn.text_factory = lambda b: b.decode("utf-8", "replace")
        self.damaged_reads = 0
        self.columns: dict[str, list[str]] = {}
        self.indexes: dict[str, tuple[str, list[str]]] = {}  # name -> (table, columns)
        self._read_schema()

    def close(self) -> None:
        with suppress(sqlite3.Error):
            self.conn.close()
        self._remove_copy()

    def _remove_copy(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with suppress(OSError):
                Path(f"{self.work}{suffix}").unlink()

    @property
    def readable(self) -> bool:
        """Did SQLite read the schema at all (False: a 0-byte file, garbage, page 1 lost)?"""
        return bool(self.columns)

    def _read_schema(self) -> None:
        try:
            rows = self.conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
        except sqlite3.DatabaseError:
            return
        for kind, name, table in rows:
            try:
                if kind == "table":
                    info = self.conn.execute(f"PRAGMA table_info({_q(name)})").fetchall()
                    self.columns[name] = [str(r[1]) for r in info]
                elif kind == "index":
                    info = self.conn.execute(f"PRAGMA index_info({_q(name)})").fetchall()
                    self.indexes[name] = (table, [str(r[2]) for r in info])
            except sqlite3.DatabaseError:
                continue

    # ------------------------------------------------------------------ rows

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """Every row of ``table`` that still reads, as {column: value}, in rowid order."""
        cols = self.columns.get(table)
        if not cols:
            return
        sel = ", ".join(_q(c) for c in cols)
        scan = f"SELECT rowid, {sel} FROM {_q(table)} NOT INDEXED WHERE rowid > ? ORDER BY rowid"
        one = f"SELECT rowid, {sel} FROM {_q(table)} NOT INDEXED WHERE rowid = ?"
        top = self._top(table)
        last = 0
        while True:
            try:
                for row in self.conn.execute(scan, (last,)):
                    last = row[0]
                    yield dict(zip(cols, row[1:], strict=True))
                return
            except sqlite3.DatabaseError:
                self.damaged_reads += 1
            found = self._probe(one, last, top)
            if found is None:
                return
            last = found[0]
            yield dict(zip(cols, found[1:], strict=True))

    def _top(self, table: str) -> int | None:
        try:
            row = self.conn.execute(f"SELECT max(rowid) FROM {_q(table)}").fetchone()
        except sqlite3.DatabaseError:
            return None
        return int(row[0]) if row and row[0] is not None else None

    def _probe(self, sql: str, last: int, top: int | None) -> tuple | None:
        """The first row after ``last`` that reads, probing rowid by rowid (None: none)."""
        end = top if top is not None and top > last else last + PROBE_SPAN
        for rowid in range(last + 1, end + 1):
            try:
                row = self.conn.execute(sql, (rowid,)).fetchone()
            except sqlite3.DatabaseError:
                continue
            if row is not None:
                return tuple(row)
        return None

    def index_values(self, table: str, column: str) -> dict[int, str]:
        """rowid -> value from an index on ``table.column`` alone (as far as it reads).

        The index is a second copy of the column: it still tells a case's
        receipt number (or id) when the page holding the case's row is lost.
        """
        out: dict[int, str] = {}
        for name, (tbl, cols) in self.indexes.items():
            if tbl != table or cols != [column]:
                continue
            sql = (
                f"SELECT rowid, {_q(column)} FROM {_q(table)} INDEXED BY {_q(name)}"
                f" WHERE {_q(column)} > ? ORDER BY {_q(column)}"
            )
            try:
                for rowid, value in self.conn.execute(sql, ("",)):
                    if isinstance(value, str):
                        out[int(rowid)] = value
            except sqlite3.DatabaseError:
                self.damaged_reads += 1
        return out

    # ------------------------------------------------------------------ raw bytes

    def receipt_numbers(self, prefixes: set[tuple[str, str]]) -> tuple[set[str], dict[str, str]]:
        """Receipt numbers of the (hall, device) ``prefixes`` anywhere in the raw bytes.

        Also case id -> receipt number where a case row's bytes still show both
        side by side (its first two columns), though SQLite no longer reads the
        page. Restricted to known prefixes: in raw pages a number sits next to
        other ASCII, and a looser pattern would glue the neighbours on.
        """
        if not prefixes:
            return set(), {}
        alts = b"|".join(
            re.escape(f"{hall}-{device}-".encode()) for hall, device in sorted(prefixes)
        )
        pattern = re.compile(
            rb"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?"
            rb"(?P<no>(?:" + alts + rb")(?:19|20)\d{6}-\d{4})"
        )
        found: set[str] = set()
        pairs: dict[str, str] = {}
        for suffix in ("", "-wal"):
            path = Path(f"{self.work}{suffix}")
            with suppress(OSError), open(path, "rb") as fh:
                tail = b""
                while chunk := fh.read(_CHUNK):
                    data = tail + chunk
                    for m in pattern.finditer(data):
                        number = m.group("no").decode("ascii")
                        found.add(number)
                        if m.group("id"):
                            pairs.setdefault(m.group("id").decode("ascii"), number)
                    tail = data[-96:]
        return found, pairs
