"""Watching pcscd for readers and cards, and surviving pcscd itself.

A ``PcscMonitor`` holds one PC/SC context and waits on
SCardGetStatusChange for every reader plus the "\\\\?PnP?\\Notification"
pseudo-reader, so it sees cards inserted and removed and readers appearing
and vanishing. Like pyscard's own CardMonitor/ReaderMonitor, it dies when
its context dies (pcscd stopped, restarted, crashed).

pyscard's monitors are process-wide singletons that stop for good on
SCARD_E_NO_SERVICE and cannot be restarted cleanly, so OneWindow does not
use them: the ``PcscSupervisor`` runs a fresh monitor whenever the last one
died, waiting between attempts with exponential backoff (0.1 s doubling to
5 s, reset once a monitor has lived a while). Readers plugged in after the
start, readers pulled out and plugged back, and pcscd restarts are all
just state changes it publishes.

The supervisor's thread runs the monitors; ``snapshot``, ``wait_for`` and
``stop`` may be called from any thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

log = logging.getLogger(__name__)

PNP = "\\\\?PnP?\\Notification"
WAIT_MS = 1000


def _u32(v: int) -> int:
    return v & 0xFFFFFFFF


@dataclass(frozen=True)
class CardPresence:
    """A card sitting in a reader. ``seq`` is new for every insertion seen."""

    reader: str
    atr: bytes
    seq: int
    since: float  # time.monotonic() when the monitor saw it


@dataclass(frozen=True)
class PcscState:
    """What the supervisor knows, published as a whole on every change."""

    phase: str = "starting"  # starting | up | down
    readers: tuple[str, ...] = ()  # readers matching the name filter
    all_readers: tuple[str, ...] = ()
    cards: dict[str, CardPresence] = field(default_factory=dict)
    error: str = ""  # why the service is down (PC/SC error name)
    monitors: int = 0  # monitors started so far (1 + restarts)


class _MonitorDied(Exception):
    def __init__(self, hresult: int) -> None:
        super().__init__(hex(hresult))
        self.hresult = hresult


class PcscMonitor:
    """One context's watch over readers and cards. Runs on the supervisor's thread."""

    def __init__(
        self,
        name_filter: str,
        stop: threading.Event,
        publish: Callable[..., None],
        next_seq: Callable[[], int],
    ) -> None:
        from smartcard import scard

        self.sc = scard
        self.name_filter = name_filter.lower()
        self.stop = stop
        self.publish = publish
        self.next_seq = next_seq
        self.context: int | None = None
        self.cards: dict[str, CardPresence] = {}
        self._events: dict[str, int] = {}

    def cancel(self) -> None:
        """Wake a waiting SCardGetStatusChange (from another thread)."""
        ctx = self.context
        if ctx is not None:
            self.sc.SCardCancel(ctx)

    def _list(self) -> list[str]:
        sc = self.sc
        hr, readers = sc.SCardListReaders(self.context, [])
        hr = _u32(hr)
        if hr == _u32(sc.SCARD_E_NO_READERS_AVAILABLE):
            return []
        if hr != sc.SCARD_S_SUCCESS:
            raise _MonitorDied(hr)
        return list(readers)

    def run(self) -> int:
        """Watch until told to stop (returns 0) or the context dies (returns its error)."""
        sc = self.sc
        hr, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
        if _u32(hr) != sc.SCARD_S_SUCCESS:
            return _u32(hr)
        self.context = ctx
        try:
            self._watch()
            return 0
        except _MonitorDied as died:
            return died.hresult
        finally:
            self.context = None
            sc.SCardReleaseContext(ctx)

    def _watch(self) -> None:
        sc = self.sc
        readers = self._list()
        states = dict.fromkeys(readers, sc.SCARD_STATE_UNAWARE)
        pnp = sc.SCARD_STATE_UNAWARE
        self._publish(readers)
        while not self.stop.is_set():
            query = [(r, s) for r, s in states.items()] + [(PNP, pnp)]
            hr, result = sc.SCardGetStatusChange(self.context, WAIT_MS, query)
            hr = _u32(hr)
            if hr in (_u32(sc.SCARD_E_TIMEOUT), _u32(sc.SCARD_E_CANCELLED)):
                continue
            relist = False
            if hr in (_u32(sc.SCARD_E_UNKNOWN_READER), _u32(sc.SCARD_E_READER_UNAVAILABLE)):
                relist = True
            elif hr != sc.SCARD_S_SUCCESS:
                raise _MonitorDied(hr)
            else:
                for name, event, atr in result:
                    event = _u32(event)
                    if name == PNP:
                        if event & sc.SCARD_STATE_CHANGED:
                            relist = True
                        pnp = event & ~sc.SCARD_STATE_CHANGED
                        continue
                    if event & (sc.SCARD_STATE_UNKNOWN | sc.SCARD_STATE_IGNORE):
                        relist = True
                        continue
                    states[name] = event & ~sc.SCARD_STATE_CHANGED
                    self._card_state(name, event, bytes(atr))
            if relist:
                readers = self._list()
                states = {r: states.get(r, sc.SCARD_STATE_UNAWARE) for r in readers}
                for gone in set(self.cards) - set(readers):
                    del self.cards[gone]
            self._publish(readers)

    def _card_state(self, reader: str, event: int, atr: bytes) -> None:
        sc = self.sc
        count = event >> 16  # pcsc-lite: card events seen on this reader
        present = bool(event & sc.SCARD_STATE_PRESENT)
        old = self.cards.get(reader)
        last_count = self._events.get(reader)
        self._events[reader] = count
        if not present:
            self.cards.pop(reader, None)
            return
        if old is None or (last_count is not None and count - last_count >= 2):
            # first seen, or taken out and put back between two of our looks
            self.cards[reader] = CardPresence(reader, atr, self.next_seq(), time.monotonic())
        elif atr and atr != old.atr:
            self.cards[reader] = replace(old, atr=atr)

    def _publish(self, readers: list[str]) -> None:
        matching = tuple(r for r in readers if self.name_filter in r.lower())
        cards = {r: c for r, c in self.cards.items() if r in matching}
        self.publish(phase="up", readers=matching, all_readers=tuple(readers), cards=cards)


class PcscSupervisor:
    """Keeps a PcscMonitor running over pcscd restarts; see the module docstring.

    ``on_card`` is called (on the supervisor thread) whenever a new card
    insertion is seen, so a reader can poll at once instead of waiting;
    ``on_removed`` whenever a card is taken out of a reader while pcscd runs
    (pcscd going down forgets the cards but removes none).
    """

    def __init__(
        self,
        name_filter: str = "",
        *,
        backoff_min_s: float = 0.1,
        backoff_max_s: float = 5.0,
        on_card: Callable[[], None] | None = None,
        on_removed: Callable[[], None] | None = None,
    ) -> None:
        self.name_filter = name_filter
        self.backoff_min_s = backoff_min_s
        self.backoff_max_s = backoff_max_s
        self.on_card = on_card
        self.on_removed = on_removed
        self._cond = threading.Condition()
        self._state = PcscState()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._monitor: PcscMonitor | None = None
        self._seq = 0
        self._seq_lock = threading.Lock()

    def _next_seq(self) -> int:
        with self._seq_lock:
            self._seq += 1
            return self._seq

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.alive:
            return
        import smartcard.scard  # noqa: F401  (fail here, not on the thread, if pyscard is missing)

        self._stop.clear()
        with self._cond:
            self._state = PcscState(monitors=self._state.monitors)  # nothing known yet
        self._thread = threading.Thread(target=self._run, name="pcsc-supervisor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        mon = self._monitor
        if mon is not None:
            mon.cancel()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def snapshot(self) -> PcscState:
        with self._cond:
            return self._state

    def wait_for(self, pred: Callable[[PcscState], bool], timeout: float) -> PcscState | None:
        """Block until ``pred(state)`` holds; the state, or None on timeout."""
        end = time.monotonic() + timeout
        with self._cond:
            while not pred(self._state):
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return self._state

    def _publish(self, **changes: object) -> None:
        new_card = removed = False
        with self._cond:
            old = self._state
            state = replace(old, **changes)  # type: ignore[arg-type]
            if state == old:
                return
            old_seqs = {c.seq for c in old.cards.values()}
            new_card = any(c.seq not in old_seqs for c in state.cards.values())
            new_seqs = {c.seq for c in state.cards.values()}
            removed = old.phase == state.phase == "up" and bool(old_seqs - new_seqs)
            self._state = state
            self._cond.notify_all()
        if state.phase != old.phase or state.readers != old.readers:
            log.info("PC/SC %s, readers: %s", state.phase, ", ".join(state.readers) or "none")
        if new_card and self.on_card is not None:
            try:
                self.on_card()
            except Exception:
                log.exception("PC/SC card callback failed")
        if removed and self.on_removed is not None:
            try:
                self.on_removed()
            except Exception:
                log.exception("PC/SC removal callback failed")

    def _run(self) -> None:
        from smartcard import scard

        backoff = self.backoff_min_s
        while not self._stop.is_set():
            monitor = PcscMonitor(self.name_filter, self._stop, self._publish, self._next_seq)
            self._monitor = monitor
            with self._cond:
                monitors = self._state.monitors + 1
            self._publish(monitors=monitors)
            started = time.monotonic()
            try:
                hresult = monitor.run()
            except Exception:
                log.exception("PC/SC monitor failed")
                hresult = _u32(scard.SCARD_F_UNKNOWN_ERROR)
            self._monitor = None
            if self._stop.is_set():
                break
            error = scard.SCardGetErrorMessage(hresult) if hresult else ""
            self._publish(phase="down", readers=(), all_readers=(), cards={}, error=error)
            if time.monotonic() - started > 10:
                backoff = self.backoff_min_s
            log.info("PC/SC monitor ended (%s); next in %.1f s", error or "stopped", backoff)
            self._stop.wait(backoff)
            backoff = min(self.backoff_max_s, backoff * 2)
