"""The sync worker: drains the outbox to the back office on its own thread.

For each due entry (a case, a supplement, an evaluation or a 12345 record,
one case's entries in order): upload the files the back office does not have
yet (tus, resumable), then PUT the record under its id. The back office
deduplicates by id, so any step may be repeated safely after a crash or a
lost answer.

- Offline / ServerBusy: retry later with exponential backoff and full jitter
  (capped at BACKOFF_CAP_S, no retry limit), never sooner than Retry-After.
- Rejected / Conflict: the entry is quarantined with the back office's
  reason and shown to staff; other cases carry on.
- Unauthorized: stop, keep everything, report it; try again on ``sync_now``
  or every UNAUTHORIZED_RETRY_S.

Every error and reason it keeps (the status's ``last_error``, the outbox's
``last_error`` and ``reason``) is ``core.messages.Words``: a catalogue code
with parameters, rendered in the reader's language; the back office's own
words travel as the ``reason`` parameter of ``sync_rejected``/``sync_conflict``.

The worker asks ``/health`` only while it believes the back office is
unreachable (at start, and after a request failed), every ``interval_s``;
any request that succeeds counts as online. When it comes back, entries
waiting for the network are retried at once instead of waiting for their
backoff. While online a second thread (``sync-feed``) follows the status
feed (accepted, rejected, ready, delivered) with the long poll
``POST /api/v1/devices/self/feed``: the back office holds it up to
``feed_wait_s`` and answers as soon as one of this device's cases changes;
the device's heartbeat (sync.heartbeat) rides inside it when due. So an idle
device makes about one request per ``feed_wait_s`` and nothing else, and a
decision reaches it within a second or two. The worker thread itself only
sends queued work: a commit that queues some wakes it at once (the store's
outbox listener), long poll or not. With ``feed_wait_s`` 0, or a back office
without the long poll (404), the worker thread polls ``GET /api/v1/status``
every ``interval_s`` and sends the heartbeat on its own, as before. Every
PURGE_EVERY_S it purges personal data past the retention period (and has
the store run its daily full integrity check when it is due).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.case import FileRef
from core.errors import CaseError, OneWindowError, StorageError
from core.messages import Words
from sync.client import BackofficeClient
from sync.errors import (
    Conflict,
    NotFound,
    Offline,
    Rejected,
    ServerBusy,
    SyncError,
    Unauthorized,
)
from sync.heartbeat import HeartbeatTimer
from sync.store import PENDING_STATES, LocalStore, OutboxEntry
from sync.upload import DEFAULT_CHUNK_SIZE, upload
from wire.records import RECORD_MODELS, Supplement

log = logging.getLogger(__name__)

BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 300.0
RETRY_AFTER_CAP_S = 3600.0
UNAUTHORIZED_RETRY_S = 300.0
MIN_WAIT_S = 0.2
PURGE_EVERY_S = 600.0
DEFAULT_FEED_WAIT_S = 60.0  # one request a minute; the back office holds one up to 120 s
# A long poll cut after this long was cut by something on the way (a proxy's idle
# timeout), not by an outage: ask for shorter waits (never below FEED_MIN_WAIT_S) and
# try the configured one again after FEED_WAIT_RETRY_S.
FEED_CUT_AFTER_S = 5.0
FEED_MIN_WAIT_S = 5.0
FEED_WAIT_RETRY_S = 3600.0


def backoff_delay(
    attempt: int,
    *,
    retry_after: float | None = None,
    base: float = BACKOFF_BASE_S,
    cap: float = BACKOFF_CAP_S,
    rng: random.Random | None = None,
) -> float:
    """Seconds before attempt ``attempt + 1``: full jitter, never below Retry-After.

    ``attempt`` counts failures so far (1 after the first). The jitter draws
    uniformly from [0, min(cap, base * 2**(attempt-1))]; a Retry-After from
    the server is honoured (up to RETRY_AFTER_CAP_S) even above the cap.
    """
    exp = max(0, min(attempt - 1, 32))
    delay = (rng or random).uniform(0.0, min(cap, base * (2**exp)))
    if retry_after is not None:
        delay = max(delay, min(max(0.0, retry_after), RETRY_AFTER_CAP_S))
    return delay


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows about sync. Plain data; any thread."""

    online: bool
    queued: int  # waiting to go (queued, retry or being uploaded)
    quarantined: int  # set aside, staff must look at them
    last_error: str  # core.messages.Words ("" when none)
    last_sync_at: dt.datetime | None
    unauthorized: bool = False
    # Receipt numbers ("" when unknown) of what a damaged database lost, until staff
    # acknowledge them (sync.store.unsalvaged).
    unsalvaged: tuple[str, ...] = ()


