"""Salvage: what a damaged local database still holds, brought into the fresh one.

When StoreDatabase finds ``onewindow.db`` damaged it moves it aside and
starts afresh; the cases, files, records and outbox entries in the set-aside
file must not be stranded there. ``salvage`` reads it (sync.store.salvage_read:
a private copy, row by row, a damaged page costing only its rows; case rows
below a lost interior page are decoded from the raw leaf pages), checks
every row before trusting it (a case or record body must open with the device
key; a case still to be sent needs each scanned file, decrypting to its
hash), and copies what passes as it is (ciphertext stays ciphertext). The
outbox entries come along (a claim becomes due again); a case or record whose
entry was lost is queued again. The back office deduplicates by id, so what
had been sent already is simply answered 200.

What cannot be salvaged is recorded in ``unsalvaged`` with its receipt number
when one is known: a case whose row is unreadable while its entry waits, a
case whose files are gone, a record that no longer reads, a receipt number
seen in the file (readable rows, the index of receipt numbers, raw bytes)
with no readable case behind it, or the whole file when SQLite reads nothing
of it. Staff see it on the status bar and with ``onewindow sync status``
until they acknowledge it (the paper copies go to the back office by hand).
The receipt sequence is raised past every number seen, so a number is never
handed out twice.

Runs while the store opens, in the opener's write transaction, before any
other thread has the store. Logs counts only, never contents.

A little over 500 lines, on purpose: the decisions of one pass (what to
trust, what to re-queue, what to list) read best side by side; the reading
itself is in sync.store.salvage_read and sync.store.salvage_pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.case import Case, CaseState
from core.crypto import Sealer
from core.errors import StorageError
from core.ids import parse_receipt_number
from core.messages import Words, to_stored
from sync.store.salvage_pages import leaf_rows
from sync.store.salvage_read import DamagedFile

log = logging.getLogger("sync.store")

_ID_RE = re.compile(r"[0-9a-fA-F-]{8,64}")
_SHA_RE = re.compile(r"[0-9a-f]{64}")
_KINDS = ("case", "supplement", "evaluation", "consultation", "handover")
_STATES = ("queued", "uploading", "retry", "done", "quarantined")


@dataclass
class SalvageResult:
    """What one salvage brought over and what it could not. Plain data."""

    cases: int = 0
    records: int = 0
    entries: int = 0
    files: int = 0
    unsalvaged: list[tuple[str, str, str, str]] = field(default_factory=list)
    # (receipt_no or "", case_id or "", kind, stored reason)


@dataclass
class _Lost:
    receipt: str
    case_id: str
    kind: str
    reason: Words


def salvage(
    source: Path,
    work: Path,
    conn: sqlite3.Connection,
    sealer: Sealer,
    files_dir: Path,
    prefixes: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
) -> SalvageResult:
    """Copy what ``source`` (a damaged database set aside) still holds into ``conn``.

    ``conn`` is the fresh store's connection inside its write transaction;
    ``work`` the path of a private copy (deleted after); ``prefixes`` the
    (hall, device) pairs of this device's receipt numbers known from
    elsewhere (receipt_seq.json). OSError when the copy cannot be made (disk
    full): the caller tries again at the next start.
    """
    damaged = DamagedFile(source, work)
    try:
        return _Salvage(damaged, conn, sealer, files_dir, set(prefixes)).run()
    finally:
        damaged.close()


class _Salvage:
    """One salvage run; see ``salvage``. The opener's thread only."""

    def __init__(
        self,
        src: DamagedFile,
        conn: sqlite3.Connection,
        sealer: Sealer,
        files_dir: Path,
        prefixes: set[tuple[str, str]],
    ) -> None:
        self.src, self.conn, self.sealer, self.files_dir = src, conn, sealer, files_dir
        self.prefixes = prefixes
        self.result = SalvageResult()
        self._cols: dict[str, set[str]] = {}
        self._seen: set[str] | None = None
        self._raw_pairs: dict[str, str] = {}
        self._unreadable = Words("store.unsalvaged.case_unreadable")
        self.lost: dict[str, _Lost] = {}  # case id (or record id, or receipt) -> what is lost
        self.now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")

    # ------------------------------------------------------------------ run

    def run(self) -> SalvageResult:
        src = self.src
        if not src.readable:
            self._lose("", "", "store", Words("store.unsalvaged.unreadable"))
            self._raise_sequences(self._receipts_seen({}))
            return self._finish()
        keys = {r.get("value") for r in src.rows("meta") if r.get("key") == "key_check"}
        if keys and self.sealer.key_check() not in keys:  # sealed with another device key
            self._unreadable = Words("store.unsalvaged.other_key")
        files = {r["id"]: r for r in src.rows("files") if _file_row_ok(r)}
        entries = [r for r in src.rows("outbox") if _entry_row_ok(r)]
        by_case: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in entries:
            if e.get("case_id"):
                by_case[e["case_id"]].append(e)
        receipt_of = self._receipts_by_case()
        self._receipts_seen(receipt_of)  # the raw scan, before the rows: it pairs ids too
        for case_id, receipt in self._raw_pairs.items():
            receipt_of.setdefault(case_id, receipt)

        cases: dict[str, tuple[dict[str, Any], Case]] = {}
        settled: set[str] = {c for c, rows in by_case.items() if not _pending("", rows)}
        for row in src.rows("cases"):
            case_id, receipt = str(row.get("id") or ""), str(row.get("receipt_no") or "")
            if not _ID_RE.fullmatch(case_id):
                continue
            if parse_receipt_number(receipt):
                receipt_of[case_id] = receipt
            case = self._open_case(row)
            if case is None:
                if _pending(row.get("state"), by_case.get(case_id, [])):
                    self._lose(receipt, case_id, "case", self._unreadable)
                else:  # the back office has it and nothing waits: nothing to send
                    settled.add(case_id)
                continue
            if self._needs_files(case, by_case.get(case_id, [])) and not self._files_ok(
                case, files
            ):
                self._lose(receipt, case_id, "case", Words("store.unsalvaged.files_lost"))
                continue
            cases[case_id] = (row, case)
        if src.damaged_reads or self.lost:
            self._cases_from_pages(cases, files, by_case, settled)
        for case_id, rows in by_case.items():  # entries whose case row did not read at all
            if case_id not in cases and case_id not in self.lost and _pending(None, rows):
                receipt = receipt_of.get(case_id, "")
                self._lose(receipt, case_id, "case", self._unreadable)

        self._insert_cases(cases, files)
        records = self._records(files, cases, entries)
        self._insert_records(records)
        self._insert_entries(entries, cases, records)
        self._copy_print_jobs()
        self._copy_status_cursor()

        known = {receipt_of.get(c, "") for c in settled}
        known |= {case.receipt_no for _row, case in cases.values()}
        known |= {lost.receipt for lost in self.lost.values()}
        for receipt in sorted(self._receipts_seen(receipt_of)):
            if receipt in known:
                continue
            self._lose(receipt, "", "case", Words("store.unsalvaged.receipt_only"))
        self._raise_sequences(self._receipts_seen(receipt_of) | set(receipt_of.values()))
        return self._finish()

    def _cases_from_pages(
        self,
        cases: dict[str, tuple[dict[str, Any], Case]],
        files: dict[str, dict[str, Any]],
        by_case: dict[str, list[dict[str, Any]]],
        settled: set[str],
    ) -> None:
        """Case rows on leaf pages SQLite could not reach (an interior page was lost).

        Read from the raw pages (sync.store.salvage_pages); a row counts only
        when its body opens with the device key under its own id. Of several
        copies of one case (a page freed by an update keeps the older one),
        the last updated wins.
        """
        cols = self.src.columns.get("cases") or [
            r[1] for r in self.conn.execute("PRAGMA table_info(cases)")
        ]
        if not {"id", "body", "updated_at"} <= set(cols):
            return
        need = cols.index("body") + 1
        found: dict[str, tuple[dict[str, Any], Case]] = {}
        for _rowid, values in leaf_rows(self.src.work):
            if not need <= len(values) <= len(cols):
                continue
            row = dict(zip(cols, values + [None] * (len(cols) - len(values)), strict=True))
            case_id = row["id"]
            if not isinstance(case_id, str) or case_id in cases or case_id in settled:
                continue
            case = self._open_case(row)
            if case is None:
                continue
            prev = found.get(case_id)
            if prev is None or str(row["updated_at"] or "") > str(prev[0]["updated_at"] or ""):
                found[case_id] = (row, case)
        for case_id, (row, case) in found.items():
            receipt = case.receipt_no
            if self._needs_files(case, by_case.get(case_id, [])) and not self._files_ok(
                case, files
            ):
                self.lost.pop(case_id, None)
                self._lose(receipt, case_id, "case", Words("store.unsalvaged.files_lost"))
                continue
            self.lost.pop(case_id, None)
            cases[case_id] = (row, case)

    def _lose(self, receipt: str, ident: str, kind: str, reason: Words) -> None:
        self.lost.setdefault(
            ident or receipt or f"#{len(self.lost)}", _Lost(receipt, ident, kind, reason)
        )

    def _finish(self) -> SalvageResult:
        for lost in self.lost.values():
            self.conn.execute(
                "INSERT INTO unsalvaged (receipt_no, case_id, kind, reason, source, found_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    lost.receipt,
                    lost.case_id,
                    lost.kind,
                    to_stored(lost.reason),
                    self.src.source.name,
                    self.now,
                ),
            )
            self.result.unsalvaged.append(
                (lost.receipt, lost.case_id, lost.kind, to_stored(lost.reason))
            )
        return self.result

    # ------------------------------------------------------------------ checks

    def _open_case(self, row: dict[str, Any]) -> Case | None:
        body = row.get("body")
        if not isinstance(body, bytes):
            return None
        try:
            case = Case.model_validate_json(self.sealer.open("case", body, row["id"]))
        except (StorageError, ValueError):
            return None
        if case.id != row["id"] or case.receipt_no != row.get("receipt_no"):
            return None
        return case

    def _needs_files(self, case: Case, entries: list[dict[str, Any]]) -> bool:
        """Is the case itself still to be sent (so its scanned files must be there)?"""
        mine = [e for e in entries if e["kind"] == "case"]
        if mine:
            return any(e["state"] != "done" for e in mine)
        return case.state is CaseState.SUBMITTED

    def _files_ok(self, case: Case, files: dict[str, dict[str, Any]]) -> bool:
        for ref in (f for m in case.materials for f in m.files):
            if not self._blob_ok(ref.id, ref.sha256):
                return False
            files.setdefault(
                ref.id,
                {
                    "id": ref.id,
                    "sha256": ref.sha256,
                    "size": ref.size,
                    "media_type": ref.media_type,
                    "created_at": self.now,
                },
            )
            files[ref.id]["case_id"] = case.id
        return True

    def _blob_ok(self, file_id: str, sha256: str) -> bool:
        if not _ID_RE.fullmatch(file_id):
            return False
        try:
            blob = (self.files_dir / f"{file_id}.bin").read_bytes()
            data = self.sealer.open("file", blob, file_id)
        except (OSError, StorageError):
            return False
        return hashlib.sha256(data).hexdigest() == sha256

    def _records(
        self,
        files: dict[str, dict[str, Any]],
        cases: dict[str, tuple[dict[str, Any], Case]],
        entries: list[dict[str, Any]],
    ) -> dict[str, dict[str, Any]]:
        """Records that read and whose case (if any) came over; the others are lost."""
        pending = {e["record_id"] for e in entries if e["kind"] != "case" and e["state"] != "done"}
        out: dict[str, dict[str, Any]] = {}
        for row in self.src.rows("records"):
            rec_id, kind = str(row.get("id") or ""), row.get("kind")
            if not _ID_RE.fullmatch(rec_id) or kind not in _KINDS or kind == "case":
                continue
            case_id = row.get("case_id")
            ok = isinstance(row.get("body"), bytes) and (not case_id or case_id in cases)
            if ok:
                try:
                    self.sealer.open("record", row["body"], rec_id)
                except StorageError:
                    ok = False
            if ok and kind == "supplement" and rec_id in pending:
                refs = [f for f in files.values() if f.get("record_id") == rec_id]
                ok = all(self._blob_ok(f["id"], f["sha256"]) for f in refs)
            if ok:
                out[rec_id] = row
            elif rec_id in pending and not (case_id and case_id in self.lost):
                self._lose("", case_id or rec_id, kind, Words("store.unsalvaged.record_unreadable"))
        for e in entries:  # waiting entries whose record row did not read at all
            rid = e["record_id"]
            if e["kind"] != "case" and e["state"] != "done" and rid not in out:
                case_id = e.get("case_id") or ""
                if case_id not in self.lost and rid not in self.lost:
                    self._lose(
                        "", case_id or rid, e["kind"], Words("store.unsalvaged.record_unreadable")
                    )
        return out

    # ------------------------------------------------------------------ copying

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        cols = [c for c in row if c in self._target_columns(table)]
        marks = ", ".join("?" * len(cols))
        names = ", ".join(cols)
        cur = self.conn.execute(
            f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})", [row[c] for c in cols]
        )
        return cur.rowcount

    def _target_columns(self, table: str) -> set[str]:
        if table not in self._cols:
            self._cols[table] = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
        return self._cols[table]

    def _insert_cases(
        self, cases: dict[str, tuple[dict[str, Any], Case]], files: dict[str, dict[str, Any]]
    ) -> None:
        for case_id, (row, _case) in list(cases.items()):
            if self._insert("cases", row):
                self.result.cases += 1
                continue
            there = self.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone()
            if there is None:  # its receipt number is another case's here: keep both apart
                del cases[case_id]
                receipt = str(row.get("receipt_no") or "")
                self._lose(receipt, case_id, "case", self._unreadable)
        for f in files.values():
            if f.get("case_id") in cases or f.get("record_id"):
                self.result.files += self._insert("files", f)

    def _insert_records(self, records: dict[str, dict[str, Any]]) -> None:
        for row in records.values():
            self.result.records += self._insert("records", row)

    def _insert_entries(
        self,
        entries: list[dict[str, Any]],
        cases: dict[str, tuple[dict[str, Any], Case]],
        records: dict[str, dict[str, Any]],
    ) -> None:
        """The entries whose case and record came over, plus new ones for entries lost.

        Numbered anew in order, a re-made case entry before the other entries
        of its case (a supplement must not reach the back office before its case).
        """
        kept: list[dict[str, Any]] = []
        for e in sorted(entries, key=lambda e: e["id"]):
            case_id = e.get("case_id")
            if case_id and case_id not in cases:
                continue
            if e["kind"] != "case" and e["record_id"] not in records:
                continue
            if e["kind"] == "case" and e["record_id"] != case_id:
                continue
            kept.append(e)
        have = {(e["kind"], e["record_id"]) for e in kept}
        first: dict[str, int] = {}
        for i, e in enumerate(kept):
            if e.get("case_id"):
                first.setdefault(e["case_id"], i)
        order: list[tuple[float, dict[str, Any]]] = [(float(i), e) for i, e in enumerate(kept)]
        for case_id, (_row, case) in cases.items():
            if ("case", case_id) not in have and case.state is CaseState.SUBMITTED:
                at = first.get(case_id, len(kept)) - 0.5
                order.append((at, self._new_entry("case", case_id, case_id)))
        for rec_id, row in records.items():
            if (row["kind"], rec_id) not in have and not row.get("purged_at"):
                order.append(
                    (len(kept) + 0.5, self._new_entry(row["kind"], row["case_id"], rec_id))
                )
        for _at, e in sorted(order, key=lambda p: p[0]):
            # New ids, in this order: the fresh store may hold entries already.
            e = {k: v for k, v in e.items() if k != "id"}
            e["claimed_at"] = None
            if e["state"] == "uploading":
                e["state"] = "retry"
            if e["state"] in ("queued", "retry"):
                e["next_attempt_at"] = None  # due at once
            self.result.entries += self._insert("outbox", e)

    def _new_entry(self, kind: str, case_id: str | None, record_id: str) -> dict[str, Any]:
        return {
            "kind": kind,
            "case_id": case_id,
            "record_id": record_id,
            "state": "queued",
            "attempts": 0,
            "created_at": self.now,
            "updated_at": self.now,
        }

    def _copy_print_jobs(self) -> None:
        need = ("id", "kind", "state", "created_at", "updated_at", "body")
        for row in self.src.rows("print_jobs"):
            if all(row.get(c) is not None for c in need) and _ID_RE.fullmatch(str(row["id"])):
                self._insert("print_jobs", row)

    def _copy_status_cursor(self) -> None:
        for row in self.src.rows("meta"):
            if row.get("key") == "status_cursor" and str(row.get("value") or "").isdecimal():
                self._insert("meta", row)

    # ------------------------------------------------------------------ receipt numbers

    def _receipts_by_case(self) -> dict[str, str]:
        """case id -> receipt number from the two indexes on cases (rows not needed)."""
        ids = self.src.index_values("cases", "id")
        receipts = self.src.index_values("cases", "receipt_no")
        return {
            ids[rowid]: r
            for rowid, r in receipts.items()
            if rowid in ids and parse_receipt_number(r)
        }

    def _receipts_seen(self, receipt_of: dict[str, str]) -> set[str]:
        """Every receipt number this file shows: indexes, rows, print jobs, raw bytes."""
        if self._seen is not None:
            return self._seen | set(receipt_of.values())
        seen = {r for r in receipt_of.values() if parse_receipt_number(r)}
        for row in self.src.rows("print_jobs"):
            if row.get("kind") == "receipt" and parse_receipt_number(str(row.get("ref") or "")):
                seen.add(str(row["ref"]))
        prefixes = {(p["hall"], p["device"]) for r in seen if (p := parse_receipt_number(r))}
        for row in self.src.rows("receipt_seq"):
            if isinstance(row.get("hall"), str) and isinstance(row.get("device"), str):
                prefixes.add((row["hall"], row["device"]))
        prefixes |= self.prefixes
        raw, self._raw_pairs = self.src.receipt_numbers(prefixes)
        self._seen = seen | raw
        return self._seen

    def _raise_sequences(self, receipts: set[str]) -> None:
        """The fresh sequence starts past every number seen (and past the old sequence)."""
        top: dict[tuple[str, str, str], int] = {}
        for row in self.src.rows("receipt_seq"):
            key = (row.get("hall"), row.get("device"), row.get("day"))
            if all(isinstance(k, str) for k in key) and isinstance(row.get("last"), int):
                top[key] = max(top.get(key, 0), row["last"])  # type: ignore[index]
        for r in receipts:
            p = parse_receipt_number(r)
            if p:
                key = (p["hall"], p["device"], p["date"])
                top[key] = max(top.get(key, 0), int(p["seq"]))
        for (hall, device, day), last in top.items():
            self.conn.execute(
                "INSERT INTO receipt_seq (hall, device, day, last) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (hall, device, day) DO UPDATE SET last = MAX(last, excluded.last)",
                (hall, device, day, last),
            )


def _pending(state: Any, entries: list[dict[str, Any]]) -> bool:
    """Might this case not have reached the back office, or have something still to send?"""
    if any(e["state"] != "done" for e in entries):
        return True
    if any(e["kind"] == "case" and e["state"] == "done" for e in entries):
        return False
    return state in (None, "", CaseState.SUBMITTED.value)


def _file_row_ok(row: dict[str, Any]) -> bool:
    return (
        _ID_RE.fullmatch(str(row.get("id") or "")) is not None
        and _SHA_RE.fullmatch(str(row.get("sha256") or "")) is not None
        and isinstance(row.get("size"), int)
        and row["size"] >= 0
        and isinstance(row.get("created_at"), str)
    )


def _entry_row_ok(row: dict[str, Any]) -> bool:
    if not isinstance(row.get("id"), int) or row.get("kind") not in _KINDS:
        return False
    if row.get("state") not in _STATES or not isinstance(row.get("created_at"), str):
        return False
    if "record_id" not in row or not row["record_id"]:  # outbox of schema 2: record = case
        row["record_id"] = row.get("case_id")
    return _ID_RE.fullmatch(str(row.get("record_id") or "")) is not None
