"""Devices: one-time enrolment codes exchanged for device tokens, and their revocation.

Only hashes of codes and tokens are kept; neither is ever logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from backoffice.store.database import StoreDatabase
from backoffice.store.errors import ConflictError, InvalidError
from core.ids import uuid7

log = logging.getLogger("backoffice.store")

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


class DeviceStore(StoreDatabase):
    """Enrolment codes and enrolled devices; part of BackofficeStore. Any thread."""

    def create_enrolment(
        self,
        hall_code: str = "",
        device_code: str = "",
        ttl_s: float = ENROL_TTL_S,
        *,
        unbound: bool = False,
    ) -> str:
        """A one-time enrolment code (valid ``ttl_s``) bound to one hall and device.

        A code for any device is made only with ``unbound=True`` (an installer
        setting up many new kiosks); InvalidError otherwise.
        """
        if not (hall_code and device_code) and not unbound:
            raise InvalidError(
                "登记码须指定大厅和设备（--hall、--device），或明确要求 --unbound", None
            )
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

    def enrol(
        self, code: str, hall_code: str, device_code: str, public_key: str | None = None
    ) -> dict[str, str]:
        """Exchange a one-time code for a device token. ConflictError when the code is
        unknown, used, expired or bound to another device (one message for all: a
        guesser learns nothing), and when that device is enrolled and not revoked:
        an administrator revokes it first (``onewindow backoffice revoke``), so a
        code never takes over a working device. ``public_key``: the device's
        case-signing key (core.case_seal), registered with the enrolment."""
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
            active = self._db.execute(
                "SELECT 1 FROM devices WHERE hall_code = ? AND device_code = ?"
                " AND revoked_at IS NULL",
                (hall_code, device_code),
            ).fetchone()
            if active is not None:
                log.warning("enrolment refused for %s/%s: enrolled already", hall_code, device_code)
                raise ConflictError(
                    "该设备已登记；如需重新登记，请管理员先吊销原登记"
                    "（onewindow backoffice revoke）",
                    None,
                )
            token = secrets.token_urlsafe(32)
            device_id = uuid7()
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO devices (id, hall_code, device_code, token_hash, enrolled_at,"
                    " public_key) VALUES (?, ?, ?, ?, ?, ?)",
                    (device_id, hall_code, device_code, _hash_secret(token), now, public_key),
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

    def device_for_token(self, token: str) -> dict[str, str | None] | None:
        """The enrolled, not revoked device holding ``token`` (its id, hall, device code
        and registered public key, None when it registered none), or None."""
        if not token:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT id, hall_code, device_code, public_key FROM devices WHERE token_hash = ?"
                " AND revoked_at IS NULL",
                (_hash_secret(token),),
            ).fetchone()
        keys = ("id", "hall_code", "device_code", "public_key")
        return dict(zip(keys, row, strict=True)) if row else None

    def device_keys(self) -> dict[tuple[str, str], list[str]]:
        """Every public key each hall/device registered (revoked enrolments too: their
        cases were signed while they stood), for ``audit verify``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT hall_code, device_code, public_key FROM devices"
                " WHERE public_key IS NOT NULL ORDER BY enrolled_at"
            ).fetchall()
        keys: dict[tuple[str, str], list[str]] = {}
        for hall, device, key in rows:
            keys.setdefault((hall, device), []).append(key)
        return keys

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

    def revoke_named(self, hall_code: str, device_code: str) -> int:
        """Revoke every active enrolment of hall/device (an administrator's act); how many."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        with self._lock, self._db.atomic():
            cur = self._db.execute(
                "UPDATE devices SET revoked_at = ? WHERE hall_code = ? AND device_code = ?"
                " AND revoked_at IS NULL",
                (now, hall_code, device_code),
            )
        log.info("device %s/%s revoked (%d)", hall_code, device_code, cur.rowcount)
        return cur.rowcount

    def revoke_device(self, device_id: str) -> bool:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        with self._lock, self._db.atomic():
            cur = self._db.execute(
                "UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (now, device_id),
            )
        return cur.rowcount > 0
