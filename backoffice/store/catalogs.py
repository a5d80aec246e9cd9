"""Published catalogs: each version with its change note, who published it and when.

An administrator publishes a catalog (``POST /api/v1/catalog`` or ``onewindow
backoffice catalog publish FILE --note …``); the route and the CLI check it
first (backoffice.catalog.check_publication). A version is published once: the
same version with the same bytes again is the same answer (idempotent), with
other bytes a conflict. The publication is in the audit log in the same
transaction. Devices get the newest (highest ``seq``); every worker process
reads which one that is from here, so all serve the same. No personal data.
"""

from __future__ import annotations

import hashlib
from typing import Any

from backoffice.store.audit import AuditStore
from backoffice.store.database import now_iso
from backoffice.store.errors import ConflictError

_KEYS = ("version", "seq", "note", "sha256", "published_at", "published_by")


class CatalogStore(AuditStore):
    """The ``catalog_versions`` table; part of BackofficeStore. Any thread."""

    def publish_catalog(
        self, version: str, body: bytes, note: str, actor: str, items: int = 0
    ) -> tuple[dict[str, Any], bool]:
        """Store ``body`` (already checked) as ``version``: (its row, True when new).

        ConflictError when the version was published with other bytes.
        """
        sha = hashlib.sha256(body).hexdigest()
        with self._lock, self._db.atomic():
            row = self._catalog_row(version)
            if row is not None:
                if row["sha256"] != sha:
                    raise ConflictError(
                        "该版本号已发布过不同内容，请使用新的版本号",
                        {"version": version, "published_at": row["published_at"]},
                    )
                return row, False
            (last,) = self._db.execute("SELECT MAX(seq) FROM catalog_versions").fetchone()
            self._db.execute(
                "INSERT INTO catalog_versions"
                " (version, seq, note, sha256, published_at, published_by, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (version, (last or 0) + 1, note, sha, now_iso(), actor, body),
            )
            self.audit(actor, "catalog.publish", version, "ok", {"sha256": sha, "items": items})
            row = self._catalog_row(version)
        assert row is not None
        return row, True

    def newest_catalog(self) -> tuple[str, str] | None:
        """(version, sha256) of the newest publication, or None before the first."""
        with self._lock:
            row = self._db.execute(
                "SELECT version, sha256 FROM catalog_versions ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        return (row[0], row[1]) if row is not None else None

    def catalog_body(self, version: str) -> bytes | None:
        """The published bytes of ``version`` (None when never published)."""
        with self._lock:
            row = self._db.execute(
                "SELECT body FROM catalog_versions WHERE version = ?", (version,)
            ).fetchone()
        return bytes(row[0]) if row is not None else None

    def catalog_versions(self) -> list[dict[str, Any]]:
        """Every publication, newest first, without its body."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_KEYS)} FROM catalog_versions ORDER BY seq DESC"
            ).fetchall()
        return [dict(zip(_KEYS, r, strict=True)) for r in rows]

    def _catalog_row(self, version: str) -> dict[str, Any] | None:
        row = self._db.execute(
            f"SELECT {', '.join(_KEYS)} FROM catalog_versions WHERE version = ?", (version,)
        ).fetchone()
        return dict(zip(_KEYS, row, strict=True)) if row is not None else None
