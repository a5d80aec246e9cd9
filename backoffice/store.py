"""The reference back office's store: received files, cases and their status feed.

One small interface (``BackofficeStore``) in front of one SQLite file, so a
real deployment can swap it for its own system of record. It enforces
exactly-once by id: the same file or case sent again gets the same answer,
other content under a known id is a conflict, and a receipt number belongs
to one case only. Case bodies and files are encrypted at rest with the back
office's own key (``backoffice.key``, mode 0600).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from core.case import Case, CaseState
from core.errors import CaseError
from sync.crypto import Sealer, fsync_dir, load_or_create_key

log = logging.getLogger(__name__)


class BackofficeStoreError(Exception):
    """Base of what the store refuses; ``detail`` is machine-readable (no personal data)."""

    def __init__(self, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotFoundError(BackofficeStoreError):
    """No such case or file."""


class ConflictError(BackofficeStoreError):
    """Other content under a known id, a receipt number in use, a state change not allowed."""


class InvalidError(BackofficeStoreError):
    """The request cannot be accepted as it is (e.g. files missing)."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _m001_base(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["files"].create(
        {"id": str, "sha256": str, "size": int, "received_at": str},
        pk="id",
        not_null={"sha256", "size", "received_at"},
    )
    db["cases"].create(
        {
            "id": str,
            "receipt_no": str,
            "digest": str,
            "item_code": str,
            "item_name": str,
            "hall_code": str,
            "device_code": str,
            "channel": str,
            "state": str,
            "reason": str,
            "received_at": str,
            "updated_at": str,
            "body": bytes,
        },
        pk="id",
        not_null={"receipt_no", "digest", "state", "received_at", "body"},
    )
    db["cases"].create_index(["receipt_no"], unique=True)
    db["events"].create(
        {
            "seq": int,
            "case_id": str,
            "receipt_no": str,
            "device_code": str,
            "state": str,
            "reason": str,
            "actor": str,
            "at": str,
        },
        pk="seq",
        not_null={"case_id", "state", "at"},
    )
    db["events"].create_index(["device_code", "seq"])


MIGRATIONS: list[Callable[[Database], None]] = [_m001_base]


