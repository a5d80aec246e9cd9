"""The one adapter from device, sync, catalog and printer threads to the GUI thread.

Runtime callbacks fire on device, sync or printer threads; each one emits a
Qt signal here, and Qt queues it to the receivers on the GUI thread. Print
jobs report every state change through ``print_job_changed`` (the print
spooler's listener), so no screen polls a job. The camera's frame stream
comes through a ``FrameStream`` (a one-slot mailbox: a slow GUI skips
frames rather than queueing them). Results of work the GUI hands off come
back through widgets.background.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from core.config import Config
from core.errors import OneWindowError
from core.identity import Identity
from drivers.base import DeviceStatus
from drivers.manager import DeviceManager
from services.runtime import Runtime
from sync.worker import SyncStatus
from widgets.background import BackgroundOps

if TYPE_CHECKING:
    import numpy as np


class RuntimeBridge(QObject):
    """Owns a Runtime and re-emits its events as signals. GUI thread only.

    The signals themselves may be emitted from any thread. ``ops`` is the
    runtime's one background lane for store writes, sealing and PDF work.
    """

    device_status = Signal(object)  # DeviceStatus
    card_read = Signal(object, list)  # Identity, warnings
    card_error = Signal(object)  # OneWindowError
    card_removed = Signal()  # a card was taken out of a PC/SC slot
    sync_status = Signal(object)  # SyncStatus
    print_job_changed = Signal(object)  # services.printing.PrintJob (read its state live)
    catalog_changed = Signal(object)  # core.catalog.Catalog: a new one is in use

    def __init__(self, config: Config, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runtime = Runtime(
            config,
            on_device_status=self._on_status,
            on_card=self._on_card,
            on_card_error=self._on_card_error,
            on_sync_status=self._on_sync,
            on_catalog=self.catalog_changed.emit,
        )
        self.runtime.printing.add_listener(self.print_job_changed.emit)
        self.runtime.devices.on_card_removed = self.card_removed.emit
        self.ops = BackgroundOps(self)
        self.last_status: dict[str, DeviceStatus] = {}
        self.last_sync: SyncStatus | None = None
        self.device_status.connect(self._remember)
        self.sync_status.connect(self._remember_sync)

    def _remember(self, st: DeviceStatus) -> None:
        self.last_status[st.device] = st

    def _remember_sync(self, st: SyncStatus) -> None:
        self.last_sync = st

    def _on_status(self, st: DeviceStatus) -> None:
        self.device_status.emit(st)

    def _on_card(self, identity: Identity, warnings: list[str]) -> None:
        self.card_read.emit(identity, warnings)

    def _on_card_error(self, exc: OneWindowError) -> None:
        self.card_error.emit(exc)

    def _on_sync(self, st: SyncStatus) -> None:
        self.sync_status.emit(st)

    def start(self) -> None:
        self.runtime.start()

    def close(self) -> None:
        self.ops.close()  # queued writes reach the store before it closes
        self.runtime.close()


class FrameStream(QObject):
    """The camera's frames, judged on the camera thread, newest one handed to the GUI.

    ``start(judge)`` streams: ``judge(frame, now)`` runs on the camera thread
    and its result waits with the frame in a one-slot mailbox; ``frame_ready``
    fires (queued to the GUI thread) when the mailbox fills, and ``take()``
    empties it. ``skipped`` counts results replaced before the GUI took them.
    ``start``, ``stop`` and ``take`` are GUI-thread calls.
    """

    frame_ready = Signal()

    def __init__(self, devices: DeviceManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.devices = devices
        self.skipped = 0
        self._mail: tuple[np.ndarray, Any] | None = None
        self._lock = threading.Lock()
        self._judge: Callable[[np.ndarray, float], Any] | None = None

    def start(self, judge: Callable[[np.ndarray, float], Any]) -> None:
        self._judge = judge
        self.devices.start_stream(self._on_frame)

    def stop(self) -> None:
        self.devices.stop_stream()

    def take(self) -> tuple[np.ndarray, Any] | None:
        with self._lock:
            mail, self._mail = self._mail, None
        return mail

    def _on_frame(self, frame: np.ndarray, now: float) -> None:
        """Camera thread: judge the frame, leave the newest result in the mailbox."""
        judge = self._judge
        if judge is None:
            return
        result = judge(frame, now)
        with self._lock:
            empty = self._mail is None
            if not empty:
                self.skipped += 1
            self._mail = (frame, result)
        if empty:
            self.frame_ready.emit()
