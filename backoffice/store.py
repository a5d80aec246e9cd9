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
import json
import logging
import os
import secrets
import sqlite3
import struct
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from core.case import Case, CaseState
from core.crypto import Sealer, fsync_dir, load_or_create_key
from core.errors import CaseError
from core.ids import uuid7

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


def _m002_uploads_records_devices(db: Database) -> None:
    # tus uploads in progress: the file id is the upload id; part_bytes is how far
    # the part file is valid (anything after it is a torn append and is cut off).
    db["uploads"].create(
        {
            "id": str,
            "length": int,
            "sha256": str,
            "offset": int,
            "part_bytes": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"length", "sha256", "offset", "part_bytes", "created_at"},
    )
    db["records"].create(
        {
            "id": str,
            "kind": str,
            "case_id": str,
            "hall_code": str,
            "device_code": str,
            "digest": str,
            "received_at": str,
            "body": bytes,
        },
        pk="id",
        not_null={"kind", "digest", "received_at", "body"},
    )
    db["records"].create_index(["kind", "received_at"])
    db["devices"].create(
        {
            "id": str,
            "hall_code": str,
            "device_code": str,
            "token_hash": str,
            "enrolled_at": str,
            "revoked_at": str,
            "last_seen_at": str,
        },
        pk="id",
        not_null={"hall_code", "device_code", "token_hash", "enrolled_at"},
    )
    db["devices"].create_index(["token_hash"], unique=True)
    db["enrolments"].create(
        {
            "code_hash": str,
            "hall_code": str,
            "device_code": str,
            "created_at": str,
            "expires_at": str,
            "used_at": str,
            "device_id": str,
        },
        pk="code_hash",
        not_null={"created_at", "expires_at"},
    )
    db["events"].add_column("hall_code", str)
    db.execute(
        "UPDATE events SET hall_code ="
        " (SELECT hall_code FROM cases WHERE cases.id = events.case_id)"
    )
    db["events"].create_index(["hall_code", "device_code", "seq"])


MIGRATIONS: list[Callable[[Database], None]] = [_m001_base, _m002_uploads_records_devices]

# Enrolment codes: Crockford base32 (no I, L, O, U), read aloud or typed on a kiosk.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
ENROL_TTL_S = 24 * 3600.0


