"""tus uploads in progress: their state in the ``uploads`` table, their bytes in the blob store.

Each chunk but the last is sealed on its own (bound to its file and offset),
kept in the blob store (backoffice.store.blobs) and listed in
``upload_parts`` in the same commit that moves the upload's offset, so any
worker process can take the next chunk. The last chunk is never counted on
its own: the whole file is put together from the parts and that chunk,
checked against its SHA-256 and kept (``FileStore.put_file``), and the
upload's rows go in the same commit as the file's. So an upload is either
below its length or finished with its file; never "complete" without a file.
(Rows left at ``offset == length`` by older versions are finished or reset by
``_repair_upload``; part files of uploads begun before the blob store,
``uploads/<id>.part``, move into it at the next start.)

An upload left unfinished for ``upload_expiry`` (since its last chunk)
expires: it is gone for everyone (tus ``expiration``: HEAD and PATCH answer
404, a new creation starts again at 0) and its parts are removed, when it
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
import struct
import time
from pathlib import Path
from typing import Any

from backoffice.store.database import now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from backoffice.store.files import FileStore, check_file_id, full_error, may_use
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
        """Remove up to ``limit`` expired uploads and their parts; returns how many."""
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
        keys = self._part_keys(file_id)
        with self._db.atomic():
            self._db.execute("DELETE FROM uploads WHERE id = ?", (file_id,))
            self._db.execute("DELETE FROM upload_parts WHERE upload_id = ?", (file_id,))
        self._forget_blobs(keys)

    def _part_keys(self, file_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT blob FROM upload_parts WHERE upload_id = ?", (file_id,)
        ).fetchall()
        return [r[0] for r in rows]

    def _maybe_expire(self) -> None:
        """After a creation: one small batch of expired uploads, at most every few minutes."""
        now = time.monotonic()
        if now >= self._next_expiry_sweep:
            self._next_expiry_sweep = now + EXPIRY_SWEEP_EVERY_S
            self.expire_uploads()

    def _legacy_part_path(self, file_id: str) -> Path:
        """Where an upload begun before the blob store kept its parts (moved at start)."""
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
        """(length, sha256, offset, part_bytes, owner, updated_at) of an unfinished upload
        (``part_bytes`` > 0: its parts are still in an old part file);
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
            length, sha256, current, _part_bytes, row_owner, _touched = row
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
                    whole = data if current == 0 else self._read_parts(file_id, current) + data
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
                self._append_part(file_id, current, data)
        return current + len(data)

    def _append_part(self, file_id: str, at: int, data: bytes) -> None:
        """Seal ``data`` (bound to its position ``at``), keep it in the blob store and count
        it: its part row and the upload's new offset in one commit. The caller holds the
        lock. StorageFullError when the disk is full (nothing counted)."""
        key = self._keep_blob(self._sealer.seal("part", data, f"{file_id}:{at}"))
        self._lock.if_not_committed(lambda: self._blobs.delete(key))
        try:
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO upload_parts (upload_id, at, size, blob) VALUES (?, ?, ?, ?)",
                    (file_id, at, len(data), key),
                )
                self._db.execute(
                    'UPDATE uploads SET "offset" = ?, updated_at = ? WHERE id = ?',
                    (at + len(data), now_iso(), file_id),
                )
        except Exception as exc:
            self._blobs.delete(key)  # its row was never counted
            if (full := full_error(exc)) is not None:
                raise full from None
            raise

    def _read_parts(self, file_id: str, offset: int) -> bytes:
        """The first ``offset`` bytes counted so far, opened part by part.

        ValueError when a part is missing, out of order or damaged.
        """
        rows = self._db.execute(
            "SELECT at, size, blob FROM upload_parts WHERE upload_id = ? ORDER BY at",
            (file_id,),
        ).fetchall()
        pieces: list[bytes] = []
        at = 0
        try:
            for start, size, key in rows:
                if start != at:
                    raise ValueError(f"upload {file_id}: a part is missing at {at}")
                piece = self._sealer.open("part", self._blobs.get(key), f"{file_id}:{at}")
                if len(piece) != size:
                    raise ValueError(f"upload {file_id}: a part has another length")
                pieces.append(piece)
                at += size
        except (OSError, StorageError) as exc:
            raise ValueError(
                f"upload {file_id}: a part is unreadable ({type(exc).__name__})"
            ) from None
        if at != offset:
            raise ValueError(f"upload {file_id}: parts hold {at} of {offset} bytes")
        return b"".join(pieces)

    def _move_legacy_parts(self, file_id: str, part_bytes: int) -> None:
        """An upload begun before the blob store: its part file's sealed chunks become
        blobs and part rows (in one commit), then the part file goes. Unreadable parts
        restart the upload at 0 (the device sends it again)."""
        path = self._legacy_part_path(file_id)
        try:
            with open(path, "rb") as fh:
                blob = fh.read(part_bytes)
            if len(blob) != part_bytes:
                raise ValueError("short")
            parts: list[tuple[int, int, bytes]] = []
            pos = at = 0
            while pos < len(blob):
                (n,) = struct.unpack(">I", blob[pos : pos + 4])
                sealed = blob[pos + 4 : pos + 4 + n]
                size = len(self._sealer.open("part", sealed, f"{file_id}:{at}"))
                parts.append((at, size, sealed))
                at += size
                pos += 4 + n
        except (OSError, ValueError, struct.error, StorageError):
            self._restart_upload(file_id)
            path.unlink(missing_ok=True)
            log.warning("upload %s: its old part file is unreadable; starting at 0", file_id)
            return
        keys = [(a, size, self._keep_blob(sealed)) for a, size, sealed in parts]
        with self._db.atomic():
            self._db.execute("DELETE FROM upload_parts WHERE upload_id = ?", (file_id,))
            for a, size, key in keys:
                self._db.execute(
                    "INSERT INTO upload_parts (upload_id, at, size, blob) VALUES (?, ?, ?, ?)",
                    (file_id, a, size, key),
                )
            self._db.execute("UPDATE uploads SET part_bytes = 0 WHERE id = ?", (file_id,))
        path.unlink(missing_ok=True)

    def _restart_upload(self, file_id: str) -> None:
        """Count the upload from 0 again (its parts are lost); the device sends it all again."""
        keys = self._part_keys(file_id)
        with self._db.atomic():
            self._db.execute(
                'UPDATE uploads SET "offset" = 0, part_bytes = 0, updated_at = ? WHERE id = ?',
                (now_iso(), file_id),
            )
            self._db.execute("DELETE FROM upload_parts WHERE upload_id = ?", (file_id,))
        self._forget_blobs(keys)

    def _finish_upload(self, file_id: str, sha256: str, data: bytes, owner: str | None) -> None:
        """Check the whole file and keep it; a mismatch discards the upload (InvalidError)."""
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            self._drop_upload(file_id)
            raise InvalidError(
                f"文件 {file_id} 的内容与声明的 SHA-256 不符（hash mismatch）",
                {"file_id": file_id, "expected": sha256, "actual": actual, "size": len(data)},
            )
        keys = self._part_keys(file_id)
        # owner None (an upload from before owners) may still finish: put_file checks nothing.
        self.put_file(file_id, data, sha256, finishes_upload=True, owner=owner)
        self._forget_blobs(keys)  # the parts' rows went with the file's commit

    def _repair_upload(self, file_id: str) -> None:
        """An upload at ``offset == length`` without its file (left by an older version
        killed between the two commits): keep the file if its parts are whole and match,
        else start the upload again at 0 (the device then sends it again)."""
        row = self._db.execute(
            'SELECT sha256, "offset", owner FROM uploads WHERE id = ?', (file_id,)
        ).fetchone()
        if row is None:
            return
        sha256, offset, owner = row
        try:
            data = self._read_parts(file_id, offset)
        except ValueError:
            data = None
        if data is not None and hashlib.sha256(data).hexdigest() == sha256:
            keys = self._part_keys(file_id)
            self.put_file(file_id, data, sha256, finishes_upload=True, owner=owner)
            self._forget_blobs(keys)
            log.warning("upload %s: finished a file an interrupted run left unkept", file_id)
            return
        self._restart_upload(file_id)
        log.warning("upload %s: its parts were lost in an interrupted run; starting at 0", file_id)

    def _sweep_uploads(self, min_age_s: float = 0.0) -> None:
        """At start: move old part files into the blob store, finish or reset uploads left
        complete without a file, and remove expired uploads (their blobs, and any others
        nothing names, go in ``_sweep_files``)."""
        with self._lock:
            legacy = self._db.execute(
                "SELECT id, part_bytes FROM uploads WHERE part_bytes > 0"
            ).fetchall()
            for file_id, part_bytes in legacy:
                self._move_legacy_parts(file_id, part_bytes)
            stuck = self._db.execute(
                'SELECT id FROM uploads WHERE length > 0 AND "offset" >= length'
            ).fetchall()
            for (file_id,) in stuck:
                self._repair_upload(file_id)
        while self.expire_uploads():
            pass
