"""Device configuration: one TOML file per device, validated at start.

Every key has a default, so a device runs with no file at all (the demo).
A bad value raises ConfigError naming the key (``devices.printer.uri``) and
what to write instead. Paths default to platformdirs locations.
"""

from __future__ import annotations

import logging
import re
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator

from core.errors import ConfigError
from core.tracking import DEFAULT_PUBLIC_URL, check_template

log = logging.getLogger(__name__)


class Role(StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    STATION = "station"  # village/community service station laptop


_BACKEND_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_URI = re.compile(r"[a-z][a-z0-9+.-]{0,31}://\S+")


def _backend_name(v: str) -> str:
    if not _BACKEND_NAME.fullmatch(v):
        raise ValueError("must be a backend name such as virtual, or none")
    return v


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BackofficeConfig(_Section):
    url: str = "http://127.0.0.1:8765"
    ca_file: str = ""  # extra CA bundle for a private back-office certificate
    timeout_s: float = Field(default=10.0, gt=0, le=300)
    token: str = ""  # set by enrolment; a demo back office accepts the demo token
    # The environment is never trusted (no HTTP(S)_PROXY, REQUESTS_CA_BUNDLE or .netrc):
    # a proxy is used only when named here.
    proxy: str = ""
    # Plain http:// to a back office that is not on this machine only when set.
    allow_plain_http: bool = False
    # The public tracking page a receipt's QR opens (core.tracking): {receipt} and {check}.
    public_url: str = DEFAULT_PUBLIC_URL

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, v: str) -> str:
        return check_template(v)

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v.rstrip("/")


class IdReaderConfig(_Section):
    backend: str = "virtual"  # registered (drivers.registry): virtual, serial, pcsc… or none
    port: str = ""  # serial port; empty = auto-detect
    baud: int = 115200
    reader: str = ""  # PC/SC reader name filter
    wlt_library: str = ""  # vendor library decoding the ID card photo (WLT); empty = none

    _backend = field_validator("backend")(classmethod(lambda cls, v: _backend_name(v)))


class CameraConfig(_Section):
    backend: str = "virtual"  # registered (drivers.registry): virtual, opencv… or none
    source: str = ""  # device index, /dev/videoN, a video file or a folder of images
    width: int = 1920
    height: int = 1080
    # The long side of the camera's view on the desk, in mm: a 高拍仪 looks from a fixed
    # height, so this tells an A5 sheet from an A4 one by size (0: not known).
    field_mm: float = Field(default=0.0, ge=0, le=2000)

    _backend = field_validator("backend")(classmethod(lambda cls, v: _backend_name(v)))


class PrinterConfig(_Section):
    # virtual | none | tcp://host:9100 | usb://VID:PID | serial:///dev/ttyUSB0 | file:///dev/usb/lp0
    uri: str = "virtual"
    paper_mm: int = 80
    mode: str = "text"  # text (printer has a GB18030 font) | raster

    @field_validator("uri")
    @classmethod
    def _uri(cls, v: str) -> str:
        # Which schemes exist is the registry's to say (drivers.registry.check).
        if _BACKEND_NAME.fullmatch(v) or _URI.fullmatch(v):
            return v
        raise ValueError(
            "must be virtual, none, tcp://host:port, usb://VID:PID, serial://... or file://..."
        )

    @field_validator("paper_mm")
    @classmethod
    def _paper(cls, v: int) -> int:
        if v not in (58, 80):
            raise ValueError("must be 58 or 80")
        return v

    @field_validator("mode")
    @classmethod
    def _mode(cls, v: str) -> str:
        if v not in ("text", "raster"):
            raise ValueError("must be text or raster")
        return v


class VoiceConfig(_Section):
    backend: str = "virtual"  # registered (drivers.registry): virtual, speechd… or none
    volume: int = Field(default=80, ge=0, le=100)  # percent; the kiosk's header changes it
    # speech-dispatcher's socket; empty = $SPEECHD_ADDRESS or its per-user default
    socket: str = ""
    language: str = "zh"  # espeak-ng's Mandarin voice (cmn) answers to zh

    _backend = field_validator("backend")(classmethod(lambda cls, v: _backend_name(v)))


