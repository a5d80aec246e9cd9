"""Scanned files: encrypted blobs under ``files/`` and their rows, uploads, clean-up.

A scanned file is "attached" once a submitted case or a record names it
(``files.case_id`` / ``files.record_id``). Until then it belongs to a draft
(kept in ``drafts``, sync.store.drafts): ``discard_file`` deletes a file a draft replaced,
and ``sweep_unattached`` (the runtime runs it at start) deletes what abandoned
drafts and crashes left behind. Attached files are only ever removed by the
retention purge (sync.store.retention). The files table also remembers each
file's tus upload URL and confirmed offset, so an upload resumes after a
restart; that bookkeeping commits without an fsync (see ``StoreDatabase._write``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from contextlib import suppress
from pathlib import Path

from core.case import FileRef
from core.crypto import fsync_dir
from core.errors import StorageError
from sync.store.database import DB_NAME, ID_RE, StoreDatabase, now_iso
from sync.store.errors import storage_error

log = logging.getLogger("sync.store")


class FileStore(StoreDatabase):
    """Scanned files and their upload state; part of LocalStore. Any thread."""

    def _blob_path(self, file_id: str) -> Path:
        if not ID_RE.fullmatch(file_id):
            raise StorageError("store.file_id_invalid", file=file_id)
        return self.files_dir / f"{file_id}.bin"

    def save_file(self, data: bytes, name: str, media_type: str) -> FileRef:
        """Keep a scanned file, encrypted, and return its reference for the case."""
        ref = FileRef(
            name=name,
            media_type=media_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        path = self._blob_path(ref.id)
        tmp = path.with_suffix(".tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.write(self._sealer.seal("file", data, ref.id))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            fsync_dir(self.files_dir)
        except OSError as exc:
            with suppress(OSError):
                tmp.unlink()
            raise storage_error(exc, "材料文件") from exc
        try:
            with self._write("材料文件") as db:
                db.execute(
                    "INSERT INTO files (id, sha256, size, media_type, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (ref.id, ref.sha256, ref.size, media_type, now_iso()),
                )
        except StorageError:
            with suppress(OSError):
                path.unlink()
            raise
        return ref

    def read_file(self, file_id: str) -> bytes:
        """The plaintext of a saved file; StorageError when missing or altered."""
        with self._read("材料文件") as db:
            row = db.execute("SELECT sha256 FROM files WHERE id = ?", (file_id,)).fetchone()
        if row is None:
            raise StorageError("store.file_unknown", file=file_id)
        try:
            blob = self._blob_path(file_id).read_bytes()
        except FileNotFoundError:
            raise StorageError("store.file_lost", file=file_id) from None
        except OSError as exc:
            raise storage_error(exc, "材料文件", "读取") from exc
        data = self._sealer.open("file", blob, file_id)
        if hashlib.sha256(data).hexdigest() != row[0]:
            raise StorageError("store.file_altered", file=file_id)
        return data

    def file_uploaded(self, file_id: str) -> bool:
        with self._read("材料文件状态") as db:
            row = db.execute("SELECT uploaded_at FROM files WHERE id = ?", (file_id,)).fetchone()
        return bool(row and row[0])

    def mark_file_uploaded(self, file_id: str) -> None:
        with self._write("材料文件状态", durable=False) as db:
            db.execute("UPDATE files SET uploaded_at = ? WHERE id = ?", (now_iso(), file_id))

    def mark_files_not_uploaded(self, file_ids: list[str]) -> None:
        with self._write("材料文件状态") as db:
            db.conn.executemany(
                "UPDATE files SET uploaded_at = NULL WHERE id = ?", [(f,) for f in file_ids]
            )

    # ------------------------------------------------------------------ unattached files

    def discard_file(self, file_id: str) -> bool:
        """Delete a file no submitted case or record uses (a scan a draft replaced).

        Returns False and touches nothing when a case or a record is attached
        to the file; True when the file is gone (deleted now, or already gone:
        discarding twice is fine). The row goes first, in a transaction that
        checks it is still unattached, so a case submitted at the same moment
        either gets the file or is refused it, never a file without its blob.
        A crash before the blob is unlinked leaves a blob without a row, which
        ``sweep_unattached`` removes. StorageError when the disk refuses.
        """
        path = self._blob_path(file_id)
        with self._write("材料文件", "删除") as db:
            row = db.execute(
                "SELECT case_id, record_id FROM files WHERE id = ?", (file_id,)
            ).fetchone()
            if row is not None and (row[0] is not None or row[1] is not None):
                return False
            db.execute(
                "DELETE FROM files WHERE id = ? AND case_id IS NULL AND record_id IS NULL",
                (file_id,),
            )
        _removed, failed = self._unlink_all([path])
        if failed:
            raise storage_error(failed[0], "材料文件", "删除") from failed[0]
        return True

    def sweep_unattached(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
        """Remove files older than ``older_than`` that no case or record uses; how many.

        That is rows with neither case nor record nor kept draft
        (sync.store.drafts) created before ``now - older_than`` (scans of drafts
        abandoned or replaced), blobs in ``files/`` without a row and ``.tmp`` leftovers
        whose mtime is before that (a crash between two steps). The age keeps
        the pages of a draft in progress in another window of this device.
        Blobs without a row are kept while a damaged database is kept aside
        (``onewindow.db.damaged-*``): their rows may be in it. A blob that
        cannot be unlinked now is logged and tried again at the next sweep;
        StorageError when the database refuses. Logs counts only.
        """
        now = now or dt.datetime.now(dt.UTC)
        cut = (now - older_than).astimezone(dt.UTC)
        with self._write("未使用的材料文件", "清除") as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM files WHERE case_id IS NULL AND record_id IS NULL"
                    " AND created_at < ?"
                    " AND id NOT IN (SELECT file_id FROM draft_files)",
                    (cut.isoformat(timespec="milliseconds"),),
                )
            ]
            db.conn.executemany("DELETE FROM files WHERE id = ?", [(i,) for i in ids])
        _removed, failed = self._unlink_all(
            [self.files_dir / f"{i}.bin" for i in ids if ID_RE.fullmatch(i)]
        )
        strays = self._stray_blobs(cut.timestamp())
        gone, failed_strays = self._unlink_all(strays)
        failed += failed_strays
        if failed:
            log.warning("files: %d unattached file(s) could not be removed now", len(failed))
        if ids or gone:
            log.info(
                "files: %d unattached file(s) and %d leftover blob(s) older than %s removed",
                len(ids),
                gone,
                older_than,
            )
        return len(ids) + gone

    def _stray_blobs(self, before: float) -> list[Path]:
        """Blobs without a row and .tmp leftovers in files/ last written before ``before``."""
        with self._read("材料文件") as db:
            known = {r[0] for r in db.execute("SELECT id FROM files")}
        aside = any(self.data_dir.glob(f"{DB_NAME}.damaged-*"))
        out: list[Path] = []
        kept = 0
        try:
            entries = list(os.scandir(self.files_dir))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise storage_error(exc, "材料文件目录", "读取") from exc
        for entry in entries:
            name = entry.name
            stem, _, suffix = name.rpartition(".")
            if suffix not in ("bin", "tmp") or not ID_RE.fullmatch(stem):
                continue  # not ours: leave it
            if suffix == "bin" and stem in known:
                continue
            try:
                if not entry.is_file(follow_symlinks=False) or entry.stat().st_mtime >= before:
                    continue
            except OSError:
                continue  # gone meanwhile, or unreadable: the next sweep looks again
            if suffix == "bin" and aside:
                kept += 1
                continue
            out.append(Path(entry.path))
        if kept:
            log.warning(
                "files: %d blob(s) without a row kept: a damaged database is kept aside", kept
            )
        return out

    def _unlink_all(self, paths: list[Path]) -> tuple[int, list[OSError]]:
        """Unlink ``paths`` (already gone is fine), durably; (how many unlinked, failures)."""
        removed, failed = 0, []
        for path in paths:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                failed.append(exc)
        if paths:
            fsync_dir(self.files_dir)
        return removed, failed

    # ------------------------------------------------------------------ resumable uploads

    def upload_state(self, file_id: str) -> tuple[str | None, int]:
        """(tus upload URL or None, offset the back office last confirmed)."""
        with self._read("上传进度") as db:
            row = db.execute(
                "SELECT upload_url, upload_offset FROM files WHERE id = ?", (file_id,)
            ).fetchone()
        return (row[0], int(row[1] or 0)) if row else (None, 0)

    def set_upload_url(self, file_id: str, url: str | None) -> None:
        with self._write("上传进度", durable=False) as db:
            db.execute(
                "UPDATE files SET upload_url = ?, upload_offset = 0 WHERE id = ?", (url, file_id)
            )

    def set_upload_progress(self, file_id: str, url: str | None, offset: int) -> None:
        """Keep the upload URL and the offset the back office confirmed (one commit)."""
        with self._write("上传进度", durable=False) as db:
            db.execute(
                "UPDATE files SET upload_url = ?, upload_offset = ? WHERE id = ?",
                (url, offset, file_id),
            )

    def _delete_blobs(self, file_ids: list[str]) -> None:
        for file_id in file_ids:
            with suppress(FileNotFoundError):
                self._blob_path(file_id).unlink()
        if file_ids:
            fsync_dir(self.files_dir)
