"""One I/O thread per device: a single-worker executor each.

All traffic to one device runs on one thread, because device libraries are
not thread-safe (Electrum runs its hardware wallets this way; drivers.threads
asserts it). The device manager submits its work here: calls whose callers
wait on a future (``submit``), and housekeeping (open, polls) that is queued
only when none is already waiting for that device (``submit_background``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from core.errors import DeviceError
from drivers.base import PrinterError, PrinterState
from drivers.device_status import NOT_STARTED, PRINTER, STOPPED

log = logging.getLogger(__name__)


def _failed(exc: BaseException) -> Future[Any]:
    fut: Future[Any] = Future()
    fut.set_exception(exc)
    return fut


class DeviceThreads:
    """The devices' executors, one single worker each.

    ``start``, ``refuse`` and ``shutdown`` are called by the device manager's
    owner (the GUI thread or a test); ``submit`` and ``submit_background``
    by any thread, and never block on a device.
    """

    def __init__(self, devices: Iterable[str]) -> None:
        self.devices = tuple(devices)
        self._lock = threading.Lock()
        self._exec: dict[str, ThreadPoolExecutor] = {}
        self._busy: dict[str, Future[Any] | None] = dict.fromkeys(self.devices)
        self._accepting = False

    def start(self) -> None:
        for dev in self.devices:
            self._exec[dev] = ThreadPoolExecutor(1, thread_name_prefix=f"ow-{dev}")
        self._accepting = True

    def refuse(self) -> None:
        """``submit`` fails from now on (stopping); housekeeping still queues until shutdown."""
        self._accepting = False

    def shutdown(self) -> None:
        """Let running calls finish, cancel the queued ones, end the threads."""
        for ex in self._exec.values():
            ex.shutdown(wait=True, cancel_futures=True)
        self._exec.clear()

    def submit(self, dev: str, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``fn(*args)`` on ``dev``'s thread; a failed future when not running."""
        ex = self._exec.get(dev)
        if ex is None or not self._accepting:
            if dev == PRINTER:
                return _failed(PrinterError("printer.not_started", PrinterState.OFFLINE))
            return _failed(DeviceError(NOT_STARTED[dev], device=dev))
        try:
            return ex.submit(fn, *args)
        except RuntimeError:  # shut down meanwhile
            return _failed(DeviceError(STOPPED[dev], device=dev))

    def submit_background(self, dev: str, fn: Callable[..., Any], *args: Any) -> None:
        """Queue housekeeping work (open, poll) unless some is already queued for ``dev``."""
        with self._lock:
            busy = self._busy[dev]
            if busy is not None and not busy.done():
                return
            ex = self._exec.get(dev)
            if ex is None:
                return
            with contextlib.suppress(RuntimeError):
                self._busy[dev] = ex.submit(self._guard, dev, fn, *args)

    def _guard(self, dev: str, fn: Callable[..., Any], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:
            log.exception("%s: unexpected error in device thread", dev)