class A4Config(_Section):
    """The A4 printer of 证明打印 (drivers.a4): none | virtual | cups://QUEUE | ipp://host/printers/Q."""

    uri: str = "virtual"
    server: str = ""  # cups://: the CUPS server (host:port or socket path); empty = CUPS' default
    folder: str = ""  # virtual: where the PDFs go; empty = a4/ in the data folder

    @field_validator("uri")
    @classmethod
    def _uri(cls, v: str) -> str:
        # Which schemes exist is the registry's to say (drivers.registry.check).
        if _BACKEND_NAME.fullmatch(v) or _URI.fullmatch(v):
            return v
        raise ValueError("must be virtual, none, cups://QUEUE or ipp://host[:port]/printers/QUEUE")


class DevicesConfig(_Section):
    id_reader: IdReaderConfig = Field(default_factory=IdReaderConfig)
    camera: CameraConfig = Field(default_factory=CameraConfig)
    printer: PrinterConfig = Field(default_factory=PrinterConfig)
    voice: VoiceConfig = Field(default_factory=VoiceConfig)
    a4: A4Config = Field(default_factory=A4Config)  # 证明打印 (certs)


class KioskConfig(_Section):
    # Each page speaks its instruction and the focused field (the citizen can
    # turn it on in the header); TOML has real booleans, so no "yes"/"1".
    voice_guidance: StrictBool = False
    # 长辈模式 (widgets.elder) gives this long without a touch; unset: 3 × idle_timeout_s.
    elder_idle_timeout_s: int | None = Field(default=None, ge=15, le=3600)


class CounterConfig(_Section):
    """The comprehensive window's (and a station's): staff sign-in and the idle lock."""

    # The window locks (the clerk's password opens it again) after this long without
    # a touch of mouse or keyboard; 0: never.
    lock_after_s: int = Field(default=300, ge=0, le=7200)
    # The citizen's screen for 好差评 (counter/customer_screen.py): "auto" shows it on the
    # second monitor (full screen) or as a window of its own; "none" leaves it out.
    customer_screen: Literal["auto", "none"] = "auto"


class SyncConfig(_Section):
    retention_days: int = Field(default=30, ge=0)
    interval_s: float = Field(default=5.0, gt=0)
    chunk_kb: int = Field(default=256, ge=16, le=16384)  # tus upload chunk size
    # The heartbeat to the back office's fleet list (sync.heartbeat); 0 = none.
    heartbeat_s: float = Field(default=60.0, ge=0, le=3600)
    # The status feed's long poll: how long the back office may hold it (it allows 120 s
    # at most); 0 = poll GET /api/v1/status every interval_s instead (sync.worker).
    feed_wait_s: float = Field(default=60.0, ge=0, le=120)
    # How often the device asks the back office for a newer catalog (If-None-Match:
    # an unchanged one costs a 304), on its own background thread (services.catalog_poller).
    catalog_poll_s: float = Field(default=300.0, gt=0, le=86400)
    # The status bar says so when the catalog, the calendar or the last sync is older
    # than this many hours (services.staleness: a station offline for days); 0 = never.
    stale_after_h: float = Field(default=24.0, ge=0, le=8760)


class CommitmentConfig(_Section):
    """告知承诺 (core.commitment): what the device does when the back office cannot be
    asked whether the applicant may sign a 承诺书 (its credit list): "refuse" (the
    applicant hands in the proof) or "allow" (signed, the case says it was offline)."""

    offline: Literal["allow", "refuse"] = "refuse"


class HallConfig(_Section):
    """The hall server (取号/叫号, package ``hall``) on the hall's own network."""

    # Empty: no hall queue on this device (no 取号 tile, no calling panel).
    url: str = ""
    token: str = ""  # this device's hall token (``onewindow hall token add DEVICE``)
    timeout_s: float = Field(default=3.0, gt=0, le=60)
    # A counter's window (its code on the display and in the voice: 3 → 3号窗口).
    window: str = Field(default="", pattern=r"^([0-9A-Z]{1,4})?$")
    # Numbers a kiosk keeps per category for when the hall server is away (wire.queue).
    offline_block: int = Field(default=20, ge=0, le=200)


