"""tus uploads in progress: their state in the ``uploads`` table, their bytes in ``uploads/``.

Each chunk but the last is sealed on its own and appended to
``uploads/<id>.part`` behind a 4-byte length; ``part_bytes`` says how far that
file is valid. The last chunk is never counted on its own: the whole file is
put together from the part file and that chunk, checked against its SHA-256
and kept (``FileStore.put_file``), and the upload's row goes in the same
commit as the file's. So an upload is either below its length or finished
with its file; never "complete" without a file. (Rows left at
``offset == length`` by older versions are finished or reset by
``_repair_upload``.)

An upload left unfinished for ``upload_expiry`` (since its last chunk)
expires: it is gone for everyone (tus ``expiration``: HEAD and PATCH answer
404, a new creation starts again at 0) and its part file is removed, when it
is next asked for, at start, and in small batches after creations
(``expire_uploads``).

An upload belongs to the device that created it (``files.owner_key``); to
any other it does not exist (NotFoundError, never a conflict that would tell
it the id is taken or disturb the owner's upload).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import struct
import time
from pathlib import Path
from typing import Any

from backoffice.store.database import now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from backoffice.store.files import FileStore, check_file_id, full_error, may_use, older_than
from core.errors import StorageError

log = logging.getLogger("backoffice.store")

DEFAULT_UPLOAD_EXPIRY = dt.timedelta(hours=72)
# Expired uploads are looked for at most this often (seconds) after a creation,
# and removed this many at a time, so no request holds the store's lock for long.
EXPIRY_SWEEP_EVERY_S = 600.0
EXPIRY_BATCH = 50


class UploadStore(FileStore):
    """Resumable (tus) uploads of files; part of BackofficeStore. Any thread."""

    upload_expiry: dt.timedelta = DEFAULT_UPLOAD_EXPIRY
    _next_expiry_sweep = 0.0  # time.monotonic() after which a creation sweeps again

    def upload_expires(self, updated_at: str) -> dt.datetime:
        """When an upload last touched at ``updated_at`` (ISO 8601) expires."""
        return dt.datetime.fromisoformat(updated_at) + self.upload_expiry

    def _expiry_cutoff(self) -> str:
        """Uploads last touched before this (ISO 8601, as rows record it) have expired."""
        cutoff = dt.datetime.now(dt.UTC) - self.upload_expiry
        return cutoff.isoformat(timespec="milliseconds")

    def expire_uploads(self, limit: int = EXPIRY_BATCH) -> int:
        """Remove up to ``limit`` expired uploads and their part files; returns how many."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM uploads WHERE COALESCE(updated_at, created_at) < ? LIMIT ?",
                (self._expiry_cutoff(), limit),
            ).fetchall()
            for (file_id,) in rows:
                self._drop_upload(file_id)
        if rows:
            log.info("removed %d expired upload(s)", len(rows))
        return len(rows)

    def _touch(self, file_id: str) -> None:
        with self._db.atomic():
            self._db.execute("UPDATE uploads SET updated_at = ? WHERE id = ?", (now_iso(), file_id))

    def _drop_upload(self, file_id: str) -> None:
        with self._db.atomic():
            self._db.execute("DELETE FROM uploads WHERE id = ?", (file_id,))
        self._part_path(file_id).unlink(missing_ok=True)

    def _maybe_expire(self) -> None:
        """After a creation: one small batch of expired uploads, at most every few minutes."""
        now = time.monotonic()
        if now >= self._next_expiry_sweep:
            self._next_expiry_sweep = now + EXPIRY_SWEEP_EVERY_S
            self.expire_uploads()

    def _part_path(self, file_id: str) -> Path:
        return self.uploads_dir / f"{check_file_id(file_id)}.part"

    def create_upload(
        self,
        file_id: str,
        length: int,
        sha256: str,
        first: bytes | None = None,
        *,
        owner: str = "",
    ) -> int:
        """Start (or find again) the upload of one file; returns its current offset.

        Idempotent by file id: the same id, length and hash give the same
        upload (a device that lost the answer to its POST carries on where it
        was); a finished file answers its full length. ConflictError when the
        id is known with another length or hash. ``first``: the file's first
        bytes sent with the creation (creation-with-upload); they count only
        while the upload stands at 0, and a whole file is kept at once (an
        empty file, ``length`` 0, is complete at creation).
        NotFoundError when the id is another owner's upload or file.
        """
        check_file_id(file_id)
        if length == 0:
            first = b""
        with self._lock:
            row = self._upload_row(file_id)  # first: a repair may finish the file
            done = self._db.execute(
                "SELECT sha256, size, owner FROM files WHERE id = ?", (file_id,)
            ).fetchone()
            if done is not None:
                if not may_use(done[2], owner):
                    raise NotFoundError(f"没有上传 {file_id}", {"file_id": file_id})
                if (done[0], done[1]) != (sha256, length):
                    raise ConflictError(f"文件 {file_id} 已以不同内容上传过", {"file_id": file_id})
                return length
            if row is not None:
                if not may_use(row[4], owner):
                    raise NotFoundError(f"没有上传 {file_id}", {"file_id": file_id})
                if (row[0], row[1]) != (length, sha256):
                    raise ConflictError(
                        f"文件 {file_id} 的上传已以不同的长度或校验值开始", {"file_id": file_id}
                    )
                if row[2] == 0 and first is not None and (first or length == 0):
                    return self.append_upload(file_id, 0, first, owner=owner)
                self._touch(file_id)  # the device is back: its upload's expiry starts again
                return int(row[2])
            if first is not None and len(first) == length:
                self._finish_upload(file_id, sha256, first, owner)  # one request, one commit
                return length
            now = now_iso()
            with self._db.atomic():
                self._db.execute(
                    'INSERT INTO uploads (id, length, sha256, "offset", part_bytes, created_at,'
                    " updated_at, owner) VALUES (?, ?, ?, 0, 0, ?, ?, ?)",
                    (file_id, length, sha256, now, now, owner),
                )
            if first:
                return self.append_upload(file_id, 0, first, owner=owner)
        self._maybe_expire()
        return 0

    def upload_info(self, file_id: str, owner: str | None = None) -> dict[str, Any] | None:
        """{"length", "offset", "sha256", "expires"} of an upload (finished ones too,
        with "expires" None), or None: unknown, expired, or (with ``owner``) someone else's."""
        with self._lock:
            row = self._upload_row(file_id)  # first: a repair may finish the file
            if row is not None:
                if not may_use(row[4], owner):
                    return None
                return {
                    "length": row[0],
                    "offset": row[2],
                    "sha256": row[1],
                    "expires": self.upload_expires(row[5]),
                }
            done = self._db.execute(
                "SELECT size, sha256, owner FROM files WHERE id = ?", (file_id,)
            ).fetchone()
        if done is None or not may_use(done[2], owner):
            return None
        return {"length": done[0], "offset": done[0], "sha256": done[1], "expires": None}

    def _upload_row(self, file_id: str) -> tuple[int, str, int, int, str | None, str] | None:
        """(length, sha256, offset, part_bytes, owner, updated_at) of an unfinished upload;
        None when there is none or it has expired (then it is removed). Repaired first
        if an interrupted run left it complete without its file."""
        query = (
            'SELECT length, sha256, "offset", part_bytes, owner,'
            " COALESCE(updated_at, created_at) FROM uploads WHERE id = ?"
        )
        row = self._db.execute(query, (file_id,)).fetchone()
        if row is not None and row[0] > 0 and row[2] >= row[0]:
            self._repair_upload(file_id)
            row = self._db.execute(query, (file_id,)).fetchone()
        if row is not None and row[5] < self._expiry_cutoff():
            self._drop_upload(file_id)
            log.info("upload %s expired", file_id)
            return None
        return row

    def append_upload(
        self, file_id: str, offset: int, data: bytes, *, owner: str | None = None
    ) -> int:
        """Append ``data`` at ``offset``; returns the new offset. With the last byte the
        whole file is checked against its SHA-256 and kept (``put_file``).

        NotFoundError: no such upload (or another ``owner``'s). ConflictError:
        ``offset`` is not where the upload stands (``detail["offset"]`` says
        where). InvalidError: the finished file does not match its SHA-256 (the
        upload is discarded).
        StorageFullError: the disk is full; nothing counted, send it again.
        """
        with self._lock:
            row = self._upload_row(file_id)
            if row is None:
                info = self.file_info(file_id, owner)
                if info is not None:
                    raise ConflictError("文件已全部收到", {"offset": info["size"]})
                raise NotFoundError(f"没有上传 {file_id}", {"file_id": file_id})
            length, sha256, current, part_bytes, row_owner, _touched = row
            if not may_use(row_owner, owner):
                raise NotFoundError(f"没有上传 {file_id}", {"file_id": file_id})
            if offset != current:
                raise ConflictError(f"上传位置不符：后台已收到 {current} 字节", {"offset": current})
            if current + len(data) > length:
                raise InvalidError(
                    "上传的数据超过了声明的文件长度", {"length": length, "offset": current}
                )
            if current + len(data) == length:
                # The last chunk: the file is put together and kept, and the upload
                # ends in the same commit (offset never says "complete" on its own).
                try:
                    whole = data if current == 0 else self._read_part(file_id, part_bytes) + data
                except ValueError:
                    # The parts kept so far are damaged: start again; 409 tells the
                    # device where (Upload-Offset 0).
                    self._restart_upload(file_id)
                    log.warning("upload %s: its parts are damaged; starting at 0", file_id)
                    raise ConflictError("已收到的数据损坏，请从头重新上传", {"offset": 0}) from None
                self._finish_upload(file_id, sha256, whole, row_owner)
                return length
            if not data:
                self._touch(file_id)  # an empty PATCH is activity too (Upload-Expires)
            else:
                part_bytes = self._append_part(file_id, current, part_bytes, data)
                with self._db.atomic():
                    self._db.execute(
                        'UPDATE uploads SET "offset" = ?, part_bytes = ?, updated_at = ?'
                        " WHERE id = ?",
                        (current + len(data), part_bytes, now_iso(), file_id),
                    )
        return current + len(data)

    def _append_part(self, file_id: str, at: int, part_bytes: int, data: bytes) -> int:
        """Seal ``data`` (bound to its position ``at``), append it after the first
        ``part_bytes`` of the part file and fsync; returns the part file's new valid length.

        A torn append from before is cut off first. StorageFullError when full.
        """
        sealed = self._sealer.seal("part", data, f"{file_id}:{at}")
        try:
            with open(self._part_path(file_id), "ab") as fh:
                fh.truncate(part_bytes)
                fh.seek(part_bytes)
                fh.write(struct.pack(">I", len(sealed)) + sealed)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            if (full := full_error(exc)) is not None:
                raise full from None
            raise
        return part_bytes + 4 + len(sealed)

    def _read_part(self, file_id: str, part_bytes: int) -> bytes:
        """The bytes counted so far: the part file's first ``part_bytes``, opened chunk by chunk.

        ValueError when the part file is missing, short or damaged.
        """
        try:
            with open(self._part_path(file_id), "rb") as fh:
                blob = fh.read(part_bytes)
            if len(blob) != part_bytes:
                raise ValueError(f"upload {file_id}: part file shorter than recorded")
            pieces: list[bytes] = []
            pos = at = 0
            while pos < len(blob):
                (n,) = struct.unpack(">I", blob[pos : pos + 4])
                piece = self._sealer.open("part", blob[pos + 4 : pos + 4 + n], f"{file_id}:{at}")
                pieces.append(piece)
                at += len(piece)
                pos += 4 + n
        except (OSError, struct.error, StorageError) as exc:
            raise ValueError(
                f"upload {file_id}: part file unreadable ({type(exc).__name__})"
            ) from None
        return b"".join(pieces)

    def _restart_upload(self, file_id: str) -> None:
        """Count the upload from 0 again (its parts are lost); the device sends it all again."""
        with self._db.atomic():
            self._db.execute(
                'UPDATE uploads SET "offset" = 0, part_bytes = 0, updated_at = ? WHERE id = ?',
                (now_iso(), file_id),
            )
        self._part_path(file_id).unlink(missing_ok=True)

    def _finish_upload(self, file_id: str, sha256: str, data: bytes, owner: str | None) -> None:
        """Check the whole file and keep it; a mismatch discards the upload (InvalidError)."""
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            with self._db.atomic():
                self._db.execute("DELETE FROM uploads WHERE id = ?", (file_id,))
            self._part_path(file_id).unlink(missing_ok=True)
            raise InvalidError(
                f"文件 {file_id} 的内容与声明的 SHA-256 不符（hash mismatch）",
                {"file_id": file_id, "expected": sha256, "actual": actual, "size": len(data)},
            )
        # owner None (an upload from before owners) may still finish: put_file checks nothing.
        self.put_file(file_id, data, sha256, finishes_upload=True, owner=owner)
        self._part_path(file_id).unlink(missing_ok=True)

    def _repair_upload(self, file_id: str) -> None:
        """An upload at ``offset == length`` without its file (left by an older version
        killed between the two commits): keep the file if its parts are whole and match,
        else start the upload again at 0 (the device then sends it again)."""
        row = self._db.execute(
            "SELECT sha256, part_bytes, owner FROM uploads WHERE id = ?", (file_id,)
        ).fetchone()
        if row is None:
            return
        sha256, part_bytes, owner = row
        try:
            data = self._read_part(file_id, part_bytes)
        except ValueError:
            data = None
        if data is not None and hashlib.sha256(data).hexdigest() == sha256:
            self.put_file(file_id, data, sha256, finishes_upload=True, owner=owner)
            self._part_path(file_id).unlink(missing_ok=True)
            log.warning("upload %s: finished a file an interrupted run left unkept", file_id)
            return
        self._restart_upload(file_id)
        log.warning("upload %s: its parts were lost in an interrupted run; starting at 0", file_id)

    def _sweep_uploads(self, min_age_s: float = 0.0) -> None:
        """At start: finish or reset uploads left complete without a file, remove expired
        uploads, and part files no upload counts (and any other leftovers) in ``uploads/``
        last written at least ``min_age_s`` ago."""
        with self._lock:
            stuck = self._db.execute(
                'SELECT id FROM uploads WHERE length > 0 AND "offset" >= length'
            ).fetchall()
            for (file_id,) in stuck:
                self._repair_upload(file_id)
        while self.expire_uploads():
            pass
        with self._lock:
            known = {r[0] for r in self._db.execute("SELECT id FROM uploads").fetchall()}
            removed = 0
            for path in self.uploads_dir.iterdir():
                counted = path.suffix == ".part" and path.stem in known
                if path.is_file() and not counted and older_than(path, min_age_s):
                    path.unlink(missing_ok=True)
                    removed += 1
        if removed:
            log.info("removed %d part file(s) no upload counts", removed)
