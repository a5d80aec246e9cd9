"""A small per-address limit on failed attempts (enrolment-code guessing).

``FailureLimit`` counts refused attempts per client address in a sliding
window; while an address is over the limit it is answered 429 with
Retry-After before its code is even looked at. Successful attempts cost
nothing, so forty kiosks enrolled from one installer's laptop are not slowed.
Any thread (a lock guards the counts).
"""

from __future__ import annotations

import threading
import time
from collections import deque


class FailureLimit:
    """At most ``limit`` failures per ``window_s`` per address. Any thread."""

    def __init__(self, limit: int = 10, window_s: float = 600.0) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        q = self._failures.setdefault(address, deque())
        while q and q[0] <= now - self.window_s:
            q.popleft()
        return q

    def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may try again, or None when it may now."""
        now = time.monotonic()
        with self._lock:
            q = self._recent(address, now)
            if len(q) < self.limit:
                return None
            return max(1, int(q[0] + self.window_s - now) + 1)

    def failed(self, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent(address, now).append(now)
            if len(self._failures) > 10_000:  # many addresses: forget the quiet ones
                for key in [k for k, v in self._failures.items() if not v]:
                    del self._failures[key]