class Config(_Section):
    """A device's whole configuration. Immutable after load; any thread."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role = Role.KIOSK
    hall_code: str = Field(default="FS01", pattern=r"^[A-Z0-9]{2,12}$")
    hall_name: str = "佛山市禅城区政务服务中心"
    device_code: str = Field(default="K01", pattern=r"^[A-Z0-9]{2,8}$")
    language: str = "zh_CN"
    idle_timeout_s: int = Field(default=90, ge=15, le=3600)
    data_dir: str = ""
    catalog_file: str = ""  # empty = the cached back-office catalog, else the sample
    backoffice: BackofficeConfig = Field(default_factory=BackofficeConfig)
    devices: DevicesConfig = Field(default_factory=DevicesConfig)
    kiosk: KioskConfig = Field(default_factory=KioskConfig)
    counter: CounterConfig = Field(default_factory=CounterConfig)
    sync: SyncConfig = Field(default_factory=SyncConfig)
    hall: HallConfig = Field(default_factory=HallConfig)
    commitment: CommitmentConfig = Field(default_factory=CommitmentConfig)

    @field_validator("language")
    @classmethod
    def _lang(cls, v: str) -> str:
        if v not in ("zh_CN", "en"):
            raise ValueError("must be zh_CN or en")
        return v

    @property
    def elder_idle_timeout_s(self) -> int:
        """The idle timeout in 长辈模式: the configured one, else 3 × the everyday one."""
        own = self.kiosk.elder_idle_timeout_s
        return own if own is not None else min(3600, 3 * self.idle_timeout_s)

    @property
    def data_path(self) -> Path:
        return (
            Path(self.data_dir)
            if self.data_dir
            else Path(platformdirs.user_data_dir("onewindow", "onewindow"))
        )

    @property
    def log_path(self) -> Path:
        return self.data_path / "logs"


# Keys whose fix the catalogue spells out (core.messages "config.bad_value.<key>");
# any other bad value gets the general "config.bad_value".
_FIXED_KEYS = frozenset(
    {
        "role",
        "hall_code",
        "device_code",
        "language",
        "idle_timeout_s",
        "devices.voice.volume",
        "kiosk.voice_guidance",
        "kiosk.elder_idle_timeout_s",
        "sync.catalog_poll_s",
        "sync.stale_after_h",
    }
)


def _error(err: dict[str, Any]) -> ConfigError:
    key = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return ConfigError(key, "config.unknown_key")
    # pydantic's own words (English, developer-facing) name what is wrong.
    detail = err["msg"].removeprefix("Value error, ")
    code = f"config.bad_value.{key}" if key in _FIXED_KEYS else "config.bad_value"
    return ConfigError(key, code, detail=detail)


def parse_config(data: dict[str, Any]) -> Config:
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        raise _error(exc.errors()[0]) from None
    elder = cfg.kiosk.elder_idle_timeout_s
    if elder is not None and elder < cfg.idle_timeout_s:
        key = "kiosk.elder_idle_timeout_s"
        detail = f"must not be shorter than idle_timeout_s ({cfg.idle_timeout_s})"
        raise ConfigError(key, f"config.bad_value.{key}", detail=detail)
    return cfg


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> Config:
    """Load and validate a TOML file (or defaults when ``path`` is None)."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError("--config", "config.file_missing", path=str(path)) from None
        except IsADirectoryError:
            raise ConfigError("--config", "config.file_is_dir", path=str(path)) from None
        except OSError as exc:  # no permission, an I/O error…
            why = exc.strerror or type(exc).__name__
            raise ConfigError(
                "--config", "config.file_unreadable", path=str(path), why=why
            ) from None
        except UnicodeDecodeError:
            raise ConfigError("--config", "config.file_not_utf8", path=str(path)) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("--config", "config.bad_toml", detail=str(exc)) from None
    for dotted, value in (overrides or {}).items():
        node = data
        *parents, leaf = dotted.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return with_remote_overlay(parse_config(data), data)


REMOTE_OVERLAY_FILE = "remote_config.json"
"""In the device's data folder: the remote settings it applied last (services.remote)."""


def read_remote_overlay(data_dir: Path) -> dict[str, Any] | None:
    """The applied remote configuration kept in ``data_dir`` (None when none or unreadable)."""
    import json

    try:
        doc = json.loads((Path(data_dir) / REMOTE_OVERLAY_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("remote configuration overlay unreadable; started without it")
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("applied"), dict):
        log.warning("remote configuration overlay malformed; started without it")
        return None
    return doc


def with_remote_overlay(cfg: Config, data: dict[str, Any]) -> Config:
    """``cfg`` with the remote settings the device applied last written over its TOML
    ``data`` — the allowed keys only (core.remote_config), each checked again."""
    from core.remote_config import check_settings, merge

    doc = read_remote_overlay(cfg.data_path)
    if doc is None:
        return cfg
    accepted, refused = check_settings(doc["applied"], data)
    if refused:
        log.warning("remote settings not applied at start: %s", ", ".join(sorted(refused)))
    return parse_config(merge(data, accepted)) if accepted else cfg
