"""The device manager: creates the devices from config, runs their I/O, reports health.

Each device gets its own single-worker executor (drivers.device_threads), so
all traffic to one device runs on one thread (device libraries are not
thread-safe; this is how Electrum runs its hardware wallets). A ticker thread
only schedules work onto those threads: card polling every 300 ms while the
card page is shown, printer status every few seconds, and re-opening devices
that are missing (with backoff), which is how a reader or camera plugged in
later comes back.

Health goes out through ``on_status`` whenever it changes: OK, DEGRADED
(works with a warning, e.g. paper near end) or ABSENT (steps that need the
device are disabled; the rest of the app keeps working), in the words of
drivers.device_status. Qt-free: the Qt side turns the callbacks into queued
signals (widgets.bridge).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.config import DevicesConfig, IdReaderConfig
from core.errors import DeviceError, IdentityError, OneWindowError
from core.identity import Identity, check_identity
from core.receipt import Document
from drivers import registry
from drivers.base import (
    Camera,
    CardSlot,
    DeviceLost,
    DeviceStatus,
    Health,
    IdReader,
    Printer,
    PrinterError,
    PrinterState,
)
from drivers.camera.stream import FrameStream, Sink, StreamStats
from drivers.device_status import (
    CAMERA,
    DEVICES,
    ID_READER,
    LOST,
    NOT_CONFIGURED,
    PRINTER,
    PRINTER_HEALTH,
    READY,
    UNAVAILABLE,
)
from drivers.device_threads import DeviceThreads
from drivers.printer.status import printer_error
from drivers.registry import BackendContext

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

TICK_S = 0.05


# Where the demo's sample-card button finds the emulator behind a serial or
# PC/SC reader; set by emulators.card_slots when a demo or test imports it.
card_slot_lookup: Callable[[IdReaderConfig], CardSlot | None] | None = None


class DeviceManager:
    """Owns the ID reader, the camera and the printer of one device.

    ``start``, ``stop`` and ``set_card_polling`` are called by the owner (the
    GUI thread or a test); ``read_frame``, ``print_document`` and ``status``
    may be called from any thread and never block on a device: they return
    futures or copies. The callbacks run on the device threads, so receivers
    must hand them over to their own thread. Identities are never logged.
    """

    def __init__(
        self,
        config: DevicesConfig,
        *,
        data_dir: Path,
        on_status: Callable[[DeviceStatus], None] | None = None,
        on_card: Callable[[Identity, list[str]], None] | None = None,
        on_card_error: Callable[[OneWindowError], None] | None = None,
        on_card_removed: Callable[[], None] | None = None,
        virtual_auto_present_s: float | None = None,
        card_poll_s: float = 0.3,
        printer_poll_s: float = 3.0,
        retry_min_s: float = 1.0,
        retry_max_s: float = 30.0,
        reader_check_s: float = 1.0,
    ) -> None:
        self.config = config
        self.data_dir = Path(data_dir)
        self.on_status = on_status
        self.on_card = on_card
        self.on_card_error = on_card_error
        self.on_card_removed = on_card_removed  # a card left a slot (PC/SC readers only)
        self.virtual_auto_present_s = virtual_auto_present_s
        self.card_poll_s = card_poll_s
        self.printer_poll_s = printer_poll_s
        self.retry_min_s = retry_min_s
        self.retry_max_s = retry_max_s
        self.reader_check_s = reader_check_s  # reader health between reads (IdReader.check)

        self._lock = threading.RLock()
        self._status: dict[str, DeviceStatus] = {}
        self._threads = DeviceThreads(DEVICES)
        self._reader: IdReader | None = None
        self._camera: Camera | None = None
        self._printer: Printer | None = None
        self._printer_listeners: list[Callable[[PrinterState], None]] = []
        self._is_open = dict.fromkeys(DEVICES, False)
        self._retry_at: dict[str, float | None] = dict.fromkeys(DEVICES)
        self._backoff = dict.fromkeys(DEVICES, retry_min_s)
        self._polling = False
        self._next_card_poll = 0.0
        self._next_printer_poll = 0.0
        self._next_reader_check = 0.0
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._started = False
        self._stream = FrameStream()  # continuous camera reading for live previews

    # ---- public API -------------------------------------------------------
    @property
    def virtual_reader(self) -> Any:
        """The virtual reader when config chose it (for demo buttons and tests)."""
        r = self._reader
        return r if getattr(r, "backend", "") == "virtual" else None

    @property
    def card_slot(self) -> CardSlot | None:
        """Where the demo's sample-card button puts a card: the virtual reader, or
        the emulator serving the configured serial/PC/SC reader (found through
        ``card_slot_lookup``, which only the emulators set)."""
        if self.virtual_reader is not None:
            return self.virtual_reader
        return card_slot_lookup(self.config.id_reader) if card_slot_lookup else None

    @property
    def virtual_camera(self) -> Any:
        """The virtual camera when config chose it (the demo and tests pick photos)."""
        c = self._camera
        return c if getattr(c, "backend", "") == "virtual" else None

    @property
    def virtual_printer(self) -> Any:
        """The virtual printer's server (its decoded jobs) when the printer uri is "virtual"."""
        return getattr(self._printer, "server", None)

    def start(self) -> None:
        """Create the backends and open each on its own thread; returns at once."""
        if self._started:
            return
        self._started = True
        self._stop.clear()
        self._threads.start()
        cfg = self.config
        printer_port = cfg.printer.uri.removeprefix("serial://").split("?")[0]
        ctx = BackendContext(
            data_dir=self.data_dir,
            auto_present_s=self.virtual_auto_present_s,
            exclude_ports=(printer_port,) if cfg.printer.uri.startswith("serial://") else (),
        )
        self._reader = self._create(ID_READER, ctx)
        if self._reader is not None and hasattr(self._reader, "set_wakeup"):
            self._reader.set_wakeup(self._wake_card_poll)
        if self._reader is not None and hasattr(self._reader, "set_removal"):
            self._reader.set_removal(lambda: self._emit(self.on_card_removed))
        self._camera = self._create(CAMERA, ctx)
        self._printer = self._create(PRINTER, ctx)
        for dev in (ID_READER, CAMERA):
            if self._backend(dev) is not None:
                self._threads.submit_background(dev, self._open_device, dev)
        if self._printer is not None:
            self._threads.submit_background(PRINTER, self._poll_printer)
            self._next_printer_poll = time.monotonic() + self.printer_poll_s
        self._ticker = threading.Thread(target=self._tick_loop, name="ow-devices", daemon=True)
        self._ticker.start()

    def stop(self) -> None:
        """Stop polling, let running device calls finish, close everything."""
        if not self._started:
            return
        self._started = False
        self._threads.refuse()
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
        self._threads.shutdown()
        # The device threads are gone: closing here cannot race with them.
        for dev in DEVICES:
            obj = self._backend(dev)
            if obj is not None:
                try:
                    obj.close()
                except Exception:
                    log.warning("closing %s failed", dev, exc_info=True)

    def set_card_polling(self, enabled: bool) -> None:
        """Poll the reader every ``card_poll_s`` while True (only on pages that want a card)."""
        with self._lock:
            self._polling = enabled
            self._next_card_poll = 0.0

    def status(self) -> dict[str, DeviceStatus]:
        """Latest health per device; a device appears once its first check is done.

        There is no transient "connecting" status: the first status of each
        device (what ``on_status`` gets first) is the result of opening it.
        """
        with self._lock:
            return dict(self._status)

    def read_frame(self) -> Future[np.ndarray | None]:
        """The camera's current frame, read on the camera thread.

        The future holds None when no frame is ready, or a DeviceError when
        the camera is absent. While a stream runs it is the stream's latest
        frame (the camera thread is busy streaming).
        """
        if self._stream.running:
            done: Future[np.ndarray | None] = Future()
            done.set_result(self._stream.latest())
            return done
        return self._threads.submit(CAMERA, self._read_frame)

    def start_stream(self, sink: Sink) -> None:
        """Read the camera continuously on its thread, calling ``sink(frame, t)`` there.

        The sink runs on the camera thread (do the per-frame work there, hand
        results to the GUI yourself) and gets the frame without a copy: it
        must not write to it. The stream survives the camera being unplugged
        and plugged back in. One sink at a time; a new one replaces the old.
        """
        self._stream.set_sink(sink)
        if self._is_open[CAMERA]:  # a no-op on the camera thread if a loop already runs
            self._threads.submit(CAMERA, self._stream_frames)

    def stop_stream(self) -> None:
        """Stop the continuous reading (returns at once; the loop ends after its frame)."""
        self._stream.set_sink(None)

    def stream_stats(self) -> StreamStats:
        """Frames read, frames the camera dropped, frame rate, size, notices."""
        return self._stream.stats()

    def print_document(self, doc: Document) -> Future[None]:
        """Print on the printer thread; the future holds PrinterError when it could not."""
        return self._threads.submit(PRINTER, self._print, doc)

    def add_printer_listener(self, cb: Callable[[PrinterState], None]) -> None:
        """Call ``cb(state)`` on the printer thread after every status poll and print.

        The print-job spooler uses it to send held jobs when the printer is back.
        """
        with self._lock:
            self._printer_listeners.append(cb)

    # ---- scheduling -------------------------------------------------------
    def _tick_loop(self) -> None:
        while not self._stop.wait(TICK_S):
            now = time.monotonic()
            with self._lock:
                polling = self._polling and self._is_open[ID_READER]
                due_card = polling and now >= self._next_card_poll
                if due_card:
                    self._next_card_poll = now + self.card_poll_s
                due_check = self._is_open[ID_READER] and now >= self._next_reader_check
                if due_check:
                    self._next_reader_check = now + self.reader_check_s
                due_printer = self._printer is not None and now >= self._next_printer_poll
                if due_printer:
                    self._next_printer_poll = now + self.printer_poll_s
                reopen = [
                    dev
                    for dev in (ID_READER, CAMERA)
                    if self._backend(dev) is not None
                    and not self._is_open[dev]
                    and self._retry_at[dev] is not None
                    and now >= (self._retry_at[dev] or 0)
                ]
            for dev in reopen:
                self._threads.submit_background(dev, self._open_device, dev)
            if due_card:
                self._threads.submit_background(ID_READER, self._poll_card)
            elif due_check:
                self._threads.submit_background(ID_READER, self._check_reader)
            if due_printer:
                self._threads.submit_background(PRINTER, self._poll_printer)

    # ---- work on the device threads ---------------------------------------
    def _backend(self, dev: str) -> Any:
        return {ID_READER: self._reader, CAMERA: self._camera, PRINTER: self._printer}[dev]

    def _create(self, dev: str, ctx: BackendContext) -> Any:
        kind = registry.backend_name(dev, self.config)
        try:
            obj = registry.create(dev, self.config, ctx)
        except OneWindowError as exc:
            self._set_status(dev, Health.ABSENT, (UNAVAILABLE[dev], exc.message_words()), kind)
            return None
        except Exception:
            log.exception("%s: could not be created", dev)
            self._set_status(dev, Health.ABSENT, UNAVAILABLE[dev], kind)
            return None
        if obj is None:
            self._set_status(dev, Health.ABSENT, NOT_CONFIGURED[dev], "none")
        return obj

    def _open_device(self, dev: str) -> None:
        obj = self._backend(dev)
        if obj is None:
            return
        try:
            obj.open()
        except Exception as exc:
            msg = exc.message_words() if isinstance(exc, OneWindowError) else type(exc).__name__
            self._lost(dev, (UNAVAILABLE[dev], msg), close=False)
            return
        with self._lock:
            self._is_open[dev] = True
            self._retry_at[dev] = None
            self._backoff[dev] = self.retry_min_s
        log.info("%s opened (%s)", dev, obj.backend)
        if dev == ID_READER:
            self._next_reader_check = time.monotonic() + self.reader_check_s
            self._check_reader()  # its first status is what check says (e.g. no PC/SC reader yet)
            return
        notice = getattr(obj, "notice", "") if dev == CAMERA else ""
        if notice:  # works, but not as configured (e.g. a lower resolution)
            self._set_status(dev, Health.DEGRADED, notice)
        else:
            self._set_status(dev, Health.OK, READY[dev])
        if dev == CAMERA and self._stream.wanted:  # plugged back in while a preview waits
            self._threads.submit(CAMERA, self._stream_frames)

    def _lost(self, dev: str, message: str | tuple[str, ...], *, close: bool = True) -> None:
        """Mark a device absent and schedule a re-open with exponential backoff."""
        obj = self._backend(dev)
        if close and obj is not None:
            try:
                obj.close()
            except Exception:
                log.debug("%s: close after loss failed", dev, exc_info=True)
        with self._lock:
            self._is_open[dev] = False
            delay = self._backoff[dev]
            self._backoff[dev] = min(self.retry_max_s, delay * 2)
            self._retry_at[dev] = time.monotonic() + delay
        log.info("%s unavailable; retry in %.1f s", dev, delay)
        self._set_status(dev, Health.ABSENT, message)

    def _wake_card_poll(self) -> None:
        """A reader saw a card arrive (any thread): poll at the next tick, not in 300 ms."""
        with self._lock:
            self._next_card_poll = 0.0

    def _check_reader(self) -> None:
        """Reader health between reads, also while no page wants a card."""
        reader = self._reader
        if reader is None or not self._is_open[ID_READER]:
            return
        try:
            result = reader.check()
        except DeviceLost as exc:
            self._lost(ID_READER, (LOST[ID_READER], exc.message_words()))
            return
        except OSError:
            self._lost(ID_READER, LOST[ID_READER])
            return
        except DeviceError as exc:
            self._set_status(ID_READER, Health.ABSENT, exc.message_words())
            return
        if result is None:
            self._set_status(ID_READER, Health.OK, READY[ID_READER])
        else:
            self._set_status(ID_READER, *result)

    def _poll_card(self) -> None:
        reader = self._reader
        if reader is None or not self._is_open[ID_READER]:
            return
        try:
            identity = reader.poll()
        except DeviceLost as exc:
            self._lost(ID_READER, (LOST[ID_READER], exc.message_words()))
            return
        except DeviceError as exc:  # about the card: read failed, unknown card type...
            self._emit(self.on_card_error, exc)
            return
        except OSError:
            self._lost(ID_READER, LOST[ID_READER])
            return
        if identity is None:
            return
        try:
            warnings = check_identity(identity)
        except IdentityError as exc:
            log.info("card refused: %s", exc.code)
            self._emit(self.on_card_error, exc)
            return
        log.info("card read (%d warning(s))", len(warnings))
        self._emit(self.on_card, identity, warnings)

    def _read_frame(self) -> np.ndarray | None:
        cam = self._camera
        if cam is None or not self._is_open[CAMERA]:
            raise DeviceError("camera.unavailable", device=CAMERA)
        try:
            return cam.read()
        except DeviceLost as exc:
            self._lost(CAMERA, (LOST[CAMERA], exc.message_words()))
            raise
        except OSError as exc:
            self._lost(CAMERA, LOST[CAMERA])
            raise DeviceError("camera.disconnected", device=CAMERA) from exc

    def _stream_frames(self) -> None:
        """The continuous read loop, on the camera thread (ends when the camera is lost)."""
        cam = self._camera
        if cam is None or not self._is_open[CAMERA]:
            return
        # On loss _read_frame marks the camera lost; re-opening restarts the stream.
        with contextlib.suppress(DeviceError, OSError):
            self._stream.run(cam, self._read_frame, self._stop)

    def _print(self, doc: Document) -> None:
        printer = self._printer
        if printer is None:
            raise PrinterError("printer.not_configured", PrinterState.OFFLINE)
        try:
            printer.print_document(doc)
        except PrinterError as exc:
            self._printer_health(exc.state)
            raise
        except OSError as exc:
            self._printer_health(PrinterState.OFFLINE)
            raise printer_error(PrinterState.OFFLINE) from exc
        self._printer_health(getattr(printer, "last_state", PrinterState.OK))
        log.info("printed a %s", doc.kind)

    def _poll_printer(self) -> None:
        printer = self._printer
        if printer is None:
            return
        try:
            state = printer.status()
        except Exception:
            log.debug("printer status failed", exc_info=True)
            state = PrinterState.OFFLINE
        self._printer_health(state)

    def _printer_health(self, state: PrinterState) -> None:
        health, message = PRINTER_HEALTH[state]
        self._set_status(PRINTER, health, message)
        with self._lock:
            listeners = list(self._printer_listeners)
        for cb in listeners:
            self._emit(cb, state)

    # ---- callbacks --------------------------------------------------------
    def _set_status(
        self, dev: str, health: Health, message: str | tuple[str, ...], backend: str = ""
    ) -> None:
        """``message``: a whole text, or its pieces (see DeviceStatus.parts)."""
        if not backend:
            prev = self._status.get(dev)
            backend = getattr(self._backend(dev), "backend", "") or (prev.backend if prev else "")
        parts = (message,) if isinstance(message, str) else tuple(p for p in message if p)
        st = DeviceStatus(dev, health, "：".join(parts), backend, parts)
        with self._lock:
            if self._status.get(dev) == st:
                return
            self._status[dev] = st
        self._emit(self.on_status, st)

    def _emit(self, cb: Callable[..., None] | None, *args: Any) -> None:
        if cb is None:
            return
        try:
            cb(*args)
        except Exception:
            log.exception("device callback %s failed", getattr(cb, "__name__", "?"))
