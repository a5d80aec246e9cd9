"""Drafts: an intake in progress kept as it grows, so a crash or power cut loses nothing.

A draft is one sealed row (``drafts.body``: what the window held — the case so far,
the form, the checklist's state, the pages — as the services layer serialises it)
and the files it names (``draft_files``: the material PDFs and the scanned pages).
Those files are not attached to any case yet, so ``sweep_unattached`` would remove
them at the next start; while a draft names them it leaves them be. A draft goes
when its case is submitted or abandoned (``delete_draft``), or at a start when it
is older than the keep (``sweep_drafts``). Only ids, the kind, the staff number
and times stay in the clear.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sync.store.database import ID_RE, StoreDatabase, now_iso

log = logging.getLogger("sync.store")

DRAFT_KINDS = ("counter",)


@dataclass(frozen=True)
class DraftRow:
    """One kept draft: its opened body and who started it. Immutable; any thread."""

    id: str
    kind: str
    actor: str
    created_at: str
    updated_at: str
    body: bytes
    file_ids: tuple[str, ...]


class DraftStore(StoreDatabase):
    """Drafts of intakes in progress and the files they name; part of LocalStore. Any thread."""

    def save_draft(
        self, draft_id: str, kind: str, actor: str, body: bytes, file_ids: list[str]
    ) -> None:
        """Keep (or replace) draft ``draft_id``: ``body`` sealed, ``file_ids`` held."""
        if not ID_RE.fullmatch(draft_id) or kind not in DRAFT_KINDS:
            raise ValueError(f"draft {draft_id!r} of kind {kind!r}")
        sealed = self._sealer.seal("draft", body, draft_id)
        now = now_iso()
        with self._write("未完成的受理") as db:
            db.execute(
                "INSERT INTO drafts (id, kind, actor, created_at, updated_at, body)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " actor = excluded.actor, updated_at = excluded.updated_at,"
                " body = excluded.body",
                (draft_id, kind, actor, now, now, sealed),
            )
            db.execute("DELETE FROM draft_files WHERE draft_id = ?", (draft_id,))
            db.conn.executemany(
                "INSERT OR IGNORE INTO draft_files (draft_id, file_id) VALUES (?, ?)",
                [(draft_id, f) for f in dict.fromkeys(file_ids)],
            )

    def drafts(self, kind: str) -> list[DraftRow]:
        """The drafts of ``kind``, the latest first. A draft whose body no longer opens
        (the key changed) is left out and logged (by id only)."""
        with self._read("未完成的受理") as db:
            rows = list(
                db.execute(
                    "SELECT id, kind, actor, created_at, updated_at, body FROM drafts"
                    " WHERE kind = ? ORDER BY updated_at DESC",
                    (kind,),
                )
            )
            files: dict[str, list[str]] = {}
            for draft_id, file_id in db.execute("SELECT draft_id, file_id FROM draft_files"):
                files.setdefault(draft_id, []).append(file_id)
        out = []
        for r in rows:
            try:
                body = self._sealer.open("draft", r[5], r[0])
            except Exception:  # a draft of another key: nothing to offer
                log.warning("drafts: draft %s does not open; left out", r[0])
                continue
            out.append(DraftRow(r[0], r[1], r[2], r[3], r[4], body, tuple(files.get(r[0], ()))))
        return out

    def delete_draft(self, draft_id: str) -> list[str]:
        """Forget the draft; the ids of the files it named (the caller discards those
        no case uses). Deleting twice is fine."""
        with self._write("未完成的受理", "删除") as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT file_id FROM draft_files WHERE draft_id = ?", (draft_id,)
                )
            ]
            db.execute("DELETE FROM draft_files WHERE draft_id = ?", (draft_id,))
            db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        return ids

    def sweep_drafts(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
        """Forget drafts last changed before ``now - older_than``; how many. Their files
        are then unattached, and the files' own sweep removes them."""
        now = now or dt.datetime.now(dt.UTC)
        cut = (now - older_than).astimezone(dt.UTC).isoformat(timespec="milliseconds")
        with self._write("未完成的受理", "清除") as db:
            ids = [r[0] for r in db.execute("SELECT id FROM drafts WHERE updated_at < ?", (cut,))]
            for draft_id in ids:
                db.execute("DELETE FROM draft_files WHERE draft_id = ?", (draft_id,))
                db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        if ids:
            log.info("drafts: %d draft(s) older than %s forgotten", len(ids), older_than)
        return len(ids)
