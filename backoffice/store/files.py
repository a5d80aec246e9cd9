"""Received files: kept once by id and SHA-256, sealed under ``files/``, read back checked.

Keeping a file is one step for the outside: its bytes are written, fsynced and
renamed into place first (``_place_file``), and only then is its row committed
(``put_file``), in the same transaction that ends its tus upload. A crash or a
full disk in between leaves a file without a row, which nobody counts and the
next start sweeps away; it never leaves a row without its file.

Each file has an owner, the device that sent it (``owner_key``): another
device is told there is no such file, and may not name it in a case.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from backoffice.store.database import DuplicateKeyError, StoreDatabase, now_iso
from backoffice.store.errors import (
    BackofficeStoreError,
    ConflictError,
    InvalidError,
    NotFoundError,
)
from core.crypto import fsync_dir

log = logging.getLogger("backoffice.store")

# What a file id may be before it names a file on disk; the routes ask for a UUID.
# fullmatch, never match: "^...$" lets "<id>\n" through and names a file "<id>\n.bin".
FILE_ID_RE = re.compile(r"[0-9a-fA-F-]{8,64}")
# The errors that mean "no room": the client should retry once space is freed.
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class StorageFullError(BackofficeStoreError):
    """The back office's disk is full: nothing was kept; the same request may be retried."""


def check_file_id(file_id: str) -> str:
    """``file_id`` if it can name a file under ``files/`` or ``uploads/``, else InvalidError."""
    if not FILE_ID_RE.fullmatch(file_id):
        raise InvalidError("文件编号无效", {"file_id": file_id[:80]})
    return file_id


def owner_key(device: dict[str, str] | None) -> str:
    """Who owns what a caller uploads: ``"<hall>/<device>"`` of an enrolled device, else ``""``.

    Hall and device (not the enrolment's row id), so a device enrolled again
    keeps its unfinished uploads and a case (whose hall and device the token
    fixes) can be matched to its files. ``""`` is every caller without a
    device identity (open access, a shared operator token). Rows made before
    owners existed have none (NULL) and stay open to all.
    """
    return f"{device['hall_code']}/{device['device_code']}" if device else ""


def may_use(row_owner: str | None, owner: str | None) -> bool:
    """Whether ``owner`` may see an upload or file owned by ``row_owner`` (None: the store
    itself, or a row from before owners)."""
    return owner is None or row_owner is None or row_owner == owner


def counts_for_sender(row_owner: str | None, hall_code: str, device_code: str) -> bool:
    """Whether a case or record sent as hall/device may name a file owned by ``row_owner``:
    that device's own, or one from a caller without a device identity (or before owners)."""
    return row_owner in (None, "", f"{hall_code}/{device_code}")


def older_than(path: Path, seconds: float) -> bool:
    """Whether ``path`` was last written at least ``seconds`` ago (gone counts as old)."""
    if seconds <= 0:
        return True
    try:
        return time.time() - path.stat().st_mtime >= seconds
    except FileNotFoundError:
        return True


def missing_for_sender(db: Any, refs: Iterable[Any], hall_code: str, device_code: str) -> list[str]:
    """Ids of the files ``refs`` (FileRef) names that a record sent as hall/device may
    not count: not kept, another hash, or another device's (``counts_for_sender``).
    The caller holds the store's lock."""
    missing = []
    for ref in refs:
        row = db.execute("SELECT sha256, owner FROM files WHERE id = ?", (ref.id,)).fetchone()
        if (
            row is None
            or row[0] != ref.sha256
            or not counts_for_sender(row[1], hall_code, device_code)
        ):
            missing.append(ref.id)
    return missing


