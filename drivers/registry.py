"""The device backend registry: config names a backend, the registry finds it.

Backends register under one entry-point group per device in the package metadata
(``onewindow.id_reader``, ``onewindow.camera``, ``onewindow.printer``,
``onewindow.voice``, ``onewindow.a4``; see
pyproject.toml), each name pointing at a factory ``create(cfg, ctx)``. A new
vendor reader or 高拍仪 SDK is one module plus one entry-point line, in this
package or in a plug-in distribution of its own; neither the config nor the
device manager changes. Only the backend config names is imported, and only
when the device manager creates it, so a kiosk never loads pyscard, OpenCV or
python-escpos for a device it does not have.

The printer's (and the A4 printer's) backend is its URI's scheme (``tcp://…`` → ``tcp``), or the
whole URI when it has none (``virtual``). ``none`` always means "no such
device" and is not a backend. Any thread may call these functions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from core.config import DevicesConfig
from core.errors import ConfigError

GROUPS = {
    "id_reader": "onewindow.id_reader",
    "camera": "onewindow.camera",
    "printer": "onewindow.printer",
    "voice": "onewindow.voice",
    "a4": "onewindow.a4",  # 证明打印's A4 printer (drivers.a4)
}
CONFIG_KEYS = {
    "id_reader": "devices.id_reader.backend",
    "camera": "devices.camera.backend",
    "printer": "devices.printer.uri",
    "voice": "devices.voice.backend",
    "a4": "devices.a4.uri",
}
NONE = "none"


@dataclass(frozen=True)
class BackendContext:
    """What a factory may need beyond its config section (no device I/O yet)."""

    data_dir: Path
    auto_present_s: float | None = None  # virtual reader: present a card by itself
    exclude_ports: Sequence[str] = field(default_factory=tuple)  # ports other devices use


Factory = Callable[[Any, BackendContext], Any]


@functools.cache
def _all_entry_points() -> dict[str, dict[str, EntryPoint]]:
    # One pass over the installed distributions for all the groups: each
    # entry_points(group=...) call reads every distribution's metadata again.
    eps = entry_points()
    return {
        device: {ep.name: ep for ep in eps.select(group=group)} for device, group in GROUPS.items()
    }


def _entry_points(device: str) -> dict[str, EntryPoint]:
    return _all_entry_points()[device]


def names(device: str) -> list[str]:
    """The backends registered for ``device``, sorted, plus ``none``."""
    return [*sorted(_entry_points(device)), NONE]


def backend_name(device: str, devices: DevicesConfig) -> str:
    """The backend name config gives for ``device``."""
    if device in ("printer", "a4"):
        uri = getattr(devices, device).uri
        return uri.split("://", 1)[0] if "://" in uri else uri
    return getattr(devices, device).backend


def check(devices: DevicesConfig) -> None:
    """Raise ConfigError naming the key when config names an unregistered backend."""
    for device in GROUPS:
        name = backend_name(device, devices)
        if name != NONE and name not in _entry_points(device):
            raise ConfigError(
                CONFIG_KEYS[device],
                "config.unknown_backend",
                name=name,
                known="、".join(names(device)),
            )


def factory(device: str, name: str) -> Factory:
    """The factory registered as ``name`` for ``device`` (imports its module now)."""
    try:
        ep = _entry_points(device)[name]
    except KeyError:
        raise ConfigError(
            CONFIG_KEYS[device], "config.unknown_backend", name=name, known="、".join(names(device))
        ) from None
    return ep.load()


def create(device: str, devices: DevicesConfig, ctx: BackendContext) -> Any:
    """The backend object for ``device`` as config says, or None for ``none``."""
    name = backend_name(device, devices)
    if name == NONE:
        return None
    return factory(device, name)(getattr(devices, device), ctx)
