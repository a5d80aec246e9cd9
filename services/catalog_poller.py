"""The catalog poll: the device asks the back office for a newer catalog every few minutes.

``CatalogPoller`` owns one background thread (``ow-catalog``, never the GUI
thread) that calls the runtime's ``refresh_catalog`` at once and then every
``sync.catalog_poll_s`` seconds (default 300). Each call sends the ETag it
holds in If-None-Match, so an unchanged catalog costs one 304 and no body.
It is its own small unit, apart from the sync worker's loop, so the outbox's
pace and the catalog's do not depend on each other. ``write_durably`` is how
the pulled catalog reaches the data folder: a temporary file, fsync'd, renamed
over the old one, the folder fsync'd, so a restart offline finds either the
old catalog or the new one whole.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from core.crypto import fsync_dir

log = logging.getLogger(__name__)

DEFAULT_CATALOG_POLL_S = 300.0


def write_durably(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temporary file, fsync, rename)."""
    tmp = path.with_name(f"{path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


class CatalogPoller:
    """Calls ``refresh`` on its own thread now and every ``interval_s``, or as soon as
    the status feed says the back office serves another catalog.

    The long poll's answers carry the ETag of the catalog the back office
    serves (``served``, from the sync worker's feed thread): while they keep
    coming and ``is_current`` says the device has that one, the timed poll
    is skipped (an idle device asks nothing), and a new ETag polls at once.
    ``start`` and ``stop`` are for the thread that owns the runtime; ``refresh``
    (and ``at_start``, run once after the first refresh) run on the poller's
    thread and must not raise for an expected failure (an unexpected one is
    logged and the poll goes on).
    """

    def __init__(
        self,
        refresh: Callable[[], object],
        interval_s: float = DEFAULT_CATALOG_POLL_S,
        *,
        at_start: Callable[[], object] | None = None,
        is_current: Callable[[str], bool] | None = None,
    ) -> None:
        self.refresh = refresh
        self.interval_s = interval_s
        self.at_start = at_start
        self.is_current = is_current
        self.polls = 0
        self._served: tuple[float, str] | None = None  # (when heard, the served ETag)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="ow-catalog", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 0.5) -> None:
        """No poll after this returns (one under way finishes, its result unused)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout_s)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def served(self, etag: str) -> None:
        """The back office serves the catalog ``etag`` now (any thread): poll at once when
        this device does not have it, and spare the timed poll while it does."""
        self._served = (time.monotonic(), etag)
        if self.is_current is not None and not self.is_current(etag):
            self._wake.set()

    def _spared(self) -> bool:
        """Whether the feed said lately (within the interval) that ours is the served one."""
        heard = self._served
        if heard is None or self.is_current is None:
            return False
        return time.monotonic() - heard[0] < self.interval_s and self.is_current(heard[1])

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            self._wake.clear()
            if first or not self._spared():
                self._once(self.refresh)
                self.polls += 1
            if first and self.at_start is not None:
                self._once(self.at_start)
            first = False
            self._wake.wait(self.interval_s)

    def _once(self, call: Callable[[], object]) -> None:
        try:
            call()
        except Exception as exc:  # the poll never dies: the next one tries again
            log.error("catalog poll failed: %s", type(exc).__name__)
