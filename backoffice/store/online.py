"""网上申报: online applications, their uploads, the pre-review (网上预审) and taking in.

A citizen applies on the public page (backoffice.web.online): the item, who
they are, the form and the materials' scans. The application gets a number
``WS`` + date + a 4-digit sequence of the day, unique by the database's key
(day, seq), so several workers never hand out one number twice. The personal
data (name, ID number, phone, form) is the sealed ``body``, like a case's;
the row keeps only the holder's keyed hash (the holders' index digest of
backoffice.store.progress) so a window finds it by the card. The uploads are
files like any received file (sealed in the blob store, owner ``online``),
listed per application in ``online_files``.

States: ``submitted`` (待预审) → ``approved`` (预审通过) or ``returned`` (退回补正,
with a reason; the applicant applies again) → ``taken`` (当场受理: the case it
became is set once, by ``take``; the same case again is the same answer,
another case is a conflict). Portable SQL (SQLite and PostgreSQL). Any thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from backoffice.store.cases import CaseStore
from backoffice.store.database import DuplicateKeyError, now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from core.ids import uuid7
from core.messages import Words

log = logging.getLogger("backoffice.store")

FILE_OWNER = "online"  # the owner of uploaded files (no device sent them)
NUMBER_RE = re.compile(r"WS(\d{8})(\d{4})")
STATES = ("submitted", "approved", "returned", "taken")
DECISIONS = ("approved", "returned")
MAX_REASON = 500
_KEYS = (
    "number",
    "id",
    "item_code",
    "item_name",
    "department",
    "state",
    "reason",
    "reviewed_by",
    "reviewed_at",
    "created_at",
    "taken_case_id",
    "taken_receipt_no",
    "taken_by",
    "taken_at",
)
_COLUMNS = ", ".join(_KEYS)
_FILE_KEYS = ("seq", "material_code", "material_name", "file_id", "media_type", "size", "sha256")


def parse_online_number(text: str) -> str | None:
    """``text`` as an application number (WS + YYYYMMDD + 4 digits), or None."""
    number = text.strip().upper()
    return number if NUMBER_RE.fullmatch(number) else None


@dataclass(frozen=True)
class Upload:
    """One uploaded material's file, checked by the page (type and size). Any thread."""

    material_code: str
    material_name: str
    media_type: str
    data: bytes


