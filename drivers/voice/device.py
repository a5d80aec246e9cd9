"""The voice device's owner: one I/O thread, latest-wins speech, health, re-open.

The voice is not in the device manager (drivers.manager): it is output only,
nothing polls it, and it has one rule the others do not: a new utterance
replaces the one not yet spoken (a citizen who taps through three pages hears
the third page's instruction, not a queue of three). Its health goes out
through the same ``on_status`` callback and reaches the status bar the same
way (widgets.bridge). Qt-free.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from core.config import DevicesConfig
from core.errors import DeviceError, OneWindowError
from drivers import registry
from drivers.base import DeviceLost, DeviceStatus, Health, Voice
from drivers.device_status import (
    VOICE,
    VOICE_LOST,
    VOICE_NOT_CONFIGURED,
    VOICE_READY,
    VOICE_UNAVAILABLE,
)
from drivers.registry import BackendContext
from drivers.status_keeper import StatusKeeper

log = logging.getLogger(__name__)


class VoiceDevice(StatusKeeper):
    """Owns the configured voice backend and its I/O thread.

    Every public method may be called from any thread (in the apps, the GUI
    thread) and returns at once: the speech service is only ever talked to on
    the ``ow-voice`` thread. ``on_status`` and ``on_started`` run on that
    thread or the backend's reader thread; receivers hand them over to their
    own. Spoken texts are instructions and labels, and are not logged.
    """

    device = VOICE

    def __init__(
        self,
        config: DevicesConfig,
        *,
        data_dir: Path,
        on_status: Callable[[DeviceStatus], None] | None = None,
        on_started: Callable[[str, float], None] | None = None,
        check_s: float = 5.0,
        retry_min_s: float = 1.0,
        retry_max_s: float = 30.0,
    ) -> None:
        self.config = config
        self.data_dir = Path(data_dir)
        self.on_status = on_status
        self.on_started = on_started
        self.check_s = check_s
        self.retry_min_s = retry_min_s
        self.retry_max_s = retry_max_s
        self._volume = config.voice.volume
        self._lock = threading.Lock()
        self._backend: Voice | None = None
        self._exec: ThreadPoolExecutor | None = None
        self._is_open = False
        self._retry_at = 0.0
        self._backoff = retry_min_s
        self._pending: str | None = None  # the next text to say; a newer one replaces it
        self._language = ""  # the language of the pending text ("" = the configured one)
        self._queued = False
        self._last = ""
        self._status: DeviceStatus | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    # ---- public API (any thread) ------------------------------------------
    @property
    def backend_name(self) -> str:
        return self.config.voice.backend

    @property
    def virtual(self) -> Any:
        """The virtual voice when config chose it: what was said, with times."""
        b = self._backend
        return b if getattr(b, "backend", "") == "virtual" else None

    @property
    def available(self) -> bool:
        """A backend is configured (it may still be down: see ``status``)."""
        return self.backend_name != registry.NONE

    @property
    def volume(self) -> int:
        return self._volume

    @property
    def last_text(self) -> str:
        """What was last asked to be said (the replay button says it again)."""
        return self._last

    def status(self) -> DeviceStatus | None:
        return self._status

    def start(self) -> None:
        """Create the backend and open it on the voice thread; returns at once."""
        if self._exec is not None:
            return
        self._stop.clear()
        self._exec = ThreadPoolExecutor(1, thread_name_prefix="ow-voice")
        try:
            self._backend = registry.create(VOICE, self.config, BackendContext(self.data_dir))
        except OneWindowError as exc:
            self._set_status(Health.ABSENT, (VOICE_UNAVAILABLE, exc.message_words()))
            return
        if self._backend is None:
            self._set_status(Health.ABSENT, VOICE_NOT_CONFIGURED, registry.NONE)
            return
        self._backend.on_started = self._started
        self._submit(self._open)
        with self._lock:  # said before the start (the first page): say it now
            queue_it = self._pending is not None and not self._queued
            self._queued = self._queued or queue_it
        if queue_it:
            self._submit(self._speak_pending)
        self._ticker = threading.Thread(target=self._tick_loop, name="ow-voice-tick", daemon=True)
        self._ticker.start()

    def say(self, text: str, language: str = "") -> None:
        """Speak ``text`` soon, replacing anything not yet spoken; never blocks.

        ``language`` is the SSIP language of the text (``en`` for the English
        kiosk); empty: ``devices.voice.language``.
        """
        if not text:
            return
        with self._lock:
            self._last = text
            self._pending = text
            self._language = language
            if self._queued or self._backend is None:
                return
            self._queued = True
        self._submit(self._speak_pending)

    def replay(self) -> None:
        """Say the last text again (the 重听 button)."""
        if self._last:
            self.say(self._last, self._language)

    def set_volume(self, volume: int) -> None:
        """The volume of the next utterance, 0–100."""
        self._volume = max(0, min(100, int(volume)))

    def silence(self) -> Future[None] | None:
        """Stop speaking now and forget what was waiting (session end, voice off)."""
        with self._lock:
            self._pending = None
        return self._submit(self._stop_speaking)

    def close(self) -> None:
        """Stop the thread and close the backend."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
        ex, self._exec = self._exec, None
        if ex is None:
            return
        ex.submit(self._close_backend)
        ex.shutdown(wait=True, cancel_futures=False)

    # ---- the voice thread ---------------------------------------------------
    def _submit(self, fn: Callable[[], None]) -> Future[None] | None:
        ex = self._exec
        if ex is None:
            return None
        try:
            return ex.submit(self._guard, fn)
        except RuntimeError:  # closing
            return None

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:
            log.exception("voice: unexpected error")

    def _tick_loop(self) -> None:
        while not self._stop.wait(self.check_s):
            self._submit(self._check)

    def _open(self) -> None:
        b = self._backend
        if b is None or self._is_open:
            return
        try:
            b.open()
        except Exception as exc:
            words = exc.message_words() if isinstance(exc, OneWindowError) else type(exc).__name__
            self._lost((VOICE_UNAVAILABLE, words), close=False)
            return
        self._is_open = True
        self._backoff = self.retry_min_s
        log.info("voice opened (%s)", b.backend)
        self._set_status(Health.OK, VOICE_READY)

    def _speak_pending(self) -> None:
        with self._lock:
            text, self._pending, self._queued = self._pending, None, False
            language = self._language or self.config.voice.language
        b = self._backend
        if text is None or b is None:
            return
        if not self._is_open:
            if time.monotonic() < self._retry_at:
                return  # down: the page's words are lost, the status bar says why
            self._open()
            if not self._is_open:
                return
        try:
            if language != b.language:
                b.set_language(language)
            b.say(text, self._volume)
        except (DeviceLost, OSError) as exc:
            words = exc.message_words() if isinstance(exc, OneWindowError) else ""
            self._lost((VOICE_LOST, words))
        except DeviceError as exc:
            self._set_status(Health.ABSENT, (VOICE_UNAVAILABLE, exc.message_words()))

    def _stop_speaking(self) -> None:
        b = self._backend
        if b is None or not self._is_open:
            return
        try:
            b.stop()
        except (DeviceLost, OSError):
            self._lost(VOICE_LOST)
        except DeviceError:
            log.info("voice: stop refused")

    def _check(self) -> None:
        b = self._backend
        if b is None:
            return
        if not self._is_open:
            if time.monotonic() >= self._retry_at:
                self._open()
            return
        try:
            result = b.check()
        except (DeviceLost, OSError) as exc:
            words = exc.message_words() if isinstance(exc, OneWindowError) else ""
            self._lost((VOICE_LOST, words))
            return
        except DeviceError as exc:
            self._set_status(Health.ABSENT, (VOICE_UNAVAILABLE, exc.message_words()))
            return
        if result is None:
            self._set_status(Health.OK, VOICE_READY)
        else:
            self._set_status(*result)

    def _lost(self, message: str | tuple[str, ...], *, close: bool = True) -> None:
        b = self._backend
        if close and b is not None:
            try:
                b.close()
            except Exception:
                log.debug("voice: close after loss failed", exc_info=True)
        self._is_open = False
        delay = self._backoff
        self._backoff = min(self.retry_max_s, delay * 2)
        self._retry_at = time.monotonic() + delay
        log.info("voice unavailable; retry in %.1f s", delay)
        self._set_status(Health.ABSENT, message)

    def _close_backend(self) -> None:
        b = self._backend
        if b is not None and self._is_open:
            try:
                b.close()
            except Exception:
                log.debug("voice: close failed", exc_info=True)
        self._is_open = False

    # ---- callbacks ----------------------------------------------------------
    def _started(self, text: str, t: float) -> None:
        cb = self.on_started
        if cb is not None:
            try:
                cb(text, t)
            except Exception:
                log.exception("voice: on_started failed")
