"""Remote configuration and log pulls: what the back office asks of one device.

An administrator sets allowed keys (core.remote_config.REMOTE_KEYS) for a
hall (scope ``FS01``) or one device (scope ``FS01/K01``; a device's own keys
win over its hall's). A device's effective configuration is signed with the
back office's Ed25519 key (the audit checkpoint key, ``audit_signing.key``)
over a message naming its hall, its device, the version and the settings.

A log pull is one row per request: an administrator asks a device for its
last N log lines, the device learns it from its heartbeat's answer
(``device_instructions``), uploads the lines once, and they are kept sealed
at rest (the store's sealer). Setting a configuration, asking for logs and
reading them are in the audit log, in the same transaction. No personal
data here: the device scrubs its lines before sending (services.remote).
"""

from __future__ import annotations

import json
import re
from typing import Any

from backoffice.store.audit import AuditStore, append_audit
from backoffice.store.database import now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from core.bundle import BundleKey
from core.ids import uuid7
from core.remote_config import (
    SETTINGS_MAX,
    check_settings,
    config_message,
    config_version,
    nested,
)

_SCOPE = re.compile(r"^([A-Z0-9]{2,12})(?:/([A-Z0-9]{2,8}))?$")
NOTE_MAX = 200
LOG_LINES_MAX = 2000
LOG_BYTES_MAX = 1_000_000
"""The most a log upload may hold (2,000 lines of 500 bytes)."""
_LOG_PURPOSE = "device-log"


def parse_scope(scope: str) -> tuple[str, str]:
    """(hall, device) of ``FS01`` (device "") or ``FS01/K01``; InvalidError otherwise."""
    m = _SCOPE.fullmatch(scope)
    if m is None:
        problem = {"field": "scope", "code": "remote_config.bad_scope"}
        raise InvalidError("范围应为大厅代码（FS01）或大厅/设备（FS01/K01）", [problem])
    return m.group(1), m.group(2) or ""


