"""A small limit on failed attempts (enrolment-code guessing, sign-ins, look-ups).

``FailureLimit`` counts refused attempts per subject (a client address, or a
caller) in a sliding window; while a subject is over the limit it is
answered 429 with Retry-After before its code is even looked at. Successful
attempts cost nothing, so forty kiosks enrolled from one installer's laptop
are not slowed. The counts live in the store (backoffice.store.failures), so
every worker of ``serve --workers N`` and every host over one database shares
one limit. Any thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from backoffice.store.failures import KEEP, FailureStore


class FailureLimit:
    """At most ``limit`` failures of one ``kind`` per ``window_s`` per subject. Any thread."""

    def __init__(
        self,
        store: FailureStore,
        kind: str,
        limit: int = 10,
        window_s: float = 600.0,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        if dt.timedelta(seconds=window_s) > KEEP:
            raise ValueError("the window is longer than the store keeps failures")
        self.store = store
        self.kind = kind
        self.limit = limit
        self.window_s = window_s
        self._clock = clock

    def retry_after(self, subject: str) -> int | None:
        """Seconds until ``subject`` may try again, or None when it may now."""
        now = self._clock()
        window = dt.timedelta(seconds=self.window_s)
        recent = self.store.failures_since(self.kind, subject, now - window)
        if len(recent) < self.limit:
            return None
        oldest = dt.datetime.fromisoformat(recent[-self.limit])
        return max(1, int((oldest + window - now).total_seconds()) + 1)

    def failed(self, subject: str) -> None:
        self.store.record_failure(self.kind, subject, self._clock())
