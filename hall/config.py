"""The hall server's configuration: one TOML file, validated at start; embedded defaults.

A bad value raises ValueError naming the key and what to write instead. With
no file the server runs the demo hall: four categories, six windows, and no
device tokens (then any device on loopback may act, naming itself: demo only).
"""

from __future__ import annotations

import hashlib
import secrets
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.queue import window_name
from wire.queue import CATEGORY_PATTERN, WINDOW_PATTERN, Category

DEVICE_PATTERN = r"^[A-Z0-9]{2,8}$"


class WindowConfig(BaseModel):
    """One window (service point): its code, spoken name, work profile and its PC."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=WINDOW_PATTERN)
    name: str = ""  # empty: 3号窗口
    categories: list[str] = Field(min_length=1)
    mode: Literal["order", "longest"] = "order"
    device: str = Field(default="", pattern=r"^$|" + DEVICE_PATTERN[1:])  # the counter PC

    @property
    def spoken(self) -> str:
        return self.name or window_name(self.code)


class HallSettings(BaseModel):
    """A hall server's whole configuration. Immutable after load; any thread."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hall_code: str = Field(default="FS01", pattern=r"^[A-Z0-9]{2,12}$")
    hall_name: str = "佛山市禅城区政务服务中心"
    data_dir: str = ""
    database_url: str = ""  # empty: SQLite (hall.db) in data_dir
    # The central back office the hall reports its events to and takes its appointments
    # from (hall.backoffice_link); empty: the queue runs on its own, nothing is reported.
    backoffice_url: str = ""
    backoffice_token: str = ""  # the hall server's device token at the back office
    no_show_after: int = Field(default=2, ge=0, le=10)  # recalls before 过号 is allowed
    priorities: list[str] = Field(
        default_factory=lambda: ["elderly", "disabled", "pregnant", "military", "appointment"]
    )
    categories: list[Category] = Field(
        default_factory=lambda: [
            Category(
                code="A",
                name="综合受理",
                window_class="综合窗口",
                area="一楼A区",
                name_en="General services",
                area_en="1F Zone A",
            ),
            Category(
                code="B",
                name="公安户政",
                window_class="公安窗口",
                area="一楼B区",
                name_en="Public security & household registration",
                area_en="1F Zone B",
            ),
            Category(
                code="C",
                name="不动产登记",
                window_class="不动产窗口",
                area="二楼C区",
                name_en="Real estate registration",
                area_en="2F Zone C",
            ),
            Category(
                code="D",
                name="企业开办",
                window_class="企业窗口",
                area="二楼D区",
                name_en="Business start-up",
                area_en="2F Zone D",
            ),
        ]
    )
    windows: list[WindowConfig] = Field(
        default_factory=lambda: [
            WindowConfig(code="1", categories=["A", "B"], device="C01"),
            WindowConfig(code="2", categories=["A"]),
            WindowConfig(code="3", categories=["B", "A"]),
            WindowConfig(code="4", categories=["C"]),
            WindowConfig(code="5", categories=["D", "A"], mode="longest"),
            WindowConfig(code="6", categories=["C", "D"]),
        ]
    )
    # Device code → SHA-256 (hex) of its token (``onewindow hall token add``); empty: the
    # demo's open hall (any loopback device names itself in X-OneWindow-Device).
    devices: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> HallSettings:
        codes = [c.code for c in self.categories]
        if len(set(codes)) != len(codes):
            raise ValueError("categories: each code once")
        for w in self.windows:
            unknown = [c for c in w.categories if c not in codes]
            if unknown:
                raise ValueError(f"windows.{w.code}.categories: no category {unknown[0]}")
        wins = [w.code for w in self.windows]
        if len(set(wins)) != len(wins):
            raise ValueError("windows: each code once")
        for code, digest in self.devices.items():
            if not _is_device(code) or len(digest) != 64:
                raise ValueError(f"devices.{code}: a device code and the SHA-256 of its token")
        return self

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir) if self.data_dir else Path.cwd() / "hall-data"

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def window(self, code: str) -> WindowConfig | None:
        return next((w for w in self.windows if w.code == code), None)

    @property
    def open_hall(self) -> bool:
        return not self.devices


def _is_device(code: str) -> bool:
    import re

    return re.fullmatch(DEVICE_PATTERN, code) is not None


def load_settings(path: Path | None, overrides: dict[str, object] | None = None) -> HallSettings:
    """The hall's settings from ``path`` (None: the embedded demo hall) and overrides."""
    data: dict[str, object] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{path}: {exc}") from None
    data.update(overrides or {})
    try:
        return HallSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(file)"
        raise ValueError(f"{key}: {err['msg']}") from None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh device token for the hall (shown once; only its digest is kept)."""
    return "ht_" + secrets.token_urlsafe(24)


CATEGORY_RE = CATEGORY_PATTERN
