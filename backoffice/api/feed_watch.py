"""Waking the status feed's long polls: in-process news, and a once-a-second look.

A device's long poll (backoffice.api.routes.feed) waits on an asyncio event
of its own, registered under its hall and device. Two things set it:

- this process writes a change of one of that device's cases: the store's
  feed listener (called on the writing thread) hands the hall and device to
  the event loop with ``call_soon_threadsafe``;
- another worker process or the CLI wrote one: every ``recheck_s`` the watch
  reads the feed's head (one index look-up for the whole process, however
  many devices wait) and, when it moved, which devices' cases changed since;
- an administrator set a remote configuration or asked a device for its
  logs (in any process): the same look reads the instructions' head
  (store.instructions_head) and, when it moved, wakes every waiter, each of
  which answers only if its own instructions changed. Such changes are rare.

A waiter woken for nothing (the change was not committed yet when it read,
or it matched a wider filter) reads the feed again and waits on; nothing is
missed, because a waiter registers before its first read. No thread is held
while waiting: the reads go to the thread pool for the length of a query.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

from starlette.concurrency import run_in_threadpool

from backoffice.store import BackofficeStore

log = logging.getLogger(__name__)

RECHECK_S = 1.0

Key = tuple[str, str]  # (hall_code, device_code); "" matches any


class FeedWatch:
    """The long polls waiting in this process, and what wakes them.

    ``start``/``stop`` and ``waiting`` run on the event loop; ``close`` and the
    store's listener may be called from any thread. ``closing`` tells waiters
    to answer now (the server is stopping).
    """

    def __init__(self, store: BackofficeStore, recheck_s: float = RECHECK_S) -> None:
        self.store = store
        self.recheck_s = recheck_s
        self.closing = False
        self._exact: dict[Key, set[asyncio.Event]] = {}
        self._wide: dict[Key, set[asyncio.Event]] = {}  # a filter with an empty part
        self._loop: asyncio.AbstractEventLoop | None = None
        self._head = 0
        self._instructions = ""
        self._task: asyncio.Task[None] | None = None
        self.rechecks = 0  # head reads so far (tests, bench)

    # ------------------------------------------------------------------ life

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.closing = False
        self._head = await run_in_threadpool(self.store.feed_head)
        self._instructions = await run_in_threadpool(self.store.instructions_head)
        self.store.add_feed_listener(self._heard)
        self._task = asyncio.create_task(self._watch(), name="feed-watch")

    async def stop(self) -> None:
        self.store.remove_feed_listener(self._heard)
        self._close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def close(self) -> None:
        """Answer every waiting long poll now (from any thread), before the server stops."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop stopped meanwhile
                loop.call_soon_threadsafe(self._close)

    def _close(self) -> None:
        self.closing = True
        self._wake_all()

    # ------------------------------------------------------------------ waiting

    @contextlib.contextmanager
    def waiting(self, hall: str, device: str) -> Iterator[asyncio.Event]:
        """An event set whenever a change may concern (hall, device); register first,
        then read the feed, then wait on it."""
        event = asyncio.Event()
        table = self._exact if hall and device else self._wide
        table.setdefault((hall, device), set()).add(event)
        if self.closing:
            event.set()
        try:
            yield event
        finally:
            waiters = table.get((hall, device))
            if waiters is not None:
                waiters.discard(event)
                if not waiters:
                    del table[(hall, device)]

    @property
    def running(self) -> bool:
        """True once started (the periodic re-check and the listener are on)."""
        return self._task is not None and not self._task.done()

    @property
    def waiting_count(self) -> int:
        return sum(len(w) for w in (*self._exact.values(), *self._wide.values()))

    # ------------------------------------------------------------------ waking

    def _heard(self, hall: str, device: str) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._wake, hall, device)

    def _wake(self, hall: str, device: str) -> None:
        for event in self._exact.get((hall, device), ()):
            event.set()
        for (h, d), waiters in self._wide.items():
            if (not h or h == hall) and (not d or d == device):
                for event in waiters:
                    event.set()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.recheck_s)
            try:
                await self._recheck()
            except Exception as exc:  # a failed look keeps the watch alive; try again
                log.warning("feed re-check failed: %s", type(exc).__name__)

    def _wake_all(self) -> None:
        for waiters in (*self._exact.values(), *self._wide.values()):
            for event in waiters:
                event.set()

    async def _recheck(self) -> None:
        self.rechecks += 1
        instructions = await run_in_threadpool(self.store.instructions_head)
        if instructions != self._instructions:
            self._instructions = instructions
            self._wake_all()
        head = await run_in_threadpool(self.store.feed_head)
        if head <= self._head:
            return
        if self._exact or self._wide:
            changed = await run_in_threadpool(self.store.feed_devices_between, self._head, head)
            for hall, device in changed:
                self._wake(hall, device)
        self._head = head