class BackofficeStore:
    """The back office's system of record (reference implementation).

    Thread-safe: the HTTP server calls it from a thread pool; one lock
    serialises access to its single SQLite connection (WAL, synchronous=FULL).
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.files_dir = self.data_dir / "files"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        key, _ = load_or_create_key(self.data_dir / "backoffice.key")
        self._sealer = Sealer(key)
        self._lock = threading.RLock()
        conn = sqlite3.connect(self.data_dir / "backoffice.db", check_same_thread=False, timeout=15)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        self._conn = conn
        self._db = Database(conn, execute_plugins=False, recursive_triggers=False)
        self._closed = False
        self._migrate()

    def _migrate(self) -> None:
        with self._lock, self._db.atomic():
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS schema_version"
                " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            current = self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            for version in range((current or 0) + 1, len(MIGRATIONS) + 1):
                MIGRATIONS[version - 1](self._db)
                self._db.execute("INSERT INTO schema_version VALUES (?, ?)", (version, _now()))

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    # ------------------------------------------------------------------ files

    def _file_path(self, file_id: str) -> Path:
        return self.files_dir / f"{file_id}.bin"

    def put_file(self, file_id: str, data: bytes, sha256: str) -> bool:
        """Keep a file whose hash the caller checked. True when new, False when a repeat.

        ConflictError when the id is known with another hash.
        """
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
                    (file_id, sha256, len(data), _now()),
                )
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

    # ------------------------------------------------------------------ cases

    @staticmethod
    def _answer(row: tuple[str, str, str]) -> dict[str, Any]:
        case_id, receipt_no, received_at = row
        return {
            "id": case_id,
            "receipt_no": receipt_no,
            "state": "synced",
            "received_at": received_at,
        }

    def put_case(self, case: Case) -> tuple[bool, dict[str, Any]]:
        """Record a submitted case once. (True, answer) the first time, (False, same answer)
        for the same content again.

        ConflictError: the id is known with other content, or the receipt number
        belongs to another case. InvalidError: a file of its materials was not
        uploaded with the same hash (``detail["missing_files"]`` lists them).
        """
        digest = case.body_digest()
        with self._lock:
            row = self._db.execute(
                "SELECT id, receipt_no, received_at, digest FROM cases WHERE id = ?", (case.id,)
            ).fetchone()
            if row is not None:
                if row[3] == digest:
                    return False, self._answer(row[:3])
                raise ConflictError(
                    f"办件 {case.id} 已收到，但这次的内容与收到的不同；办件提交后不能修改，"
                    "如需补充请另行办理补正",
                    {"case_id": case.id, "receipt_no": row[1]},
                )
            other = self._db.execute(
                "SELECT id FROM cases WHERE receipt_no = ?", (case.receipt_no,)
            ).fetchone()
            if other is not None:
                raise ConflictError(
                    f"受理编号 {case.receipt_no} 已被另一办件使用",
                    {"receipt_no": case.receipt_no, "case_id": other[0]},
                )
            missing = []
            for m in case.materials:
                for ref in m.files:
                    f = self._db.execute(
                        "SELECT sha256 FROM files WHERE id = ?", (ref.id,)
                    ).fetchone()
                    if f is None or f[0] != ref.sha256:
                        missing.append(ref.id)
            if missing:
                raise InvalidError(
                    f"文件 {missing[0]} 未上传或校验值不符（file missing/hash mismatch）",
                    {"missing_files": missing},
                )
            stored = case.model_copy(deep=True)
            stored.transition(CaseState.SYNCED, "backoffice")
            now = _now()
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO cases (id, receipt_no, digest, item_code, item_name, hall_code,"
                    " device_code, channel, state, reason, received_at, updated_at, body)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)",
                    (
                        case.id,
                        case.receipt_no,
                        digest,
                        case.item_code,
                        case.item_name,
                        case.hall_code,
                        case.device_code,
                        case.channel,
                        stored.state.value,
                        now,
                        now,
                        self._seal(stored),
                    ),
                )
                self._event(stored, "backoffice", now)
        log.info("case %s received (receipt %s)", case.id, case.receipt_no)
        return True, self._answer((case.id, case.receipt_no, now))

    def _seal(self, case: Case) -> bytes:
        return self._sealer.seal("case", case.model_dump_json().encode(), case.id)

    def _event(self, case: Case, actor: str, at: str) -> None:
        self._db.execute(
            "INSERT INTO events (case_id, receipt_no, device_code, state, reason, actor, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                case.id,
                case.receipt_no,
                case.device_code,
                case.state.value,
                case.state_reason,
                actor,
                at,
            ),
        )

    def get_case(self, case_id: str) -> Case | None:
        """The full case as the back office holds it (its trail included), or None."""
        with self._lock:
            row = self._db.execute("SELECT body FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        return Case.model_validate_json(self._sealer.open("case", row[0], case_id))

    def case_status(self, case_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, receipt_no, state, reason FROM cases WHERE id = ?", (case_id,)
            ).fetchone()
        return dict(zip(("id", "receipt_no", "state", "reason"), row, strict=True)) if row else None

    def list_cases(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Newest first; only what a list needs (no names, no id numbers)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, receipt_no, item_code, item_name, state, received_at FROM cases"
                " ORDER BY received_at DESC, rowid DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        keys = ("id", "receipt_no", "item_code", "item_name", "state", "received_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def set_state(
        self, case_id: str, state: CaseState, reason: str = "", actor: str = "backoffice"
    ) -> dict[str, Any]:
        """Staff move a case (受理, 不予受理, 待取件, 已出件); the trail and the feed record it."""
        with self._lock:
            case = self.get_case(case_id)
            if case is None:
                raise NotFoundError(f"没有办件 {case_id}")
            try:
                case.transition(state, actor, reason)
            except CaseError as exc:
                raise ConflictError(
                    exc.message, {"from": case.state.value, "to": state.value}
                ) from None
            now = _now()
            with self._db.atomic():
                self._db.execute(
                    "UPDATE cases SET state = ?, reason = ?, updated_at = ?, body = ? WHERE id = ?",
                    (case.state.value, reason, now, self._seal(case), case_id),
                )
                self._event(case, actor, now)
        log.info("case %s moved to %s by %s", case_id, state.value, actor)
        return {
            "id": case.id,
            "receipt_no": case.receipt_no,
            "state": state.value,
            "reason": reason,
        }

    def changes(self, cursor: int = 0, limit: int = 100, device: str = "") -> dict[str, Any]:
        """Status changes after ``cursor`` (oldest first) and the cursor to ask with next."""
        sql = (
            "SELECT seq, case_id, receipt_no, state, reason, at FROM events WHERE seq > ?"
            + (" AND device_code = ?" if device else "")
            + " ORDER BY seq LIMIT ?"
        )
        params: tuple[Any, ...] = (cursor, device, limit) if device else (cursor, limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        keys = ("seq", "case_id", "receipt_no", "state", "reason", "at")
        changes = [dict(zip(keys, r, strict=True)) for r in rows]
        return {"changes": changes, "cursor": changes[-1]["seq"] if changes else cursor}

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM cases GROUP BY state").fetchall()
        return dict(rows)


__all__ = [
    "BackofficeStore",
    "BackofficeStoreError",
    "ConflictError",
    "InvalidError",
    "NotFoundError",
]
