"""Collecting what the device manager reports, for tests (callbacks arrive on device threads)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from core.errors import OneWindowError
from core.identity import Identity
from drivers.base import DeviceStatus, Health


def wait_until(pred: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.01)
    raise AssertionError("condition not reached in time")


class Events:
    """Collects device manager callbacks (they arrive on device threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: list[DeviceStatus] = []
        self.cards: list[tuple[Identity, list[str]]] = []
        self.errors: list[OneWindowError] = []

    def on_status(self, st: DeviceStatus) -> None:
        with self.lock:
            self.statuses.append(st)

    def on_card(self, identity: Identity, warnings: list[str]) -> None:
        with self.lock:
            self.cards.append((identity, warnings))

    def on_card_error(self, exc: OneWindowError) -> None:
        with self.lock:
            self.errors.append(exc)

    def reader_health(self) -> Health | None:
        with self.lock:
            mine = [s for s in self.statuses if s.device == "id_reader"]
        return mine[-1].health if mine else None

    def reader_message(self) -> str:
        with self.lock:
            mine = [s for s in self.statuses if s.device == "id_reader"]
        return mine[-1].message if mine else ""
