"""Issued certificates (证明打印): kept for their public verification page.

A row holds the verification code, the kind, the holder as an HMAC of the ID
number (backoffice.certificates.holder_key), the dates, the SHA-256 of the
certificate's content and the content the verification page shows (masked
name, no ID number). Nothing here is looked up by a plain ID number.
"""

from __future__ import annotations

from typing import Any

from backoffice.store.database import StoreDatabase
from backoffice.store.errors import ConflictError

_KEYS = (
    "code",
    "kind",
    "item_code",
    "holder_hmac",
    "issued_at",
    "valid_until",
    "content_sha256",
    "content",
    "hall_code",
    "device_code",
)


class CertificateStore(StoreDatabase):
    """The certificates' table; part of BackofficeStore. Any thread."""

    def add_certificate(self, row: dict[str, Any]) -> None:
        """Keep one issued certificate; ConflictError when its code exists (never reused)."""
        with self._lock, self._db.atomic():
            found = self._db.execute(
                "SELECT code FROM certificates WHERE code = ?", (row["code"],)
            ).fetchone()
            if found is not None:
                raise ConflictError("验证码已存在", {"certificate": row["code"]})
            self._db.execute(
                f"INSERT INTO certificates ({', '.join(_KEYS)})"
                f" VALUES ({', '.join('?' for _ in _KEYS)})",
                [row[k] for k in _KEYS],
            )

    def certificate(self, code: str) -> dict[str, Any] | None:
        """The certificate with this verification code, or None."""
        with self._lock:
            found = self._db.execute(
                f"SELECT {', '.join(_KEYS)} FROM certificates WHERE code = ?", (code,)
            ).fetchone()
        return dict(zip(_KEYS, found, strict=True)) if found is not None else None

    def certificates_of(self, holder_hmac: str, kind: str = "") -> list[dict[str, Any]]:
        """A holder's certificates (by the HMAC), newest first."""
        sql = f"SELECT {', '.join(_KEYS)} FROM certificates WHERE holder_hmac = ?"
        params: list[Any] = [holder_hmac]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        sql += " ORDER BY issued_at DESC"
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [dict(zip(_KEYS, r, strict=True)) for r in rows]
