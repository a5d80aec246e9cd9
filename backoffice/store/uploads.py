"""tus uploads in progress: their state in the ``uploads`` table, their bytes in ``uploads/``.

Each chunk is sealed on its own and appended to ``uploads/<id>.part`` behind
a 4-byte length; ``part_bytes`` says how far that file is valid. When the
last byte is in, the whole file is checked and kept as a received file.
"""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path
from typing import Any

from backoffice.store.database import now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from backoffice.store.files import FileStore, check_file_id


class UploadStore(FileStore):
    """Resumable (tus) uploads of files; part of BackofficeStore. Any thread."""

    def _part_path(self, file_id: str) -> Path:
        return self.uploads_dir / f"{check_file_id(file_id)}.part"

    def create_upload(
        self, file_id: str, length: int, sha256: str, first: bytes | None = None
    ) -> int:
        """Start (or find again) the upload of one file; returns its current offset.

        Idempotent by file id: the same id, length and hash give the same
        upload (a device that lost the answer to its POST carries on where it
        was); a finished file answers its full length. ConflictError when the
        id is known with another length or hash. ``first``: the file's first
        bytes sent with the creation (creation-with-upload); they count only
        while the upload stands at 0, and a whole file is kept at once.
        """
        check_file_id(file_id)
        with self._lock:
            done = self._db.execute(
                "SELECT sha256, size FROM files WHERE id = ?", (file_id,)
            ).fetchone()
            if done is not None:
                if (done[0], done[1]) != (sha256, length):
                    raise ConflictError(f"文件 {file_id} 已以不同内容上传过", {"file_id": file_id})
                return length
            row = self._db.execute(
                "SELECT length, sha256, offset FROM uploads WHERE id = ?", (file_id,)
            ).fetchone()
            if row is not None:
                if (row[0], row[1]) != (length, sha256):
                    raise ConflictError(
                        f"文件 {file_id} 的上传已以不同的长度或校验值开始", {"file_id": file_id}
                    )
                if row[2] == 0 and first:
                    return self.append_upload(file_id, 0, first)
                return int(row[2])
            if first is not None and len(first) == length:
                self._finish_upload(file_id, sha256, first)  # one request, one commit
                return length
            now = now_iso()
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO uploads (id, length, sha256, offset, part_bytes, created_at,"
                    " updated_at) VALUES (?, ?, ?, 0, 0, ?, ?)",
                    (file_id, length, sha256, now, now),
                )
            if first:
                return self.append_upload(file_id, 0, first)
        return 0

    def upload_info(self, file_id: str) -> dict[str, Any] | None:
        """{"length", "offset", "sha256"} of an upload (finished ones too), or None."""
        with self._lock:
            done = self._db.execute(
                "SELECT size, sha256 FROM files WHERE id = ?", (file_id,)
            ).fetchone()
            if done is not None:
                return {"length": done[0], "offset": done[0], "sha256": done[1]}
            row = self._db.execute(
                "SELECT length, offset, sha256 FROM uploads WHERE id = ?", (file_id,)
            ).fetchone()
        return {"length": row[0], "offset": row[1], "sha256": row[2]} if row else None

    def append_upload(self, file_id: str, offset: int, data: bytes) -> int:
        """Append ``data`` at ``offset``; returns the new offset. When the last byte is in,
        the whole file is checked against its SHA-256 and kept (``put_file``).

        NotFoundError: no such upload. ConflictError: ``offset`` is not where
        the upload stands (``detail["offset"]`` says where). InvalidError: the
        finished file does not match its SHA-256 (the upload is discarded).
        """
        with self._lock:
            row = self._db.execute(
                "SELECT length, sha256, offset, part_bytes FROM uploads WHERE id = ?", (file_id,)
            ).fetchone()
            if row is None:
                info = self.file_info(file_id)
                if info is not None:
                    raise ConflictError("文件已全部收到", {"offset": info["size"]})
                raise NotFoundError(f"没有上传 {file_id}", {"file_id": file_id})
            length, sha256, current, part_bytes = row
            if offset != current:
                raise ConflictError(f"上传位置不符：后台已收到 {current} 字节", {"offset": current})
            if current + len(data) > length:
                raise InvalidError(
                    "上传的数据超过了声明的文件长度", {"length": length, "offset": current}
                )
            if current == 0 and len(data) == length:
                # The whole file in one request (most scanned pages): no part file needed.
                self._finish_upload(file_id, sha256, data)
                return length
            if data:
                # Each chunk is sealed on its own (bound to its position), appended,
                # fsynced, and only then counted: a torn append is cut off next time.
                sealed = self._sealer.seal("part", data, f"{file_id}:{current}")
                with open(self._part_path(file_id), "ab") as fh:
                    fh.truncate(part_bytes)
                    fh.seek(part_bytes)
                    fh.write(struct.pack(">I", len(sealed)) + sealed)
                    fh.flush()
                    os.fsync(fh.fileno())
                new_offset = current + len(data)
                with self._db.atomic():
                    self._db.execute(
                        "UPDATE uploads SET offset = ?, part_bytes = ?, updated_at = ?"
                        " WHERE id = ?",
                        (new_offset, part_bytes + 4 + len(sealed), now_iso(), file_id),
                    )
            else:
                new_offset = current
            if new_offset == length:
                self._finish_upload(file_id, sha256)
        return new_offset

    def _finish_upload(self, file_id: str, sha256: str, data: bytes | None = None) -> None:
        path = self._part_path(file_id)
        if data is None:
            blob = path.read_bytes()
            pieces: list[bytes] = []
            pos = at = 0
            while pos < len(blob):
                (n,) = struct.unpack(">I", blob[pos : pos + 4])
                piece = self._sealer.open("part", blob[pos + 4 : pos + 4 + n], f"{file_id}:{at}")
                pieces.append(piece)
                at += len(piece)
                pos += 4 + n
            data = b"".join(pieces)
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            with self._db.atomic():
                self._db.execute("DELETE FROM uploads WHERE id = ?", (file_id,))
            path.unlink(missing_ok=True)
            raise InvalidError(
                f"文件 {file_id} 的内容与声明的 SHA-256 不符（hash mismatch）",
                {"file_id": file_id, "expected": sha256, "actual": actual, "size": len(data)},
            )
        self.put_file(file_id, data, sha256, finishes_upload=True)
        path.unlink(missing_ok=True)
