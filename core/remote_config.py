"""Remote configuration: the keys the back office may set on a device, and how it signs them.

The one list both sides read (``REMOTE_KEYS``): the back office refuses any
other key, the device applies no other key, whoever signed it. Values are
checked with the device's own TOML rules (core.config.parse_config), one
key at a time over the defaults, so each refusal names its key and the
catalogue code the TOML would have given. Never remote-settable: URLs,
tokens, certificates, proxies, device and hall codes, the role, file paths,
device backends (docs/security.md).

A device's effective configuration (its hall's settings, then its own over
them) is signed by the back office with Ed25519 over ``config_message``:
canonical JSON naming the hall, the device, the version and the settings,
under a versioned prefix no other signed message of the back office uses —
so a configuration for one device cannot be replayed on another, nor passed
off as an audit checkpoint. Plain functions; any thread.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from core.errors import ConfigError

REMOTE_KEYS: dict[str, str] = {
    "hall_name": "大厅名称（屏幕与回执上显示）",
    "idle_timeout_s": "无操作返回首页的秒数",
    "kiosk.elder_idle_timeout_s": "长辈模式的无操作秒数",
    "kiosk.voice_guidance": "默认开启语音引导",
    "devices.voice.volume": "语音音量（百分比）",
    "devices.printer.mode": "打印方式 text 或 raster",
    "sync.interval_s": "同步间隔（秒）",
    "sync.heartbeat_s": "心跳间隔（秒）",
    "sync.catalog_poll_s": "事项目录检查间隔（秒）",
}
"""Every key the back office may set remotely, with what it is (Chinese, for the CLI)."""

LIVE_KEYS = frozenset(
    {"idle_timeout_s", "kiosk.elder_idle_timeout_s", "sync.interval_s", "sync.heartbeat_s"}
)
"""The keys a running device applies at once; the others take effect at its next start."""

NOT_ALLOWED = "remote_config.not_allowed"
CUTS_OFF = "remote_config.cuts_off"
"""A value the TOML allows but that would cut the device off from remote control
(``sync.heartbeat_s = 0``: no heartbeat, so no further instruction ever arrives)."""
SETTINGS_MAX = len(REMOTE_KEYS)
_MESSAGE_PREFIX = b"onewindow.remote_config.v1\n"


def nested(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Dotted keys as the nested tables a TOML file would hold."""
    out: dict[str, Any] = {}
    for dotted, value in settings.items():
        node = out
        *parents, leaf = dotted.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return out


def merge(data: dict[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` (a parsed TOML document) with ``settings`` (dotted keys) written over it."""
    out = json.loads(json.dumps(data))  # a deep copy of plain TOML data
    for dotted, value in settings.items():
        node = out
        *parents, leaf = dotted.split(".")
        for p in parents:
            child = node.get(p)
            if not isinstance(child, dict):
                child = node[p] = {}
            node = child
        node[leaf] = value
    return out


def _read(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def check_settings(
    settings: Mapping[str, Any], base: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    """(accepted, refused): each allowed key's value as the TOML rules read it, and for
    each refused key its reason code (``remote_config.not_allowed`` or the config
    catalogue's ``config.bad_value…``) and words (Chinese). ``base`` is the device's own
    TOML data (defaults when None); keys that pass alone but not together (an elder
    timeout below the idle timeout) are refused by the later key."""
    from core.config import parse_config  # core.config loads overlays through this module

    base = base or {}
    accepted: dict[str, Any] = {}
    refused: dict[str, tuple[str, str]] = {}
    for key in sorted(settings):
        value = settings[key]
        if key not in REMOTE_KEYS:
            refused[key] = (NOT_ALLOWED, f"配置项 {key}: 不能远程设置")
            continue
        try:
            cfg = parse_config(merge(base, {**accepted, key: value}))
        except ConfigError as exc:
            message, hint = exc.words()
            refused[key] = (exc.code, f"{message}（{hint}）" if hint else message)
            continue
        if key == "sync.heartbeat_s" and cfg.sync.heartbeat_s == 0:
            refused[key] = (CUTS_OFF, f"配置项 {key}: 远程不能关闭心跳（设备将再收不到指令）")
            continue
        accepted[key] = _read(cfg, key)
    return accepted, refused


def config_version(settings: Mapping[str, Any]) -> str:
    """A short name of a set of settings (16 hex digits of SHA-256 of their canonical JSON)."""
    return hashlib.sha256(canonical(settings)).hexdigest()[:16]


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def config_message(
    hall_code: str, device_code: str, version: str, settings: Mapping[str, Any]
) -> bytes:
    """The bytes the back office's signature over a device's configuration covers."""
    doc = {
        "hall_code": hall_code,
        "device_code": device_code,
        "version": version,
        "settings": dict(settings),
    }
    return _MESSAGE_PREFIX + canonical(doc)


def signature_valid(public_hex: str, doc: Mapping[str, Any], hall: str, device: str) -> bool:
    """True when ``doc`` (the answer of GET /api/v1/devices/self/config) is signed by the
    key ``public_hex`` and names this ``hall`` and ``device``."""
    try:
        if (doc["hall_code"], doc["device_code"]) != (hall, device):
            return False
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        message = config_message(hall, device, str(doc["version"]), dict(doc["settings"]))
        public.verify(bytes.fromhex(str(doc["signature"])), message)
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True