def _hash_secret(secret: str) -> str:
    """Tokens and codes are random (>= 60 bits), so a plain SHA-256 is enough at rest."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    """'abcd-efgh-jk0o' → 'ABCDEFGHJK00' (dashes and spaces dropped, O read as 0)."""
    text = "".join(ch for ch in code.upper() if ch.isalnum())
    return text.replace("O", "0").replace("I", "1").replace("L", "1")


class BackofficeStore:
    """The back office's system of record (reference implementation).

    Thread-safe: the HTTP server calls it from a thread pool; one lock
    serialises access to its single SQLite connection (WAL, synchronous=FULL).
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.files_dir = self.data_dir / "files"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self.uploads_dir = self.data_dir / "uploads"
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
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

    def put_file(
        self, file_id: str, data: bytes, sha256: str, *, finishes_upload: bool = False
    ) -> bool:
        """Keep a file whose hash the caller checked. True when new, False when a repeat.

        ConflictError when the id is known with another hash. With
        ``finishes_upload`` the file's tus upload row goes in the same commit.
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
            "INSERT INTO events (case_id, receipt_no, hall_code, device_code, state, reason,"
            " actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case.id,
                case.receipt_no,
                case.hall_code,
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

    def changes(
        self, cursor: int = 0, limit: int = 100, device: str = "", hall: str = ""
    ) -> dict[str, Any]:
        """Status changes after ``cursor`` (oldest first) and the cursor to ask with next,
        for one device (``hall`` and ``device`` codes) or, both empty, for all."""
        sql = "SELECT seq, case_id, receipt_no, state, reason, at FROM events WHERE seq > ?"
        params: list[Any] = [cursor]
        if device:
            sql += " AND device_code = ?"
            params.append(device)
        if hall:
            sql += " AND hall_code = ?"
            params.append(hall)
        sql += " ORDER BY seq LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        keys = ("seq", "case_id", "receipt_no", "state", "reason", "at")
        changes = [dict(zip(keys, r, strict=True)) for r in rows]
        return {"changes": changes, "cursor": changes[-1]["seq"] if changes else cursor}

    # ------------------------------------------------------------------ tus uploads

    def _part_path(self, file_id: str) -> Path:
        return self.uploads_dir / f"{file_id}.part"

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
            now = _now()
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
                        (new_offset, part_bytes + 4 + len(sealed), _now(), file_id),
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

    # ------------------------------------------------------------------ other records

    def put_record(self, record: Any) -> tuple[bool, dict[str, Any]]:
        """Keep a supplement, evaluation, consultation or hand-over once (same rules as
        ``put_case``).

        A supplement needs its case here and every file uploaded with the
        same hash; it is added to the case's trail. A hand-over (出件) needs its
        case READY (or DELIVERED by staff) and no other hand-over: it moves the
        case to DELIVERED (the feed says so) and is added to the trail.
        """
        digest = record.digest()
        kind = record.kind
        with self._lock:
            row = self._db.execute(
                "SELECT kind, digest, received_at FROM records WHERE id = ?", (record.id,)
            ).fetchone()
            if row is not None:
                if (row[0], row[1]) == (kind, digest):
                    return False, {"id": record.id, "kind": kind, "received_at": row[2]}
                raise ConflictError(
                    f"记录 {record.id} 已收到，但这次的内容与收到的不同",
                    {"record_id": record.id, "kind": row[0]},
                )
            case: Case | None = None
            case_id = getattr(record, "case_id", None)
            if kind == "supplement":
                case = self.get_case(record.case_id)
                if case is None:
                    raise InvalidError(
                        f"补正所属的办件 {record.case_id} 不在后台", {"case_id": record.case_id}
                    )
                missing = [
                    ref.id
                    for ref in record.file_refs()
                    if (self.file_info(ref.id) or {}).get("sha256") != ref.sha256
                ]
                if missing:
                    raise InvalidError(
                        f"文件 {missing[0]} 未上传或校验值不符（file missing/hash mismatch）",
                        {"missing_files": missing},
                    )
            elif kind == "handover":
                case = self._handover_case(record)
            now = _now()
            body = json.dumps(record.body(), ensure_ascii=False).encode()
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO records (id, kind, case_id, hall_code, device_code, digest,"
                    " received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        record.id,
                        kind,
                        case_id,
                        record.hall_code,
                        record.device_code,
                        digest,
                        now,
                        self._sealer.seal("record", body, record.id),
                    ),
                )
                if case is not None and kind == "handover":
                    if case.state is CaseState.READY:
                        case.transition(CaseState.DELIVERED, record.staff, "窗口出件")
                        self._event(case, record.staff, now)
                    case.log(
                        "handover",
                        record.staff,
                        {"handover": record.id, "collector": record.collector},
                    )
                    self._db.execute(
                        "UPDATE cases SET state = ?, reason = ?, body = ?, updated_at = ?"
                        " WHERE id = ?",
                        (case.state.value, case.state_reason, self._seal(case), now, case.id),
                    )
                elif case is not None:
                    case.log(
                        "supplement",
                        record.actor,
                        {
                            "supplement": record.id,
                            "materials": [m.code for m in record.materials],
                            "files": [f.id for f in record.file_refs()],
                        },
                    )
                    self._db.execute(
                        "UPDATE cases SET body = ?, updated_at = ? WHERE id = ?",
                        (self._seal(case), now, case.id),
                    )
        log.info("%s %s received", kind, record.id)
        return True, {"id": record.id, "kind": kind, "received_at": now}

    def _handover_case(self, record: Any) -> Case:
        """The case a new hand-over (出件) is for; refused when the result was handed out
        already (another hand-over: 409) or is not ready (422). Caller holds the lock."""
        case = self.get_case(record.case_id)
        if case is None:
            raise InvalidError(
                f"出件所属的办件 {record.case_id} 不在后台", {"case_id": record.case_id}
            )
        other = self._db.execute(
            "SELECT id FROM records WHERE kind = 'handover' AND case_id = ?", (case.id,)
        ).fetchone()
        if other is not None:
            raise ConflictError(
                f"办件 {case.receipt_no} 已出件，不能重复出件",
                {"case_id": case.id, "handover": other[0]},
            )
        # DELIVERED without a hand-over: staff marked it (e.g. sent by post) meanwhile;
        # the window's hand-over is still kept in the trail.
        if case.state not in (CaseState.READY, CaseState.DELIVERED):
            raise InvalidError(
                f"办件 {case.receipt_no} 尚未办结（{case.state.value}），不能出件",
                {"case_id": case.id, "state": case.state.value},
            )
        return case

    def get_record(self, record_id: str) -> tuple[str, dict[str, Any]] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT kind, body FROM records WHERE id = ?", (record_id,)
            ).fetchone()
        if row is None:
            return None
        return row[0], json.loads(self._sealer.open("record", row[1], record_id))

    def list_records(self, kind: str, limit: int = 100) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, kind, case_id, hall_code, device_code, received_at FROM records"
                " WHERE kind = ? ORDER BY received_at DESC LIMIT ?",
                (kind, limit),
            ).fetchall()
        keys = ("id", "kind", "case_id", "hall_code", "device_code", "received_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # ------------------------------------------------------------------ devices

    def create_enrolment(
        self, hall_code: str = "", device_code: str = "", ttl_s: float = ENROL_TTL_S
    ) -> str:
        """A one-time enrolment code (valid ``ttl_s``); optionally bound to one device."""
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
        now = dt.datetime.now(dt.UTC)
        with self._lock, self._db.atomic():
            self._db.execute(
                "INSERT INTO enrolments (code_hash, hall_code, device_code, created_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?)",
                (
                    _hash_secret(code),
                    hall_code,
                    device_code,
                    now.isoformat(timespec="milliseconds"),
                    (now + dt.timedelta(seconds=ttl_s)).isoformat(timespec="milliseconds"),
                ),
            )
        log.info("enrolment code created (for %s/%s)", hall_code or "*", device_code or "*")
        return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))

    def enrol(self, code: str, hall_code: str, device_code: str) -> dict[str, str]:
        """Exchange a one-time code for a device token. Re-enrolling a device replaces
        its old token. ConflictError when the code is unknown, used, expired or bound
        to another device (one message for all: a guesser learns nothing)."""
        digest = _hash_secret(normalise_code(code))
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        with self._lock:
            row = self._db.execute(
                "SELECT hall_code, device_code, expires_at, used_at FROM enrolments"
                " WHERE code_hash = ?",
                (digest,),
            ).fetchone()
            bad = (
                row is None
                or row[3] is not None
                or row[2] < now
                or (row[0] and row[0] != hall_code)
                or (row[1] and row[1] != device_code)
            )
            if bad:
                log.warning("enrolment refused for %s/%s", hall_code, device_code)
                raise ConflictError("登记码无效、已使用或已过期", None)
            token = secrets.token_urlsafe(32)
            device_id = uuid7()
            with self._db.atomic():
                self._db.execute(
                    "UPDATE devices SET revoked_at = ? WHERE hall_code = ? AND device_code = ?"
                    " AND revoked_at IS NULL",
                    (now, hall_code, device_code),
                )
                self._db.execute(
                    "INSERT INTO devices (id, hall_code, device_code, token_hash, enrolled_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (device_id, hall_code, device_code, _hash_secret(token), now),
                )
                self._db.execute(
                    "UPDATE enrolments SET used_at = ?, device_id = ? WHERE code_hash = ?",
                    (now, device_id, digest),
                )
        log.info("device %s/%s enrolled (%s)", hall_code, device_code, device_id)
        return {
            "token": token,
            "device_id": device_id,
            "hall_code": hall_code,
            "device_code": device_code,
        }

    def device_for_token(self, token: str) -> dict[str, str] | None:
        """The enrolled, not revoked device holding ``token``, or None."""
        if not token:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT id, hall_code, device_code FROM devices WHERE token_hash = ?"
                " AND revoked_at IS NULL",
                (_hash_secret(token),),
            ).fetchone()
        return dict(zip(("id", "hall_code", "device_code"), row, strict=True)) if row else None

    def has_devices(self) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM devices WHERE revoked_at IS NULL LIMIT 1"
            ).fetchone()
        return row is not None

    def list_devices(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, hall_code, device_code, enrolled_at, revoked_at FROM devices"
                " ORDER BY enrolled_at"
            ).fetchall()
        keys = ("id", "hall_code", "device_code", "enrolled_at", "revoked_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def revoke_device(self, device_id: str) -> bool:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        with self._lock, self._db.atomic():
            cur = self._db.execute(
                "UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (now, device_id),
            )
        return cur.rowcount > 0

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