class RemoteStore(AuditStore):
    """The ``remote_config`` and ``log_requests`` tables; part of BackofficeStore. Any thread."""

    # ------------------------------------------------------------ configuration

    def set_remote_config(self, scope: str, settings: Any, note: str, actor: str) -> dict[str, Any]:
        """Replace the settings of ``scope``; its row. InvalidError naming each refused key
        (``settings.<key>``: not allowed, or what the device's TOML rules say)."""
        hall, device = parse_scope(scope)
        if not isinstance(settings, dict) or len(settings) > SETTINGS_MAX:
            problem = {"field": "settings", "code": "remote_config.not_an_object"}
            raise InvalidError(f"settings 应为至多 {SETTINGS_MAX} 项的对象", [problem])
        if len(note) > NOTE_MAX:
            problem = {"field": "note", "code": "remote_config.note_too_long"}
            raise InvalidError(f"说明不超过 {NOTE_MAX} 字", [problem])
        with self._lock, self._db.atomic():
            base = nested(self._settings_of(hall)) if device else {}
            accepted, refused = check_settings(settings, base)
            if refused:  # the refusal is audited too; raised once that is written
                append_audit(
                    self._db, actor, "fleet.config", scope, "refused",
                    {"keys": sorted(refused)}, signer=self._audit_signer,
                )  # fmt: skip
            else:
                self._put_config(scope, hall, device, accepted, note, actor)
            row = self._config_row(scope)
        if refused:
            problems = [
                {"field": f"settings.{key}", "code": code, "error": words}
                for key, (code, words) in sorted(refused.items())
            ]
            raise InvalidError("远程配置有不能接受的项", problems)
        assert row is not None
        return row

    def _put_config(
        self, scope: str, hall: str, device: str, accepted: dict[str, Any], note: str, actor: str
    ) -> None:
        self._db.execute(
                "INSERT INTO remote_config (scope, hall_code, device_code, settings, note,"
                " set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (scope) DO UPDATE SET settings = excluded.settings,"
                " note = excluded.note, set_by = excluded.set_by, set_at = excluded.set_at",
                (scope, hall, device, json.dumps(accepted, ensure_ascii=False), note, actor,
                 now_iso()),
            )  # fmt: skip
        append_audit(
            self._db, actor, "fleet.config", scope, "ok",
            {"keys": sorted(accepted)}, signer=self._audit_signer,
        )  # fmt: skip

    def remote_config(self, scope: str) -> dict[str, Any]:
        """The settings set for ``scope`` (empty when none), who set them and when."""
        parse_scope(scope)
        with self._lock:
            row = self._config_row(scope)
        return row or {"scope": scope, "settings": {}, "note": "", "set_by": "", "set_at": ""}

    def effective_config(self, hall: str, device: str) -> dict[str, Any] | None:
        """The device's configuration (its hall's settings, its own over them), signed;
        None when nobody set any for its hall or for it."""
        settings = self._effective_settings(hall, device)
        if settings is None:
            return None
        version = config_version(settings)
        signer = self._audit_signer
        signature = signer.sign_message(config_message(hall, device, version, settings))
        return {
            "hall_code": hall,
            "device_code": device,
            "version": version,
            "settings": settings,
            "key_id": signer.key_id,
            "signature": signature,
        }

    def _effective_settings(self, hall: str, device: str) -> dict[str, Any] | None:
        with self._lock:
            rows = self._db.execute(
                "SELECT device_code, settings FROM remote_config WHERE hall_code = ?"
                " AND (device_code = '' OR device_code = ?)",
                (hall, device),
            ).fetchall()
        if not rows:
            return None
        settings: dict[str, Any] = {}
        for _dev, text in sorted(rows):  # the hall's ("") first, the device's over it
            settings.update(json.loads(text))
        return settings

    def config_public_key(self) -> str:
        """The public half (hex) of the key that signs remote configuration (enrolment)."""
        return self._audit_signer.public_hex()

    def bundle_key(self) -> BundleKey:
        """The key USB bundles are encrypted for (core.bundle; made at first use)."""
        key = getattr(self, "_bundle_key", None)
        if key is None:
            key = self._bundle_key = BundleKey.load_or_create(self.data_dir)
        return key

    def bundle_public_key(self) -> str:
        """The public half (hex) of ``bundle_key``, handed to each device at enrolment."""
        return self.bundle_key().public_hex

    def sign_answer(self, message: bytes) -> str:
        """The back office's signature (hex) over a bundle's answer (core.bundle), made
        with the key whose public half the device keeps from enrolment."""
        return self._audit_signer.sign_message(message)

    def device_instructions(self, device: dict[str, str]) -> dict[str, Any]:
        """What ``device`` (id, hall_code, device_code) must learn: the version of its
        configuration (None when it has none) and the oldest log request it has not
        answered (None when there is none). The heartbeat's answer carries it."""
        settings = self._effective_settings(device["hall_code"], device["device_code"])
        with self._lock:
            row = self._db.execute(
                "SELECT id, lines FROM log_requests WHERE device_id = ? AND uploaded_at IS NULL"
                " ORDER BY requested_at, id LIMIT 1",
                (device["id"],),
            ).fetchone()
        return {
            "config_version": config_version(settings) if settings is not None else None,
            "logs_request": {"id": row[0], "lines": row[1]} if row else None,
        }

    def instructions_head(self) -> str:
        """What changes when any device's instructions may have: the newest remote
        configuration and log request (one cheap read; the long polls' watch compares it)."""
        with self._lock:
            row = self._db.execute(
                "SELECT (SELECT COALESCE(MAX(set_at), '') FROM remote_config),"
                " (SELECT COALESCE(MAX(requested_at), '') FROM log_requests)"
            ).fetchone()
        return f"{row[0]}|{row[1]}"

    def _settings_of(self, scope: str) -> dict[str, Any]:
        row = self._config_row(scope)
        return row["settings"] if row else {}

    def _config_row(self, scope: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT scope, settings, note, set_by, set_at FROM remote_config WHERE scope = ?",
            (scope,),
        ).fetchone()
        if row is None:
            return None
        return {
            "scope": row[0],
            "settings": json.loads(row[1]),
            "note": row[2],
            "set_by": row[3],
            "set_at": row[4],
        }

    # ------------------------------------------------------------ log pulls

    def request_logs(self, hall: str, device: str, lines: int, actor: str) -> dict[str, Any]:
        """Ask the enrolled device ``hall/device`` for its last ``lines`` log lines; the
        request (id, device, lines, requested_at). NotFoundError for no such device."""
        if not 1 <= lines <= LOG_LINES_MAX:
            problem = {"field": "lines", "code": "logs.lines"}
            raise InvalidError(f"行数应为 1 到 {LOG_LINES_MAX}", [problem])
        with self._lock, self._db.atomic():
            found = self._db.execute(
                "SELECT id FROM devices WHERE hall_code = ? AND device_code = ?"
                " AND revoked_at IS NULL",
                (hall, device),
            ).fetchone()
            if found is None:
                raise NotFoundError("没有这台已登记的设备", {"device": f"{hall}/{device}"})
            request_id, at = uuid7(), now_iso()
            self._db.execute(
                "INSERT INTO log_requests (id, device_id, hall_code, device_code, lines,"
                " requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (request_id, found[0], hall, device, lines, actor, at),
            )
            append_audit(
                self._db, actor, "fleet.logs_request", f"{hall}/{device}", "ok",
                {"request": request_id, "lines": lines}, signer=self._audit_signer,
            )  # fmt: skip
        return {"id": request_id, "hall_code": hall, "device_code": device, "lines": lines,
                "requested_at": at}  # fmt: skip

    def save_logs(self, device_id: str, request_id: str, text: str) -> str:
        """Keep ``device_id``'s answer to ``request_id`` (sealed); when it was received.

        NotFoundError when the request is not this device's (another device's request
        is answered as if it did not exist); ConflictError when it was answered already
        (a request is answered once); InvalidError when the lines are too many bytes."""
        data = text.encode("utf-8")
        if len(data) > LOG_BYTES_MAX:
            problem = {"field": "body", "code": "logs.too_large"}
            raise InvalidError(f"日志不超过 {LOG_BYTES_MAX} 字节", [problem])
        with self._lock, self._db.atomic():
            row = self._db.execute(
                "SELECT uploaded_at FROM log_requests WHERE id = ? AND device_id = ?",
                (request_id, device_id),
            ).fetchone()
            if row is None:
                raise NotFoundError("没有这项日志请求", None)
            if row[0] is not None:
                raise ConflictError("这项日志请求已经上传过", {"uploaded_at": row[0]})
            at = now_iso()
            sealed = self._sealer.seal(_LOG_PURPOSE, data, request_id)
            self._db.execute(
                "UPDATE log_requests SET uploaded_at = ?, size = ?, body = ? WHERE id = ?",
                (at, len(data), sealed, request_id),
            )
        return at

    def log_pull(self, request_id: str, actor: str, hall: str = "") -> dict[str, Any]:
        """A log request and, once uploaded, its lines (opened from the seal); the read is
        in the audit log. NotFoundError when there is no such request (of ``hall``, when
        given: a hall-bound account sees its own hall's only)."""
        with self._lock, self._db.atomic():
            row = self._db.execute(
                "SELECT hall_code, device_code, lines, requested_by, requested_at, uploaded_at,"
                " size, body FROM log_requests WHERE id = ?",
                (request_id,),
            ).fetchone()
            if row is None or (hall and row[0] != hall):
                raise NotFoundError("没有这项日志请求", None)
            hall, device, lines, by, at, uploaded, size, body = row
            if uploaded is not None:
                append_audit(
                    self._db, actor, "fleet.logs_read", f"{hall}/{device}", "ok",
                    {"request": request_id}, signer=self._audit_signer,
                )  # fmt: skip
        text = None
        if uploaded is not None:
            text = self._sealer.open(_LOG_PURPOSE, bytes(body), request_id).decode("utf-8")
        return {
            "id": request_id,
            "hall_code": hall,
            "device_code": device,
            "lines": lines,
            "requested_by": by,
            "requested_at": at,
            "uploaded_at": uploaded,
            "size": size,
            "text": text,
        }
