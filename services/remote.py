"""The device side of remote control: apply the back office's configuration, send logs.

The back office's answer to a heartbeat (and later to the status long poll)
carries its instructions (backoffice store.device_instructions):
``{"config_version": str | None, "logs_request": {"id", "lines"} | None}``.
``RemoteControl.handle`` acts on them:

- a configuration version other than the one applied: fetch the signed
  configuration (``GET /api/v1/devices/self/config``), verify the back
  office's signature with the key kept at enrolment (sync.enrol) and that it
  names this hall and device, check each key with the device's own TOML
  rules (core.remote_config), keep what it applied in ``remote_config.json``
  in the data folder (atomic write; core.config merges it over the TOML at
  the next start) and hand the applied keys to ``on_apply`` (the runtime
  applies core.remote_config.LIVE_KEYS at once);
- a log request not answered yet: read the last N lines of this device's
  log file, scrub them again with the logging's own scrubber (the file is
  never trusted to be clean) and upload them once.

``report`` is what the next heartbeat says of it: the version applied, each
refused key with its reason code, and why a whole configuration was refused
(``remote_config.no_key``, ``remote_config.bad_signature``,
``remote_config.wrong_device``). Called on the sync worker's thread (the
heartbeat timer); a lock serialises callers on other threads.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.config import REMOTE_OVERLAY_FILE, Config, parse_config, read_remote_overlay
from core.crypto import fsync_dir
from core.errors import OneWindowError
from core.remote_config import check_settings, merge, signature_valid
from services.logs import scrub
from sync.client import BackofficeClient
from sync.enrol import load_config_key
from sync.errors import Conflict, NotFound

log = logging.getLogger(__name__)

NO_KEY = "remote_config.no_key"
BAD_SIGNATURE = "remote_config.bad_signature"
WRONG_DEVICE = "remote_config.wrong_device"
LOG_BYTES_MAX = 1_000_000  # the back office's cap (backoffice.store.remote.LOG_BYTES_MAX)
LOG_LINE_MAX = 2000  # characters kept of one line


class RemoteControl:
    """Acts on the back office's instructions for this device (see the module docstring).

    ``handle``, ``apply_document`` and ``report`` may be called from any thread (the
    sync worker's in practice); ``on_apply`` is called on the caller's thread with the
    applied keys, once ``config`` is the configuration with them.
    """

    def __init__(
        self,
        client: BackofficeClient,
        config: Config,
        *,
        log_file: Path | None,
        on_apply: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.client = client
        self.config = config
        self.data_dir = config.data_path
        self.log_file = log_file
        self.on_apply = on_apply
        self._lock = threading.Lock()
        self._answered: set[str] = set()
        self.applied_version: str | None = None
        self.refused: dict[str, str] = {}
        self.error = ""
        self._refused_version: str | None = None  # a whole version refused: not fetched again
        kept = read_remote_overlay(self.data_dir)
        if kept is not None:
            self.applied_version = kept.get("version")
            self.refused = dict(kept.get("refused") or {})

    def report(self) -> dict[str, Any]:
        """What the heartbeat says of the remote configuration (wire.heartbeat): only
        the fields that have something to say, so a device nobody configured sends the
        heartbeat a back office without remote configuration still accepts."""
        with self._lock:
            out: dict[str, Any] = {}
            if self.applied_version is not None:
                out["config_version"] = self.applied_version
            if self.refused:
                out["config_refused"] = dict(self.refused)
            if self.error:
                out["config_error"] = self.error
            return out

    def handle(self, instructions: dict[str, Any]) -> None:
        """Act on the back office's instructions (a heartbeat's answer). Never raises for
        what the network or the back office does: it is logged and tried again later."""
        with self._lock:
            version = instructions.get("config_version")
            if isinstance(version, str) and version not in (
                self.applied_version,
                self._refused_version,
            ):
                self._guarded(self._update_config, version)
            ask = instructions.get("logs_request")
            if (
                isinstance(ask, dict)
                and isinstance(ask.get("id"), str)
                and ask["id"] not in self._answered
            ):
                self._guarded(self._send_logs, ask["id"], int(ask.get("lines") or 0))

    def _guarded(self, act: Callable[..., None], *args: Any) -> None:
        try:
            act(*args)
        except OneWindowError as exc:
            log.info("remote instruction not done: %s", exc.code)

    # ------------------------------------------------------------ configuration

    def _update_config(self, version: str) -> None:
        key = load_config_key(self.data_dir)
        if not key:
            if self.error != NO_KEY:
                log.warning(
                    "remote configuration refused: no back-office key from enrolment"
                    " (enrol again with `onewindow sync enroll`)"
                )
            self.error, self._refused_version = NO_KEY, version
            return
        doc, _etag = self.client.get_device_config(None)
        if doc is not None:
            self._apply(doc, key)

    def apply_document(self, doc: dict[str, Any]) -> bool:
        """Verify and apply one signed configuration (as GET /api/v1/devices/self/config
        answers it); True when applied (some keys may be refused), False when refused
        whole (``report()["config_error"]`` says why)."""
        with self._lock:
            key = load_config_key(self.data_dir)
            if not key:
                self.error = NO_KEY
                return False
            return self._apply(doc, key)

    def _apply(self, doc: dict[str, Any], key: str) -> bool:
        hall, device = self.config.hall_code, self.config.device_code
        if (doc.get("hall_code"), doc.get("device_code")) != (hall, device):
            log.warning("remote configuration refused: it names another device")
            self.error, self._refused_version = WRONG_DEVICE, str(doc.get("version"))
            return False
        if not signature_valid(key, doc, hall, device):
            log.warning("remote configuration refused: its signature is not the back office's")
            self.error, self._refused_version = BAD_SIGNATURE, str(doc.get("version"))
            return False
        settings = doc["settings"] if isinstance(doc.get("settings"), dict) else {}
        base = self.config.model_dump(mode="json")
        accepted, refused = check_settings(settings, base)
        codes = {k: code for k, (code, _words) in refused.items()}
        self._keep(doc, accepted, codes)
        self.applied_version, self.refused, self.error = str(doc["version"]), codes, ""
        self._refused_version = None
        self.config = parse_config(merge(base, accepted))
        log.info(
            "remote configuration %s applied: %d keys, %d refused",
            doc["version"],
            len(accepted),
            len(codes),
        )
        if self.on_apply is not None and accepted:
            self.on_apply(accepted)
        return True

    def _keep(self, doc: dict[str, Any], accepted: dict[str, Any], refused: dict[str, str]) -> None:
        """Write the applied overlay atomically (0600, fsynced), so a restart keeps it."""
        kept = {
            **{k: doc.get(k) for k in ("hall_code", "device_code", "version", "key_id")},
            "settings": doc.get("settings"),
            "signature": doc.get("signature"),
            "applied": accepted,
            "refused": refused,
            "applied_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        path = self.data_dir / REMOTE_OVERLAY_FILE
        tmp = path.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, json.dumps(kept, ensure_ascii=False, indent=1).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(self.data_dir)

    # ------------------------------------------------------------ log pull

    def _send_logs(self, request_id: str, lines: int) -> None:
        text = tail_scrubbed(self.log_file, max(1, lines))
        with contextlib.suppress(Conflict, NotFound):  # answered already, or withdrawn
            self.client.put_logs(request_id, text)
        self._answered.add(request_id)
        log.info("log lines sent for request %s", request_id)


def tail_scrubbed(log_file: Path | None, lines: int) -> str:
    """The last ``lines`` lines of the log (the rotated file before it when the current
    one has fewer), each scrubbed of ID and phone numbers, at most LOG_BYTES_MAX bytes."""
    if log_file is None:
        return "# 此设备的日志写入 systemd journal（journalctl -u onewindow）\n"
    kept: collections.deque[str] = collections.deque(maxlen=lines)
    for path in (Path(f"{log_file}.1"), Path(log_file)):
        try:
            with path.open(encoding="utf-8", errors="replace") as f:
                kept.extend(line.rstrip("\n")[:LOG_LINE_MAX] for line in f)
        except FileNotFoundError:
            continue
    out = [scrub(line) for line in kept]
    text = "\n".join(out) + ("\n" if out else "")
    while len(text.encode("utf-8")) > LOG_BYTES_MAX and out:
        out = out[len(out) // 10 + 1 :]  # the oldest lines go first
        text = "\n".join(out) + "\n"
    return text