_GO_ON, _STOP = True, False


class SyncWorker:
    """Drains the outbox on its own thread.

    ``start``/``stop`` belong to the thread that owns the app (the GUI
    thread); ``sync_now`` and ``status`` may be called from any thread;
    ``drain_once`` runs synchronously on the calling thread (tests, CLI) and
    is serialised with the worker thread. ``on_status`` is called on the
    worker thread, the feed thread (or the thread calling ``drain_once``)
    whenever the status changes: a Qt receiver must hand it to the GUI thread
    with a queued signal. After ``stop`` neither thread touches the store or
    calls ``on_status`` again (a long poll still in flight ends on its own,
    within its wait, and is then dropped).
    """

    def __init__(
        self,
        store: LocalStore,
        client: BackofficeClient,
        *,
        interval_s: float = 5.0,
        on_status: Callable[[SyncStatus], None] | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        retention_days: float | None = None,
        hall_code: str = "",
        device_code: str = "",
        backoff_base_s: float = BACKOFF_BASE_S,
        backoff_cap_s: float = BACKOFF_CAP_S,
        heartbeat: HeartbeatTimer | None = None,
        feed_wait_s: float = DEFAULT_FEED_WAIT_S,
    ) -> None:
        self.store = store
        self.feed_wait_s = feed_wait_s
        self.heartbeat = heartbeat
        self.client = client
        self.interval_s = interval_s
        self.on_status = on_status
        self.chunk_size = chunk_size
        self.retention_days = retention_days
        self.hall_code = hall_code
        self.device_code = device_code
        self.backoff_base_s = backoff_base_s
        self.backoff_cap_s = backoff_cap_s
        self._next_purge = 0.0
        self._rng = random.Random()
        self._state_lock = threading.Lock()
        self._drain_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._force = False
        self._feed_force = False  # sync_now, as the feed thread hears it
        self._publish_lock = threading.Lock()  # one status at a time, in order
        self._thread: threading.Thread | None = None
        self._feed_thread: threading.Thread | None = None
        self._feed_stop = threading.Event()
        self._feed_wake = threading.Event()
        self._feed_lock = threading.Lock()  # held while the feed thread uses the store
        # The status feed by GET /api/v1/status from the worker thread (and the heartbeat
        # on its own) instead of the long poll: asked for, or the back office lacks it.
        self._polling = feed_wait_s <= 0
        self._feed_wait = feed_wait_s  # shortened while the path cuts long polls
        self._feed_wait_cut_at = 0.0
        self._came_back = False  # went online since the worker thread last looked
        self._online = False
        self._unauthorized = False
        self._last_error = ""
        self._last_sync_at: dt.datetime | None = None
        self._published: SyncStatus | None = None
        self._done_seen = -1  # outbox entries done when last_sync_at was last read
        with contextlib.suppress(StorageError):
            self._last_sync_at = store.last_sync_at()

    # ------------------------------------------------------------------ status

    def status(self) -> SyncStatus:
        """The current status (reads the outbox counts). Any thread."""
        try:
            counts = self.store.outbox_counts()
            queued = sum(counts[s] for s in PENDING_STATES)
            quarantined = counts["quarantined"]
            unsalvaged = self.store.unsalvaged_receipts()
            if counts["done"] != self._done_seen:  # settled elsewhere too (an answer file)
                self._done_seen = counts["done"]
                last = self.store.last_sync_at()
                with self._state_lock:
                    if last is not None and (
                        self._last_sync_at is None or last > self._last_sync_at
                    ):
                        self._last_sync_at = last
        except StorageError as exc:
            queued = quarantined = 0
            unsalvaged = ()
            with self._state_lock:
                self._last_error = exc.message_words()
        with self._state_lock:
            return SyncStatus(
                online=self._online,
                queued=queued,
                quarantined=quarantined,
                last_error=self._last_error,
                last_sync_at=self._last_sync_at,
                unauthorized=self._unauthorized,
                unsalvaged=unsalvaged,
            )

    def _publish(self, force: bool = False) -> SyncStatus:
        with self._publish_lock:  # both threads publish: never an older status after a newer
            st = self.status()
            if force or st != self._published:
                self._published = st
                if self.on_status is not None:
                    try:
                        self.on_status(st)
                    except Exception:
                        log.exception("sync status callback failed")
        return st

    def _note(self, *, online: bool | None = None, error: str | None = None) -> None:
        with self._state_lock:
            changed = online is not None and online != self._online
            if online is not None:
                self._set_online(online)
            if error is not None:
                self._last_error = error
        if changed:  # offline: the worker probes, the feed pauses; online: both go on
            self._wake.set()
            self._feed_wake.set()

    def _set_online(self, online: bool) -> None:
        """With the state lock held."""
        if online and not self._online:
            self._came_back = True
        self._online = online

    # ------------------------------------------------------------------ draining

    def drain_once(self) -> SyncStatus:
        """Send every due entry now, on the calling thread; returns the status after."""
        with self._drain_lock:
            while not self._stopping.is_set():
                entry = self.store.claim_next()
                if entry is None:
                    break
                if self._process(entry) is _STOP:
                    break
        return self._publish()

    def _backoff(self, attempt: int, retry_after: float | None = None) -> float:
        return backoff_delay(
            attempt,
            retry_after=retry_after,
            base=self.backoff_base_s,
            cap=self.backoff_cap_s,
            rng=self._rng,
        )

    def _load(self, entry: OutboxEntry) -> _Outgoing:
        """What the entry sends: its files and the final PUT. Raises on unreadable data."""
        refs, kind, record_id, body = entry_payload(self.store, entry)
        if kind == "case":
            return _Outgoing(refs, lambda: self.client.put_case(record_id, body))
        return _Outgoing(refs, lambda: self.client.put_record(kind, record_id, body))

    def _process(self, entry: OutboxEntry) -> bool:
        store = self.store
        try:
            outgoing = self._load(entry)
        except (StorageError, CaseError, ValueError) as exc:
            detail = exc.message_words() if isinstance(exc, OneWindowError) else type(exc).__name__
            self._quarantine(entry, Words("sync.local_record_unreadable", detail=detail))
            return _GO_ON
        try:
            self._send(outgoing)
        except _LocalFileBroken as exc:
            detail = exc.error.message_words()
            self._quarantine(entry, Words("sync.local_file_unreadable", detail=detail))
            return _GO_ON
        except Unauthorized as exc:
            store.release(entry.id, exc.message_words())
            with self._state_lock:
                self._unauthorized = True
                self._set_online(True)
                self._last_error = exc.message_words()
            log.error("back office refused this device (HTTP %s); sync paused", exc.status)
            return _STOP
        except Offline as exc:
            delay = self._backoff(entry.attempts + 1)
            store.retry(entry.id, delay, exc.message_words(), "offline")
            self._note(online=False, error=exc.message_words())
            log.info("case %s: back office unreachable; retry in %.0f s", entry.case_id, delay)
            return _STOP
        except ServerBusy as exc:
            delay = self._backoff(entry.attempts + 1, exc.retry_after)
            store.retry(entry.id, delay, exc.message_words(), "busy")
            self._note(online=True, error=exc.message_words())
            log.warning(
                "case %s: back office busy (HTTP %s); retry in %.0f s",
                entry.case_id,
                exc.status,
                delay,
            )
            return _STOP
        except Rejected as exc:
            self._note(online=True)
            missing = _missing_files(exc.detail)
            if missing and entry.error_kind != "missing_files":
                # The back office lost files we sent before: send them again, once.
                store.mark_files_not_uploaded(missing)
                store.retry(entry.id, 0.0, exc.message_words(), "missing_files")
                log.warning(
                    "%s %s: back office lacks %d file(s); resending",
                    entry.kind,
                    entry.record_id,
                    len(missing),
                )
                return _GO_ON
            self._quarantine(entry, exc.message_words())
            return _GO_ON
        except Conflict as exc:
            self._note(online=True)
            self._quarantine(entry, exc.message_words())
            return _GO_ON
        except SyncError as exc:
            delay = self._backoff(entry.attempts + 1)
            store.retry(entry.id, delay, exc.message_words(), "error")
            self._note(online=True, error=exc.message_words())
            log.warning("case %s: %s; retry in %.0f s", entry.case_id, exc.code, delay)
            return _GO_ON
        except Exception as exc:  # keep the worker alive whatever happens
            delay = self._backoff(entry.attempts + 1)
            store.retry(entry.id, delay, Words("sync.failed"), "error")
            self._note(error=Words("sync.failed"))
            # Only the type: a message or traceback could quote personal data.
            log.error(
                "case %s: unexpected %s; retry in %.0f s", entry.case_id, type(exc).__name__, delay
            )
            return _GO_ON
        store.complete(entry.id)
        with self._state_lock:
            self._set_online(True)
            self._unauthorized = False
            self._last_error = ""
            self._last_sync_at = dt.datetime.now().astimezone()
        log.info(
            "%s %s (receipt %s) is at the back office",
            entry.kind,
            entry.record_id,
            entry.receipt_no or "-",
        )
        return _GO_ON

    def _send(self, outgoing: _Outgoing) -> dict[str, Any]:
        for ref in outgoing.files:
            if self.store.file_uploaded(ref.id):
                continue
            try:
                data = self.store.read_file(ref.id)
            except StorageError as exc:
                raise _LocalFileBroken(exc) from None
            upload(
                self.client,
                self.store,
                ref.id,
                data,
                ref.sha256,
                chunk_size=self.chunk_size,
                media_type=ref.media_type,
            )
            self.store.mark_file_uploaded(ref.id)
        return outgoing.commit()

    def _quarantine(self, entry: OutboxEntry, reason: str) -> None:
        self.store.quarantine(entry.id, reason)
        log.warning(
            "%s %s (receipt %s) quarantined: %s",
            entry.kind,
            entry.record_id,
            entry.receipt_no or "-",
            reason,
        )

    # ------------------------------------------------------------------ status down, retention

    def pull_status(self) -> int:
        """Apply the back office's status feed to local cases; returns how many changed.

        Raises the typed errors of sync.errors; the cursor only moves forward
        together with the changes it covers (one transaction).
        """
        total = 0
        for _ in range(100):  # at most 100 pages per call; the rest next time
            cursor = self.store.status_cursor()
            feed = self.client.status_changes(cursor, self.device_code, self.hall_code)
            if feed["cursor"] <= cursor and not feed["changes"]:
                break
            total += len(self.store.apply_status_changes(feed["changes"], feed["cursor"]))
            if not feed["changes"]:
                break
        if total:
            self._publish(force=True)
        return total

    def purge(self, now: dt.datetime | None = None) -> int:
        """Remove personal data past the retention period (no-op when retention is unset)."""
        if self.retention_days is None:
            return 0
        return self.store.purge_expired(self.retention_days, now)

    # ------------------------------------------------------------------ threads

    def start(self) -> None:
        """Start the worker thread and, unless polling, the feed thread (no-op when running)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping.clear()
        try:
            n = self.store.requeue_interrupted()
            if n:
                log.info("%d interrupted upload(s) will be retried", n)
        except StorageError as exc:
            self._note(error=exc.message_words())
        self.store.add_outbox_listener(self._wake.set)
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()
        # Each feed thread has its own stop flag: one still in a long poll after a stop
        # must not carry on beside the next start's.
        self._feed_stop = threading.Event()
        self._feed_thread = threading.Thread(
            target=self._feed_run, args=(self._feed_stop,), name="sync-feed", daemon=True
        )
        self._feed_thread.start()

    def stop(self) -> None:
        """Ask the threads to finish and wait for the worker's current request; the feed
        thread touches nothing once this returns (a long poll in flight is dropped)."""
        self._stopping.set()
        self._feed_stop.set()
        self.store.remove_outbox_listener(self._wake.set)
        self._wake.set()
        self._feed_wake.set()
        t = self._thread
        if t is not None:
            t.join(timeout=self.client.timeout_s * 2 + 5)
            if t.is_alive():
                log.warning("sync worker still busy at stop; left as a daemon thread")
        with self._feed_lock:  # the feed thread is not using the store now, nor later
            pass
        f = self._feed_thread
        if f is not None:
            f.join(timeout=0.2)  # quick when it was not in a long poll
        self._thread = None
        self._feed_thread = None

    def _pull_status_quietly(self) -> None:
        try:
            self.pull_status()
        except Unauthorized:
            with self._state_lock:
                self._unauthorized = True
        except Offline as exc:
            self._note(online=False, error=exc.message_words())
        except (SyncError, StorageError) as exc:
            log.info("status feed not pulled: %s", exc.code)
        else:
            self._note(online=True)

    def sync_now(self) -> None:
        """Wake the threads and retry entries waiting for the network now. Any thread."""
        with self._state_lock:
            self._force = True
            self._feed_force = True
        self._wake.set()
        self._feed_wake.set()

    @property
    def long_polling(self) -> bool:
        """True while the status feed comes by the long poll (not by polling)."""
        return not self._polling

    def _run(self) -> None:
        next_unauthorized_try = 0.0
        while not self._stopping.is_set():
            with self._state_lock:
                force, self._force = self._force, False
                came_back, self._came_back = self._came_back, False
                online = self._online
            try:
                if not online:
                    # Believed unreachable (at start, after a failure): the only probe.
                    online = self.client.health()
                    if online:
                        self._note(online=True, error="")
                        with self._state_lock:
                            self._came_back = False
                        came_back = True
                    else:
                        self._note(online=False, error=Words("sync.unreachable"))
                if online:
                    if force or came_back:
                        self.store.make_due("offline")
                    paused = self._unauthorized and not force
                    if not paused or time.monotonic() >= next_unauthorized_try:
                        self.drain_once()
                        if self._unauthorized:
                            next_unauthorized_try = time.monotonic() + UNAUTHORIZED_RETRY_S
                        elif self._polling:
                            self._pull_status_quietly()
                    if self._polling and self.heartbeat is not None and self._online:
                        self.heartbeat.send_if_due()  # never raises, never blocks the outbox
                if time.monotonic() >= self._next_purge:
                    self._next_purge = time.monotonic() + PURGE_EVERY_S
                    self.store.full_check()  # a no-op unless a day has passed
                    self.purge()
                self._publish()
            except Exception as exc:
                own = exc.message_words() if isinstance(exc, OneWindowError) else None
                self._note(error=own or Words("sync.failed"))
                log.error("sync loop: %s", type(exc).__name__)
            self._wake.wait(self._next_wait())
            self._wake.clear()

    def _next_wait(self) -> float:
        """How long the worker thread sleeps: the interval, or less when an entry or (while
        polling and the back office answers) the heartbeat is due sooner. A commit that
        queues work wakes it earlier (the store's outbox listener)."""
        wait = self.interval_s
        try:
            due = self.store.next_due_in()
        except StorageError:
            due = None
        if due is not None and not self._unauthorized:
            wait = min(wait, max(MIN_WAIT_S, due))
        if self._polling and self.heartbeat is not None and self._online:
            wait = min(wait, max(MIN_WAIT_S, self.heartbeat.due_in()))
        return wait

    # ------------------------------------------------------------------ the long poll

    def _feed_run(self, stop: threading.Event) -> None:
        fresh = True  # the first poll after (re)connecting answers at once
        failures = 0
        while not stop.is_set():
            with self._state_lock:
                online, unauthorized = self._online, self._unauthorized
                force, self._feed_force = self._feed_force, False
            if self._polling or not online:
                self._feed_wake.wait(self.interval_s)  # the worker thread says when
                self._feed_wake.clear()
                fresh = True
                continue
            if unauthorized and not force:  # try again now and then, or on sync_now
                self._feed_wake.wait(UNAUTHORIZED_RETRY_S)
                self._feed_wake.clear()
                if stop.is_set():
                    break
            wait_s = 0.0 if fresh else self._feed_wait_now()
            delay = self._feed_once(stop, wait_s)
            if delay is None:
                failures, fresh = 0, False
                continue
            failures += 1
            fresh = True
            if delay > 0:  # 0: the state changed (offline, unauthorized…), look again now
                self._feed_wake.wait(max(1.0, delay, self._backoff(failures)))
                self._feed_wake.clear()

    def _feed_wait_now(self) -> float:
        cut_long_ago = time.monotonic() - self._feed_wait_cut_at >= FEED_WAIT_RETRY_S
        if self._feed_wait < self.feed_wait_s and cut_long_ago:
            self._feed_wait = self.feed_wait_s
        return self._feed_wait

    def _feed_once(self, stop: threading.Event, wait_s: float) -> float | None:
        """One long poll and what follows; None when it succeeded, else how long to wait
        before the next (0: at once, as the new state says)."""
        beat = self.heartbeat.body_if_due(wait_s) if self.heartbeat is not None else None
        with self._feed_lock:
            if stop.is_set():
                return 0.0
            try:
                cursor = self.store.status_cursor()
            except StorageError as exc:
                log.info("status feed not followed: %s", exc.code)
                return self.interval_s
        asked = time.monotonic()
        try:
            page = self.client.feed(cursor, wait_s, beat, self.device_code, self.hall_code)
        except Exception as exc:  # typed below; anything else keeps the thread alive
            held = time.monotonic() - asked
            with self._feed_lock:
                if stop.is_set():
                    return 0.0
                if isinstance(exc, Offline) and self._cut_on_the_way(wait_s, held, beat):
                    return 0.0
                return self._feed_failed(exc, beat)
        with self._feed_lock:
            if stop.is_set():
                return 0.0
            if beat is not None and self.heartbeat is not None:
                self.heartbeat.took("" if page.get("heartbeat_at") else "not_recorded")
            if self.heartbeat is not None:
                self.heartbeat.answered(page)  # remote configuration, log pulls, catalog
            with self._state_lock:
                authorised_again = self._unauthorized
                self._unauthorized = False
            self._note(online=True)
            if authorised_again:
                self._wake.set()  # the outbox may go again
            try:
                changed = 0
                if page["changes"] or page["cursor"] > cursor:
                    changed = len(self.store.apply_status_changes(page["changes"], page["cursor"]))
            except StorageError as exc:
                log.info("status changes not applied: %s", exc.code)
                return self.interval_s
            if changed:
                self._publish(force=True)
            elif authorised_again:
                self._publish()
        return None

    def _cut_on_the_way(self, wait_s: float, held: float, beat: dict[str, Any] | None) -> bool:
        """A long poll held a while, then dropped before its wait was up: a proxy or a
        firewall cuts silent requests. Shorter waits from now on; not offline."""
        if wait_s <= FEED_MIN_WAIT_S or held < FEED_CUT_AFTER_S or held >= wait_s:
            return False
        self._feed_wait = max(FEED_MIN_WAIT_S, min(self._feed_wait, held * 0.8))
        self._feed_wait_cut_at = time.monotonic()
        log.warning(
            "long poll cut after %.0f s on the way to the back office; waiting %.0f s from now",
            held,
            self._feed_wait,
        )
        if beat is not None and self.heartbeat is not None:
            self.heartbeat.took("sync_offline")
        return True

    def _feed_failed(self, exc: Exception, beat: dict[str, Any] | None) -> float:
        """Note a failed long poll (feed lock held); how long to wait before the next."""
        code = exc.code if isinstance(exc, OneWindowError) else type(exc).__name__
        if beat is not None and self.heartbeat is not None:
            self.heartbeat.took(code)
        if isinstance(exc, NotFound):
            log.info("the back office has no long poll; polling GET /api/v1/status")
            self._polling = True
            self._wake.set()
            return 0.0
        if isinstance(exc, Unauthorized):
            with self._state_lock:
                self._unauthorized = True
            self._publish()
            return 0.0
        if isinstance(exc, Offline):
            self._note(online=False, error=exc.message_words())  # the worker probes now
            self._publish()
            return 0.0
        if isinstance(exc, ServerBusy):
            log.info("status feed: back office busy (HTTP %s)", exc.status)
            return max(self._backoff(1), exc.retry_after or 0.0)
        log.info("status feed: %s", code)
        return self._backoff(2)


def entry_payload(
    store: LocalStore, entry: OutboxEntry
) -> tuple[list[FileRef], str, str, dict[str, Any]]:
    """What an outbox entry carries to the back office, by network or by USB bundle
    (sync.bundle): (its files, "case" or the record's kind, the id, the body).
    Raises StorageError, CaseError or ValueError on unreadable data."""
    if entry.kind == "case":
        assert entry.case_id is not None
        case = store.get_case(entry.case_id)
        if case.seal is None:  # queued before devices signed: this device signs it now
            case.seal = store.signer.seal(case)
        refs = [f for m in case.materials for f in m.files]
        return refs, "case", case.id, case.body()
    kind, body = store.get_record(entry.record_id)
    record = RECORD_MODELS[kind].model_validate(body)
    refs = list(record.file_refs()) if isinstance(record, Supplement) else []
    return refs, kind, record.id, record.body()


@dataclass
class _Outgoing:
    files: list[FileRef]
    commit: Callable[[], dict[str, Any]]


class _LocalFileBroken(Exception):
    def __init__(self, error: StorageError) -> None:
        super().__init__(error.message)
        self.error = error


def _missing_files(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        files = detail.get("missing_files")
        if isinstance(files, list) and all(isinstance(f, str) for f in files):
            return files
    return []
