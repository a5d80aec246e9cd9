"""The virtual voice: says nothing, records every utterance with its time.

The demo, the tour and the tests use it to see what the kiosk said and when
(``said()``, ``utterances``); ``unplug``/``plug`` make it vanish and come
back like a speech service that died, for the health tests.

Each utterance has a start and an end. With ``chars_per_s`` set, an utterance
takes as long to "say" as a speech engine at that rate would, and like the
real voice (drivers.voice.ssip: ``CANCEL`` before each ``SPEAK``) a new text or
``stop`` cuts the one still being said: its end is then the moment it was cut
and ``cut`` is true. Without a rate (the default) an utterance ends as it starts.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from typing import Any

from core.config import VoiceConfig
from core.errors import DeviceError
from drivers.base import DeviceLost, Voice
from drivers.registry import BackendContext


@dataclass(frozen=True)
class Utterance:
    """One thing said: the text, the volume (0–100), when it started (``t``,
    time.monotonic), the language, when it ended (or will end) and whether a newer
    text or ``stop`` cut it short."""

    text: str
    volume: int
    t: float
    language: str = ""
    end: float = 0.0
    cut: bool = False


class VirtualVoice(Voice):
    """Records instead of speaking. I/O methods on the voice's thread only;
    ``said``, ``utterances``, ``clear``, ``unplug`` and ``plug`` from any thread."""

    backend = "virtual"

    def __init__(self, language: str = "zh", chars_per_s: float | None = None) -> None:
        self.language = language
        self.chars_per_s = chars_per_s  # None: each utterance over as it starts
        self._lock = threading.Lock()
        self._log: list[Utterance] = []
        self._gone = False
        self.stops = 0

    # ---- Voice --------------------------------------------------------------
    def open(self) -> None:
        if self._gone:
            raise DeviceError("voice.no_server", device="voice", address="virtual", why="unplugged")

    def say(self, text: str, volume: int) -> None:
        if self._gone:
            raise DeviceLost("voice.lost", device="voice")
        t = time.monotonic()
        rate = self.chars_per_s
        end = t + len(text) / rate if rate else t
        with self._lock:
            self._cut(t)
            self._log.append(Utterance(text, volume, t, self.language, end))
        cb = self.on_started
        if cb is not None:
            cb(text, t)

    def stop(self) -> None:
        with self._lock:
            self.stops += 1
            self._cut(time.monotonic())

    def _cut(self, now: float) -> None:
        """The utterance still being said at ``now`` ends there (under the lock)."""
        if self._log and self._log[-1].end > now:
            self._log[-1] = replace(self._log[-1], end=now, cut=True)

    def check(self) -> None:
        if self._gone:
            raise DeviceLost("voice.lost", device="voice")

    def close(self) -> None:
        pass

    # ---- for the demo and tests (any thread) --------------------------------
    @property
    def utterances(self) -> list[Utterance]:
        with self._lock:
            return list(self._log)

    def said(self) -> list[str]:
        with self._lock:
            return [u.text for u in self._log]

    def clear(self) -> None:
        with self._lock:
            self._log.clear()

    def unplug(self) -> None:
        self._gone = True

    def plug(self) -> None:
        self._gone = False


def create(cfg: VoiceConfig, ctx: BackendContext) -> Any:
    del ctx
    return VirtualVoice(cfg.language)
