"""Who serves a data folder: one shared lock per serving process (``serving.lock``).

Every process that serves the folder (a plain ``serve``, each worker of
``serve --workers N``, a second host over a shared mount) holds a shared
``flock`` on ``<data_dir>/serving.lock`` for as long as it serves. A process
about to sweep what an interrupted run left asks for the exclusive lock
without waiting: if it gets it, nobody else is serving and every leftover
may go; if not, someone is writing there and only leftovers older than
``BUSY_MIN_AGE_S`` may go (a temporary file another process is writing is
never that old).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

BUSY_MIN_AGE_S = 600.0
"""Leftovers younger than this stay while another process serves the folder."""


class ServingLock:
    """The lock file of one data folder, held by this process. One thread (the server's)."""

    def __init__(self, data_dir: Path) -> None:
        self._fd = os.open(Path(data_dir) / "serving.lock", os.O_RDWR | os.O_CREAT, 0o600)

    def alone(self) -> bool:
        """True (and exclusively held) when no other process serves the folder."""
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def share(self) -> None:
        """Hold the lock shared from now on: others may serve and sweep old leftovers."""
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # releases the lock
            self._fd = -1
