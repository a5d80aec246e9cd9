"""Received files: kept once by id and SHA-256, sealed under ``files/``, read back checked."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path
from typing import Any

from backoffice.store.database import StoreDatabase, now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from core.crypto import fsync_dir

log = logging.getLogger("backoffice.store")

# What a file id may be before it names a file on disk; the routes ask for a UUID.
# fullmatch, never match: "^...$" lets "<id>\n" through and names a file "<id>\n.bin".
FILE_ID_RE = re.compile(r"[0-9a-fA-F-]{8,64}")


def check_file_id(file_id: str) -> str:
    """``file_id`` if it can name a file under ``files/`` or ``uploads/``, else InvalidError."""
    if not FILE_ID_RE.fullmatch(file_id):
        raise InvalidError("文件编号无效", {"file_id": file_id[:80]})
    return file_id


class FileStore(StoreDatabase):
    """Files received whole (or finished by a tus upload); part of BackofficeStore. Any thread."""

    def _file_path(self, file_id: str) -> Path:
        return self.files_dir / f"{check_file_id(file_id)}.bin"

    def put_file(
        self, file_id: str, data: bytes, sha256: str, *, finishes_upload: bool = False
    ) -> bool:
        """Keep a file whose hash the caller checked. True when new, False when a repeat.

        ConflictError when the id is known with another hash. With
        ``finishes_upload`` the file's tus upload row goes in the same commit.
        """
        check_file_id(file_id)
        with self._lock:
            row = self._db.execute("SELECT sha256 FROM files WHERE id = ?", (file_id,)).fetchone()
            if row is not None:
                if row[0] == sha256:
                    return False
                raise ConflictError(
                    f"文件 {file_id} 已以不同内容上传过",
                    {"file_id": file_id, "sha256": row[0]},
                )
            path = self._file_path(file_id)
            tmp = path.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                fh.write(self._sealer.seal("file", data, file_id))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            fsync_dir(self.files_dir)
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO files (id, sha256, size, received_at) VALUES (?, ?, ?, ?)",
                    (file_id, sha256, len(data), now_iso()),
                )
                if finishes_upload:
                    self._db.execute("DELETE FROM uploads WHERE id = ?", (file_id,))
        log.info("file %s received (%d bytes)", file_id, len(data))
        return True

    def file_info(self, file_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, sha256, size, received_at FROM files WHERE id = ?", (file_id,)
            ).fetchone()
        return dict(zip(("id", "sha256", "size", "received_at"), row, strict=True)) if row else None

    def read_file(self, file_id: str) -> bytes:
        """The file as received; NotFoundError when unknown, ValueError when altered."""
        info = self.file_info(file_id)
        if info is None:
            raise NotFoundError(f"没有文件 {file_id}")
        data = self._sealer.open("file", self._file_path(file_id).read_bytes(), file_id)
        if hashlib.sha256(data).hexdigest() != info["sha256"]:
            raise ValueError(f"file {file_id} does not match its hash")
        return data
