"""The few config keys the first page needs, read fast (no validation library).

The apps paint their first page (the kiosk's home page, the counter's
sign-in) before the whole config is validated: ``peek_config`` reads the
TOML with tomllib and takes role, hall name and language, with the same
defaults as core.config (tests/test_first_config.py keeps them equal). It
answers None when the file cannot be read or those keys look wrong; the
caller then validates the whole file at once, as before. Any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROLES = ("kiosk", "counter", "station")
LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class FirstConfig:
    """What the first page shows, before core.config has validated everything."""

    role: str = "kiosk"
    hall_name: str = "佛山市禅城区政务服务中心"
    language: str = "zh_CN"


def peek_config(path: Path | None, overrides: dict[str, Any] | None = None) -> FirstConfig | None:
    """The first page's keys from ``path`` (defaults when None) and ``overrides``."""
    data: dict[str, Any] = {}
    if path is not None:
        import tomllib

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
    data.update({k: v for k, v in (overrides or {}).items() if k in ("role", "language")})
    default = FirstConfig()
    first = FirstConfig(
        role=data.get("role", default.role),
        hall_name=data.get("hall_name", default.hall_name),
        language=data.get("language", default.language),
    )
    if first.role not in ROLES or first.language not in LANGUAGES:
        return None
    if not isinstance(first.hall_name, str):
        return None
    return first
