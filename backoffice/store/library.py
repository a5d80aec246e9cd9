"""电子材料库: the materials of accepted cases kept for the same holder's later cases.

When a case is accepted (受理, CaseStore.set_state), each material it received
whose code the catalog marks reusable (core.catalog ``Material.reusable``)
and that has a file is kept here, in the same transaction: the holder as the
HMAC of the ID number under the holders' key (as ``case_holders``), the name
on the case as another HMAC (a look-up must bring both, as read from the
card), the case's receipt number and the back office's file id. Only the
newest entry per holder and material code is offered. No plain ID number or
name is stored. Portable SQL only (SQLite and PostgreSQL). Any thread.
"""

from __future__ import annotations

import hmac
from collections.abc import Collection
from typing import Any

from backoffice.store.cases import CaseStore
from core.case import Case, MaterialStatus
from core.ids import uuid7

_KEYS = (
    "id",
    "material_code",
    "material_name",
    "case_id",
    "receipt_no",
    "item_name",
    "pages",
    "file_id",
    "sha256",
    "kept_at",
)
_NAME_LABEL = "name:"


class LibraryStore(CaseStore):
    """The material library's table; part of BackofficeStore. Any thread."""

    def _name_check(self, name: str) -> str:
        return self._holder_digest(_NAME_LABEL + name.strip())

    def _keep_reusable(self, case: Case, reusable: Collection[str], now: str) -> int:
        """Inside set_state's transaction: keep the case's reusable materials (the
        number kept). A case accepted again keeps nothing twice."""
        if not reusable or case.applicant is None:
            return 0
        holder = self._holder_digest(case.applicant.id_number)
        name_check = self._name_check(case.applicant.name)
        kept = 0
        for m in case.materials:
            if m.code not in reusable or m.status is not MaterialStatus.RECEIVED or not m.files:
                continue
            ref = m.files[-1]
            self._db.execute(
                "INSERT INTO material_library (id, holder, name_check, material_code,"
                " material_name, case_id, receipt_no, item_name, pages, file_id, sha256,"
                " kept_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (case_id, material_code) DO NOTHING",
                (
                    uuid7(),
                    holder,
                    name_check,
                    m.code,
                    m.name,
                    case.id,
                    case.receipt_no,
                    case.item_name,
                    max(m.pages, 1),
                    ref.id,
                    ref.sha256,
                    now,
                ),
            )
            kept += 1
        return kept

    def library_of(self, id_number: str, name: str) -> list[dict[str, Any]]:
        """The holder's kept materials, the newest per material code, newest first; []
        when the name is not the one on those cases (the card proves both)."""
        holder = self._holder_digest(id_number)
        name_check = self._name_check(name)
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_KEYS)}, name_check FROM material_library"
                " WHERE holder = ? ORDER BY kept_at DESC, id DESC",
                (holder,),
            ).fetchall()
        seen: set[str] = set()
        out = []
        for row in rows:
            entry = dict(zip(_KEYS, row[:-1], strict=True))
            if not hmac.compare_digest(row[-1], name_check) or entry["material_code"] in seen:
                continue
            seen.add(entry["material_code"])
            out.append(entry)
        return out

    def library_entry(self, id_number: str, name: str, entry_id: str) -> dict[str, Any] | None:
        """One entry of the holder's library (None when it is not theirs or unknown)."""
        for entry in self.library_of(id_number, name):
            if entry["id"] == entry_id:
                return entry
        return None

    def reuse_origins(self, case: Case) -> dict[str, dict[str, Any]]:
        """For the case page: each material of ``case`` reused from the library → the
        earlier case's receipt number and whether it checks out (the entry is the same
        holder's and the file is the one kept)."""
        out: dict[str, dict[str, Any]] = {}
        holder = self._holder_digest(case.applicant.id_number)
        for m in case.materials:
            if m.source != "reuse" or not m.reference:
                continue
            with self._lock:
                row = self._db.execute(
                    "SELECT holder, receipt_no, sha256 FROM material_library WHERE id = ?",
                    (m.reference,),
                ).fetchone()
            same = (
                row is not None
                and hmac.compare_digest(row[0], holder)
                and any(f.sha256 == row[2] for f in m.files)
            )
            out[m.code] = {"receipt_no": row[1] if row else "", "verified": same}
        return out