class OnlineStore(CaseStore):
    """Online applications; part of BackofficeStore. Any thread."""

    def create_application(
        self,
        *,
        item_code: str,
        item_name: str,
        department: str,
        applicant: dict[str, str],
        form: dict[str, str],
        uploads: list[Upload],
        today: dt.date | None = None,
    ) -> str:
        """Keep a new application with its uploads; its number. ``applicant`` holds
        ``name``, ``id_number`` and ``phone`` (checked by the caller)."""
        app_id = uuid7()
        day = (today or dt.date.today()).strftime("%Y%m%d")
        body = json.dumps(
            {"applicant": applicant, "form": form}, ensure_ascii=False, sort_keys=True
        ).encode()
        sealed = self._sealer.seal("online", body, app_id)
        files = []
        for up in uploads:
            file_id = uuid7()
            sha = hashlib.sha256(up.data).hexdigest()
            self.put_file(file_id, up.data, sha, owner=FILE_OWNER)
            files.append((up, file_id, sha))
        now = now_iso()
        for _attempt in range(20):
            try:
                with self._lock, self._db.atomic():
                    row = self._db.execute(
                        "SELECT MAX(seq) FROM online_applications WHERE day = ?", (day,)
                    ).fetchone()
                    seq = int(row[0] or 0) + 1
                    if seq > 9999:
                        raise InvalidError(Words("bo.online_day_full"), {"day": day})
                    number = f"WS{day}{seq:04d}"
                    self._db.execute(
                        "INSERT INTO online_applications (number, id, day, seq, item_code,"
                        " item_name, department, holder, state, created_at, body)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?)",
                        (
                            number,
                            app_id,
                            day,
                            seq,
                            item_code,
                            item_name,
                            department,
                            self._holder_digest(applicant["id_number"]),
                            now,
                            sealed,
                        ),
                    )
                    for i, (up, file_id, sha) in enumerate(files):
                        self._db.execute(
                            "INSERT INTO online_files (number, seq, material_code, material_name,"
                            " file_id, media_type, size, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (
                                number,
                                i,
                                up.material_code,
                                up.material_name,
                                file_id,
                                up.media_type,
                                len(up.data),
                                sha,
                            ),
                        )
                log.info("online application %s received (%d file(s))", number, len(files))
                return number
            except DuplicateKeyError:
                continue  # another worker took this sequence number: the next one
        raise ConflictError(Words("bo.online_busy"), {"day": day})

    def _online_row(self, number: str) -> dict[str, Any] | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM online_applications WHERE number = ?", (number,)
        ).fetchone()
        return dict(zip(_KEYS, row, strict=True)) if row is not None else None

    def online_application(self, number: str, *, personal: bool = True) -> dict[str, Any] | None:
        """One application with its files' list (``files``) and, with ``personal``, what
        the applicant wrote (``applicant``, ``form``), or None."""
        with self._lock:
            out = self._online_row(number)
            if out is None:
                return None
            files = self._db.execute(
                f"SELECT {', '.join(_FILE_KEYS)} FROM online_files WHERE number = ? ORDER BY seq",
                (number,),
            ).fetchall()
            body = self._db.execute(
                "SELECT body FROM online_applications WHERE number = ?", (number,)
            ).fetchone()[0]
        out["files"] = [dict(zip(_FILE_KEYS, f, strict=True)) for f in files]
        if personal:
            out.update(json.loads(self._sealer.open("online", bytes(body), out["id"])))
        return out

    def online_by_holder(self, id_number: str, limit: int = 20) -> list[dict[str, Any]]:
        """The card holder's applications, newest first (found by the keyed hash, the
        number checked inside the sealed body)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT number FROM online_applications WHERE holder = ?"
                " ORDER BY created_at DESC, number DESC LIMIT ?",
                (self._holder_digest(id_number), limit),
            ).fetchall()
        out = []
        typed = id_number.strip().upper().encode()
        for (number,) in rows:
            app = self.online_application(number)
            held = str(app["applicant"].get("id_number", "")).upper().encode() if app else b""
            if app is not None and hmac.compare_digest(held, typed):
                out.append(app)
        return out

    def online_applications(
        self, departments: list[str] | None = None, state: str = "", limit: int = 100
    ) -> list[dict[str, Any]]:
        """Applications newest first, of ``departments`` (every one with None), in
        ``state`` (any with ""); no personal data."""
        sql = f"SELECT {_COLUMNS} FROM online_applications WHERE 1 = 1"
        params: list[Any] = []
        if departments is not None:
            marks = ", ".join("?" for _ in departments) or "''"
            sql += f" AND department IN ({marks})"
            params.extend(departments)
        if state:
            sql += " AND state = ?"
            params.append(state)
        sql += " ORDER BY created_at DESC, number DESC LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [dict(zip(_KEYS, r, strict=True)) for r in rows]

    def review_online(self, number: str, decision: str, reason: str, by: str) -> dict[str, Any]:
        """预审通过 (``approved``) or 退回补正 (``returned``, a reason needed) of an application
        not taken in yet; a later review replaces an earlier one. NotFoundError, InvalidError,
        ConflictError (already taken in)."""
        text = reason.strip()
        if decision not in DECISIONS:
            raise InvalidError(Words("bo.online_bad_decision"), {"decision": decision[:20]})
        if len(text) > MAX_REASON or (decision == "returned" and not text):
            raise InvalidError(Words("bo.online_reason"), {"max": MAX_REASON})
        with self._lock, self._db.atomic():
            row = self._online_row(number)
            if row is None:
                raise NotFoundError(Words("bo.no_online_application"), {"number": number})
            if row["state"] == "taken":
                raise ConflictError(
                    Words("bo.online_taken", receipt_no=row["taken_receipt_no"]),
                    {"number": number, "receipt_no": row["taken_receipt_no"]},
                )
            self._db.execute(
                "UPDATE online_applications SET state = ?, reason = ?, reviewed_by = ?,"
                " reviewed_at = ? WHERE number = ?",
                (decision, text, by, now_iso(), number),
            )
            out = self._online_row(number)
        assert out is not None
        return out

    def take_online(
        self, number: str, case_id: str, receipt_no: str, by: str
    ) -> tuple[bool, dict[str, Any]]:
        """当场受理: the application becomes case ``case_id``, exactly once; (newly taken,
        row). The same case again: (False, row); another case, or an application not
        pre-reviewed (预审通过): ConflictError saying why; unknown: NotFoundError."""
        with self._lock, self._db.atomic():
            row = self._online_row(number)
            if row is None:
                raise NotFoundError(Words("bo.no_online_application"), {"number": number})
            if row["state"] == "taken":
                if row["taken_case_id"] == case_id:
                    if receipt_no and not row["taken_receipt_no"]:  # claimed before the number
                        self._db.execute(
                            "UPDATE online_applications SET taken_receipt_no = ? WHERE number = ?",
                            (receipt_no, number),
                        )
                        row["taken_receipt_no"] = receipt_no
                    return False, row
                raise ConflictError(
                    Words("bo.online_taken", receipt_no=row["taken_receipt_no"]),
                    {"number": number, "receipt_no": row["taken_receipt_no"]},
                )
            if row["state"] != "approved":
                raise ConflictError(
                    Words("bo.online_not_approved", state=row["state"]),
                    {"number": number, "state": row["state"]},
                )
            self._db.execute(
                "UPDATE online_applications SET state = 'taken', taken_case_id = ?,"
                " taken_receipt_no = ?, taken_by = ?, taken_at = ? WHERE number = ?",
                (case_id, receipt_no, by, now_iso(), number),
            )
            out = self._online_row(number)
        assert out is not None
        log.info("online application %s taken in as case %s", number, case_id)
        return True, out

    def note_online_receipt(self, case_id: str, receipt_no: str) -> None:
        """The receipt number of the case an application became, once the case arrives
        (the window claims the application before its case has a number)."""
        with self._lock, self._db.atomic():
            self._db.execute(
                "UPDATE online_applications SET taken_receipt_no = ?"
                " WHERE taken_case_id = ? AND taken_receipt_no = ''",
                (receipt_no, case_id),
            )

    def online_taken_by(self, case_id: str) -> dict[str, Any] | None:
        """The application taken in as case ``case_id``, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT number FROM online_applications WHERE taken_case_id = ?", (case_id,)
            ).fetchone()
        return self.online_application(row[0], personal=False) if row else None
