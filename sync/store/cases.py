"""Cases (办件): saving a submitted case with its outbox entry, reading, state changes.

A case and its outbox entry commit in one transaction (transactional
outbox); ``submit_new_case`` puts the receipt number's allocation in that
transaction too. The status feed from the back office moves cases along
allowed transitions (``apply_status_changes``), its cursor in the same
transaction. Case bodies are sealed with the device key.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from core.case import TRANSITIONS, Case, CaseState
from core.errors import CaseError, StorageError
from core.ids import receipt_number
from sync.store.database import now_iso
from sync.store.receipts import ReceiptSequence

log = logging.getLogger("sync.store")


class CaseStore(ReceiptSequence):
    """Cases and the status feed; part of LocalStore. Any thread."""

    # ------------------------------------------------------------------ cases

    def _seal_case(self, case: Case) -> bytes:
        return self._sealer.seal("case", case.model_dump_json().encode(), case.id)

    def _sign(self, case: Case) -> None:
        """This device's signature on the submitted case (core.case_seal), once."""
        if case.seal is None:
            case.seal = self.signer.seal(case)

    def _open_case(self, case_id: str, blob: bytes) -> Case:
        raw = self._sealer.open("case", blob, case_id)
        return Case.model_validate_json(raw)

    def submit_case(self, case: Case) -> None:
        """Save a submitted case and its outbox entry in ONE transaction.

        Saving the same case again is a no-op; saving other content under the
        same id raises CaseError. Raises StorageError (disk full, I/O error)
        with nothing half-saved.
        """
        _check_submitted(case)
        self._sign(case)
        blob, digest = self._seal_case(case), case.body_digest()
        with self._write("办件") as db:
            saved = self._insert_case(db, case, blob, digest)
        if saved:
            log.info("case %s saved (receipt %s), queued for sync", case.id, case.receipt_no)
        else:
            log.info("case %s already saved; nothing to do", case.id)

    def submit_new_case(
        self, hall_code: str, device_code: str, day: dt.date, build: Callable[[str], Case]
    ) -> Case:
        """Allocate a receipt number and save the case ``build(receipt_no)`` returns, with
        its outbox entry, in ONE transaction (one fsync'd commit); returns the case.

        ``build`` runs inside the write transaction (keep it quick, no I/O);
        when it or the save raises, nothing is saved and the number is not
        used. Errors as ``submit_case``.
        """
        with self._write("办件") as db:
            seq = self._allocate(db, hall_code, device_code, day)
            case = build(receipt_number(hall_code, device_code, day, seq))
            _check_submitted(case)
            self._sign(case)
            self._insert_case(db, case, self._seal_case(case), case.body_digest())
        log.info("case %s saved (receipt %s), queued for sync", case.id, case.receipt_no)
        return case

    def _insert_case(self, db: Database, case: Case, blob: bytes, digest: str) -> bool:
        """Insert the case and its outbox entry (caller's transaction); False if already saved."""
        now = now_iso()
        refs = [f for m in case.materials for f in m.files]
        row = db.execute("SELECT digest FROM cases WHERE id = ?", (case.id,)).fetchone()
        if row is not None:
            if row[0] == digest:
                return False
            raise CaseError("store.case_differs", case=case.id)
        other = db.execute(
            "SELECT id FROM cases WHERE receipt_no = ?", (case.receipt_no,)
        ).fetchone()
        if other is not None:
            raise CaseError("store.receipt_taken", case=case.id, receipt=case.receipt_no)
        for ref in refs:
            f = db.execute("SELECT sha256 FROM files WHERE id = ?", (ref.id,)).fetchone()
            if f is None or f[0] != ref.sha256:
                raise StorageError("store.case_file_missing", file=ref.id)
        db.execute(
            "INSERT INTO cases (id, receipt_no, state, item_code, created_at, submitted_at,"
            " updated_at, digest, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case.id,
                case.receipt_no,
                case.state.value,
                case.item_code,
                case.created_at.astimezone(dt.UTC).isoformat(timespec="milliseconds"),
                now,
                now,
                digest,
                blob,
            ),
        )
        db.conn.executemany(
            "UPDATE files SET case_id = ? WHERE id = ?", [(case.id, r.id) for r in refs]
        )
        self._queued_work()
        db.execute(
            "INSERT INTO outbox (kind, case_id, record_id, state, attempts, created_at,"
            " updated_at) VALUES ('case', ?, ?, 'queued', 0, ?, ?)",
            (case.id, case.id, now, now),
        )
        return True

    def get_case(self, case_id: str) -> Case:
        """The case as last saved; CaseError when unknown, StorageError when unreadable."""
        with self._read("办件") as db:
            row = db.execute("SELECT body FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseError("store.case_unknown", case=case_id)
        return self._open_case(case_id, row[0])

    def case_by_receipt(self, receipt_no: str) -> Case | None:
        """The case with this receipt number (受理编号), or None."""
        with self._read("办件") as db:
            row = db.execute(
                "SELECT id, body FROM cases WHERE receipt_no = ?", (receipt_no,)
            ).fetchone()
        return self._open_case(row[0], row[1]) if row else None

    def list_cases(
        self, limit: int = 100, states: tuple[CaseState, ...] | None = None
    ) -> list[Case]:
        """Saved cases (only those in ``states`` when given), the most recently submitted
        first (unreadable ones skipped)."""
        where, params = "", []
        if states is not None:
            where = f" WHERE state IN ({','.join('?' * len(states))})"
            params = [s.value for s in states]
        with self._read("办件列表") as db:
            rows = db.execute(
                f"SELECT id, body FROM cases{where} ORDER BY rowid DESC LIMIT ?", (*params, limit)
            ).fetchall()
        out: list[Case] = []
        for case_id, blob in rows:
            try:
                out.append(self._open_case(case_id, blob))
            except (StorageError, ValueError):
                log.error("case %s could not be decrypted; skipped in list", case_id)
        return out

    def update_case_state(
        self, case_id: str, state: CaseState, reason: str = "", actor: str = "backoffice"
    ) -> None:
        """Move a case (Case.transition: the trail records it); CaseError if not allowed."""
        with self._write("办件状态") as db:
            self._transition(db, case_id, state, reason, actor)
        log.info("case %s is now %s", case_id, state.value)

    def _transition(
        self, db: Database, case_id: str, state: CaseState, reason: str, actor: str
    ) -> Case:
        row = db.execute("SELECT body FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise CaseError("store.case_unknown", case=case_id)
        case = self._open_case(case_id, row[0])
        case.transition(state, actor, reason)
        db.execute(
            "UPDATE cases SET state = ?, body = ?, updated_at = ? WHERE id = ?",
            (case.state.value, self._seal_case(case), now_iso(), case_id),
        )
        return case

    # ------------------------------------------------------------------ status feed

    def status_cursor(self) -> int:
        with self._read("状态游标") as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'status_cursor'").fetchone()
        return int(row[0]) if row else 0

    def apply_status_changes(self, changes: list[dict[str, Any]], cursor: int) -> list[str]:
        """Apply the back office's status changes to local cases and keep the cursor, in one
        transaction. Unknown cases and changes already applied are skipped. Returns the ids
        of the cases that changed."""
        changed: list[str] = []
        now = now_iso()
        with self._write("办件状态") as db:
            for ch in changes:
                case_id, reason = str(ch.get("case_id", "")), str(ch.get("reason") or "")
                try:
                    target = CaseState(str(ch.get("state", "")))
                except ValueError:
                    log.warning("status feed: unknown state for case %s; skipped", case_id)
                    continue
                row = db.execute("SELECT state FROM cases WHERE id = ?", (case_id,)).fetchone()
                if row is None:
                    continue
                path = _path(CaseState(row[0]), target)
                if not path:
                    continue  # already there or past it
                for step in path:
                    why = reason if step is target else ""
                    self._transition(db, case_id, step, why, "backoffice")
                if target not in (CaseState.SUBMITTED, CaseState.SYNCED):
                    db.execute(
                        "UPDATE cases SET confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ?",
                        (now, case_id),
                    )
                if case_id not in changed:
                    changed.append(case_id)
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('status_cursor', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(cursor),),
            )
        if changed:
            log.info("status feed: %d case(s) changed", len(changed))
        return changed


def _check_submitted(case: Case) -> None:
    if case.state is not CaseState.SUBMITTED:
        raise CaseError("store.case_not_submitted", state=case.state.value)
    if not case.receipt_no:
        raise CaseError("store.case_no_receipt", case=case.id)


def _path(frm: CaseState, to: CaseState) -> list[CaseState]:
    """The shortest chain of allowed transitions from ``frm`` to ``to`` ([] if none)."""
    if frm is to:
        return []
    seen = {frm}
    queue: list[tuple[CaseState, list[CaseState]]] = [(frm, [])]
    while queue:
        state, steps = queue.pop(0)
        for nxt in sorted(TRANSITIONS[state], key=lambda s: s.value):
            if nxt in seen:
                continue
            if nxt is to:
                return [*steps, nxt]
            seen.add(nxt)
            queue.append((nxt, [*steps, nxt]))
    return []
