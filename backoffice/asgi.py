"""The back office as an ASGI app factory, for ``serve --workers N``.

uvicorn starts each worker process by importing ``create_worker_app`` and
calling it; the settings travel from ``serve`` through the environment
(``ONEWINDOW_BACKOFFICE_SETTINGS``, JSON, no secrets: the device tokens go
through ``ONEWINDOW_BACKOFFICE_TOKENS`` as they always did). Workers share
nothing but the database and the data folder: every request finds its
upload, case and feed there, so any worker can answer any request (two
chunks of one tus upload may reach two workers). The parent process sweeps
what an interrupted run left once, before the workers start; a worker never
sweeps (another worker may be in the middle of a request).
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from backoffice.fleet import FleetLimits

SETTINGS_ENV = "ONEWINDOW_BACKOFFICE_SETTINGS"
TOKENS_ENV = "ONEWINDOW_BACKOFFICE_TOKENS"


@dataclass(frozen=True)
class AppSettings:
    """What create_app needs, as plain data that survives a trip through JSON. Any thread."""

    data_dir: Path
    catalog_path: Path | None = None
    open_access: bool = False
    upload_expiry_hours: float = 72.0
    fleet_limits: FleetLimits = field(default_factory=FleetLimits)

    def to_json(self) -> str:
        return json.dumps(
            {
                "data_dir": str(self.data_dir),
                "catalog_path": str(self.catalog_path) if self.catalog_path else None,
                "open_access": self.open_access,
                "upload_expiry_hours": self.upload_expiry_hours,
                "fleet_limits": dataclasses.asdict(self.fleet_limits),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> AppSettings:
        raw: dict[str, Any] = json.loads(text)
        return cls(
            data_dir=Path(raw["data_dir"]),
            catalog_path=Path(raw["catalog_path"]) if raw.get("catalog_path") else None,
            open_access=bool(raw["open_access"]),
            upload_expiry_hours=float(raw["upload_expiry_hours"]),
            fleet_limits=FleetLimits(**raw["fleet_limits"]),
        )


def tokens_from_env() -> set[str] | None:
    """The operator's device tokens from ``ONEWINDOW_BACKOFFICE_TOKENS`` (comma-separated)."""
    raw = os.environ.get(TOKENS_ENV, "")
    tokens = {t.strip() for t in raw.split(",") if t.strip()}
    return tokens or None


def create_worker_app() -> FastAPI:
    """One worker's app (uvicorn ``factory=True``), from the settings ``serve`` exported."""
    from backoffice.app import create_app

    text = os.environ.get(SETTINGS_ENV)
    if not text:
        raise RuntimeError(f"{SETTINGS_ENV} is not set: start workers with `backoffice serve`")
    settings = AppSettings.from_json(text)
    return create_app(
        settings.data_dir,
        settings.catalog_path,
        tokens=tokens_from_env(),
        open_access=settings.open_access,
        upload_expiry_hours=settings.upload_expiry_hours,
        fleet_limits=settings.fleet_limits,
        prepare=False,
    )