def full_error(exc: BaseException) -> StorageFullError | None:
    """A StorageFullError when ``exc`` says the disk (or the database) is full, else None."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return StorageFullError("后台磁盘空间不足，请稍后重试", {"retry": True})
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
        return StorageFullError("后台磁盘空间不足，请稍后重试", {"retry": True})
    pg_errors = sys.modules.get("psycopg.errors")  # loaded only when PostgreSQL is used
    if pg_errors is not None and isinstance(exc, pg_errors.DiskFull):
        return StorageFullError("后台磁盘空间不足，请稍后重试", {"retry": True})
    return None


class FileStore(StoreDatabase):
    """Files received whole (or finished by a tus upload); part of BackofficeStore. Any thread."""

    def _file_path(self, file_id: str) -> Path:
        return self.files_dir / f"{check_file_id(file_id)}.bin"

    def put_file(
        self,
        file_id: str,
        data: bytes,
        sha256: str,
        *,
        finishes_upload: bool = False,
        owner: str | None = "",
    ) -> bool:
        """Keep a file whose hash the caller checked. True when new, False when a repeat.

        This is the one place a file is kept (a tus upload's last chunk ends
        here too). NotFoundError when another owner holds the id (nothing more
        is said about it); ConflictError when the id is known with another hash;
        StorageFullError when the disk is full (nothing kept). With
        ``finishes_upload`` the file's tus upload row goes in the same commit
        as the file's row, so an upload is never complete without its file.
        """
        check_file_id(file_id)
        with self._lock:
            row = self._db.execute(
                "SELECT sha256, owner FROM files WHERE id = ?", (file_id,)
            ).fetchone()
            if row is not None:
                if not may_use(row[1], owner):
                    raise NotFoundError(f"没有文件 {file_id}", {"file_id": file_id})
                if row[0] == sha256:
                    return False
                raise ConflictError(
                    f"文件 {file_id} 已以不同内容上传过",
                    {"file_id": file_id, "sha256": row[0]},
                )
            path = self._place_file(file_id, data)
            try:
                with self._db.atomic():
                    self._db.execute(
                        "INSERT INTO files (id, sha256, size, received_at, owner)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (file_id, sha256, len(data), now_iso(), owner),
                    )
                    if finishes_upload:
                        self._db.execute("DELETE FROM uploads WHERE id = ?", (file_id,))
            except DuplicateKeyError:
                raise  # never: the unit of work holds the database's lock since the check
            except Exception as exc:
                path.unlink(missing_ok=True)  # a file without its row counts for nothing
                if (full := full_error(exc)) is not None:
                    raise full from None
                raise
        log.info("file %s received (%d bytes)", file_id, len(data))
        return True

    def _place_file(self, file_id: str, data: bytes) -> Path:
        """Write the sealed file, fsync it and rename it into place; its row comes after.

        StorageFullError when the disk is full (the temporary file is removed).
        """
        path = self._file_path(file_id)
        tmp = path.with_suffix(".tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(self._sealer.seal("file", data, file_id))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            fsync_dir(self.files_dir)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if (full := full_error(exc)) is not None:
                raise full from None
            raise
        return path

    def file_info(self, file_id: str, owner: str | None = None) -> dict[str, Any] | None:
        """{"id", "sha256", "size", "received_at"} of a file, or None (also when
        ``owner`` is given and the file is someone else's)."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, sha256, size, received_at, owner FROM files WHERE id = ?", (file_id,)
            ).fetchone()
        if row is None or not may_use(row[4], owner):
            return None
        return dict(zip(("id", "sha256", "size", "received_at"), row[:4], strict=True))

    def read_file(self, file_id: str) -> bytes:
        """The file as received; NotFoundError when unknown, ValueError when altered."""
        info = self.file_info(file_id)
        if info is None:
            raise NotFoundError(f"没有文件 {file_id}")
        data = self._sealer.open("file", self._file_path(file_id).read_bytes(), file_id)
        if hashlib.sha256(data).hexdigest() != info["sha256"]:
            raise ValueError(f"file {file_id} does not match its hash")
        return data

    def _sweep_files(self, min_age_s: float = 0.0) -> int:
        """At start: remove ``files/`` leftovers (``.tmp``, a ``.bin`` without its row)
        last written at least ``min_age_s`` ago."""
        with self._lock:
            known = {r[0] for r in self._db.execute("SELECT id FROM files").fetchall()}
            removed = 0
            for path in self.files_dir.iterdir():
                kept = path.suffix == ".bin" and path.stem in known
                if not kept and path.is_file() and older_than(path, min_age_s):
                    path.unlink(missing_ok=True)
                    removed += 1
        if removed:
            log.info("removed %d unfinished file(s) left by an interrupted run", removed)
        return removed
