"""Received files: kept once by id and SHA-256, sealed in the blob store, read back checked.

Keeping a file is one step for the outside: its sealed bytes go to the blob
store first (backoffice.store.blobs: written, fsynced, renamed into place),
and only then is its row committed (``put_file``) naming that blob, in the
same transaction that ends its tus upload. A crash or a full disk in between
leaves a blob no row names, which nobody counts and the next start sweeps
away; it never leaves a row without its blob.

Files kept before the blob store (``files/<id>.bin``, ``files.blob`` NULL) are
still read there, and moved into the blob store at the next start.

Each file has an owner, the device that sent it (``owner_key``): another
device is told there is no such file, and may not name it in a case.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import re
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from backoffice.store.blobs import SWEEP_BATCH, older_than
from backoffice.store.database import DuplicateKeyError, StoreDatabase, now_iso
from backoffice.store.errors import (
    BackofficeStoreError,
    ConflictError,
    InvalidError,
    NotFoundError,
)

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

    def _legacy_file_path(self, file_id: str) -> Path:
        """Where a file kept before the blob store lies (``files.blob`` NULL)."""
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
        ``finishes_upload`` the file's tus upload (its row and its parts' rows)
        goes in the same commit as the file's row, so an upload is never
        complete without its file.
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
            key = self._keep_blob(self._sealer.seal("file", data, file_id))
            self._lock.if_not_committed(lambda: self._blobs.delete(key))
            try:
                with self._db.atomic():
                    self._db.execute(
                        "INSERT INTO files (id, sha256, size, received_at, owner, blob)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (file_id, sha256, len(data), now_iso(), owner, key),
                    )
                    if finishes_upload:
                        self._db.execute("DELETE FROM uploads WHERE id = ?", (file_id,))
                        self._db.execute("DELETE FROM upload_parts WHERE upload_id = ?", (file_id,))
            except DuplicateKeyError:
                raise  # never: the unit of work holds the database's lock since the check
            except Exception as exc:
                self._blobs.delete(key)  # a blob without its row counts for nothing
                if (full := full_error(exc)) is not None:
                    raise full from None
                raise
        log.info("file %s received (%d bytes)", file_id, len(data))
        return True

    def _keep_blob(self, sealed: bytes) -> str:
        """Put sealed bytes in the blob store; its key. StorageFullError when the disk is full."""
        try:
            return self._blobs.put(sealed)
        except OSError as exc:
            if (full := full_error(exc)) is not None:
                raise full from None
            raise

    def _forget_blobs(self, keys: Iterable[str]) -> None:
        """Once this unit of work commits, remove those of ``keys`` no file or upload part
        names (a failed commit keeps them: their rows are still there)."""
        keys = list(keys)
        if keys:
            self._lock.after_commit(lambda: self._remove_unnamed(keys))

    def _remove_unnamed(self, keys: list[str]) -> None:
        for key in set(keys) - self._blobs_in_use(keys):
            self._blobs.delete(key)

    def _blobs_named(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` a file or an upload part names. The caller holds the lock."""
        marks = ", ".join("?" * len(keys))
        rows = self._db.execute(
            f"SELECT blob FROM files WHERE blob IN ({marks})"
            f" UNION SELECT blob FROM upload_parts WHERE blob IN ({marks})",
            (*keys, *keys),
        ).fetchall()
        return {r[0] for r in rows}

    def _blobs_in_use(self, keys: list[str]) -> set[str]:
        """``_blobs_named`` in a unit of work of its own (the blob store's sweep asks it)."""
        with self._lock:
            return self._blobs_named(keys)

    def unnamed_blobs(self) -> int:
        """How many blobs no file or upload part names (what the next start's sweep removes)."""
        count = 0
        batch: list[str] = []
        for key in self._blobs.all_keys():
            batch.append(key)
            if len(batch) >= SWEEP_BATCH:
                count += len(batch) - len(self._blobs_in_use(batch))
                batch = []
        if batch:
            count += len(batch) - len(self._blobs_in_use(batch))
        return count

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
        """The file as received. NotFoundError when unknown, FileNotFoundError when its
        bytes are gone, ValueError when they were altered."""
        with self._lock:
            row = self._db.execute(
                "SELECT sha256, blob FROM files WHERE id = ?", (file_id,)
            ).fetchone()
        if row is None:
            raise NotFoundError(f"没有文件 {file_id}")
        sha256, key = row
        if key is None:
            sealed = self._legacy_file_path(file_id).read_bytes()
        else:
            sealed = self._blobs.get(key)
        data = self._sealer.open("file", sealed, file_id)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError(f"file {file_id} does not match its hash")
        return data

    def _move_legacy_files(self, batch: int = 200) -> int:
        """At start: files kept before the blob store go into it (their row names the blob,
        then the old file goes). A file whose old bytes are gone stays as it is."""
        moved = 0
        done: set[str] = set()
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT id FROM files WHERE blob IS NULL ORDER BY id LIMIT ?",
                    (batch + len(done),),
                ).fetchall()
                todo = [r[0] for r in rows if r[0] not in done]
                if not todo:
                    break
                for file_id in todo:
                    done.add(file_id)
                    path = self._legacy_file_path(file_id)
                    try:
                        sealed = path.read_bytes()
                    except FileNotFoundError:
                        continue
                    key = self._keep_blob(sealed)
                    with self._db.atomic():
                        self._db.execute("UPDATE files SET blob = ? WHERE id = ?", (key, file_id))
                    path.unlink(missing_ok=True)
                    moved += 1
        if moved:
            log.info("moved %d file(s) kept before into the blob store", moved)
        return moved

    def _sweep_files(self, min_age_s: float = 0.0) -> int:
        """At start: move files kept before the blob store into it, then remove blobs no
        row names and what is left in the old ``files/`` and ``uploads/`` folders (write
        cut short, a file without its row), last written at least ``min_age_s`` ago."""
        self._move_legacy_files()
        removed = self._blobs.sweep(self._blobs_in_use, min_age_s)
        with self._lock:
            kept = {
                r[0] for r in self._db.execute("SELECT id FROM files WHERE blob IS NULL").fetchall()
            }
            legacy_parts = {
                r[0]
                for r in self._db.execute("SELECT id FROM uploads WHERE part_bytes > 0").fetchall()
            }
            for folder, suffix, counted in (
                (self.files_dir, ".bin", kept),
                (self.uploads_dir, ".part", legacy_parts),
            ):
                if not folder.is_dir():
                    continue
                for path in folder.iterdir():
                    still = path.suffix == suffix and path.stem in counted
                    if not still and path.is_file() and older_than(path, min_age_s):
                        path.unlink(missing_ok=True)
                        removed += 1
        if removed:
            log.info("removed %d unfinished file(s) left by an interrupted run", removed)
        return removed
