"""The audit log: who did what to which target, when. Append-only, hash-chained, no personal data.

Written for staff sign-ins (ok and refused), case decisions, look-ups,
staff account changes, enrolment codes and device revocations. Targets are
case ids, receipt numbers, logins and hall/device codes, never a name or
an ID number; triggers refuse UPDATE and DELETE on the table.

Each entry holds the previous entry's hash, written in the same transaction
as the act it records (backoffice.store.chain); every ``CHECKPOINT_EVERY``
entries, and on demand (``audit_checkpoint``), the chain's head is signed
with the back office's Ed25519 key and kept in ``audit_checkpoints``.
``backoffice.audit_verify`` checks all of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from backoffice.store.chain import AuditSigner, entry_hash
from backoffice.store.database import Executor, StoreDatabase, now_iso

_KEYS = ("seq", "at", "actor", "action", "target", "outcome", "detail")
CHECKPOINT_EVERY = 100
"""A signed checkpoint after every this many entries."""

CHAIN_COLUMNS = (*_KEYS, "prev", "hash")
CHECKPOINT_COLUMNS = ("id", "at", "audit_seq", "head", "key_id", "signature")


def write_checkpoint(db: Executor, signer: AuditSigner) -> dict[str, Any]:
    """Sign the chain's head now, inside the caller's transaction (lock held)."""
    row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    audit_seq, head = (int(row[0]), str(row[1])) if row else (0, "")
    at = now_iso()
    signature = signer.sign(audit_seq, head, at)
    (checkpoint_id,) = db.execute(
        "INSERT INTO audit_checkpoints (at, audit_seq, head, key_id, signature)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        (at, audit_seq, head, signer.key_id, signature),
    ).fetchone() or (0,)
    values = (int(checkpoint_id), at, audit_seq, head, signer.key_id, signature)
    return dict(zip(CHECKPOINT_COLUMNS, values, strict=True))


def append_audit(
    db: Executor,
    actor: str,
    action: str,
    target: str,
    outcome: str,
    detail: dict[str, Any] | None,
    *,
    signer: AuditSigner | None = None,
) -> int:
    """Insert one entry inside the caller's transaction (lock held); its sequence number.

    Used by ``AuditStore.audit`` and by a store change that must be recorded
    in the same transaction as itself (a case decision). The sequence number
    is the last one plus one, given explicitly: a second writer that read the
    same head fails on the primary key instead of forking the chain. With
    ``signer``, every ``CHECKPOINT_EVERY``-th entry is checkpointed too.
    """
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, "")
    at = now_iso()
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    digest = entry_hash(seq, at, actor, action, target, outcome, text, prev)
    db.execute(
        "INSERT INTO audit (seq, at, actor, action, target, outcome, detail, prev, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, target, outcome, text, prev, digest),
    )
    if signer is not None and seq % CHECKPOINT_EVERY == 0:
        write_checkpoint(db, signer)
    return seq


class AuditStore(StoreDatabase):
    """The ``audit`` and ``audit_checkpoints`` tables; part of BackofficeStore. Any thread."""

    def audit(
        self,
        actor: str,
        action: str,
        target: str = "",
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> int:
        """Append one entry; its sequence number. ``detail`` must hold no personal data."""
        with self._lock, self._db.atomic():
            return append_audit(
                self._db, actor, action, target, outcome, detail, signer=self._audit_signer
            )

    def audit_checkpoint(self) -> dict[str, Any]:
        """Sign the chain's head now (``backoffice audit checkpoint``); the checkpoint."""
        with self._lock, self._db.atomic():
            return write_checkpoint(self._db, self._audit_signer)

    def audit_entries(
        self, after: int = 0, limit: int = 100, action: str = ""
    ) -> list[dict[str, Any]]:
        """Entries after sequence number ``after``, oldest first (optionally one action)."""
        sql = f"SELECT {', '.join(_KEYS)} FROM audit WHERE seq > ?"
        params: list[Any] = [after]
        if action:
            sql += " AND action = ?"
            params.append(action)
        sql += " ORDER BY seq LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        out = [dict(zip(_KEYS, r, strict=True)) for r in rows]
        for entry in out:
            entry["detail"] = json.loads(entry["detail"])
        return out

    def audit_chain(self, batch: int = 5000) -> Iterator[tuple[Any, ...]]:
        """Every entry as stored (``CHAIN_COLUMNS``, detail as its JSON text), by seq,
        read ``batch`` at a time (the lock is not held between batches)."""
        after = -1
        while True:
            with self._lock:
                rows = self._db.execute(
                    f"SELECT {', '.join(CHAIN_COLUMNS)} FROM audit WHERE seq > ?"
                    " ORDER BY seq LIMIT ?",
                    (after, batch),
                ).fetchall()
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def audit_checkpoints(self) -> list[dict[str, Any]]:
        """Every checkpoint (``CHECKPOINT_COLUMNS``), oldest first."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM audit_checkpoints ORDER BY id"
            ).fetchall()
        return [dict(zip(CHECKPOINT_COLUMNS, r, strict=True)) for r in rows]

    @property
    def audit_signer(self) -> AuditSigner:
        """The checkpoint key (its public half is what a verifier checks against)."""
        return self._audit_signer
