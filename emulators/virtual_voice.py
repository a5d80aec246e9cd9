"""The virtual voice: says nothing, records every utterance with its time.

The demo, the tour and the tests use it to see what the kiosk said and when
(``said()``, ``utterances``); ``unplug``/``plug`` make it vanish and come
back like a speech service that died, for the health tests.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from core.config import VoiceConfig
from core.errors import DeviceError
from drivers.base import DeviceLost, Voice
from drivers.registry import BackendContext


@dataclass(frozen=True)
class Utterance:
    """One thing said: the text, the volume (0–100), when (time.monotonic), the language."""

    text: str
    volume: int
    t: float
    language: str = ""


class VirtualVoice(Voice):
    """Records instead of speaking. I/O methods on the voice's thread only;
    ``said``, ``utterances``, ``clear``, ``unplug`` and ``plug`` from any thread."""

    backend = "virtual"

    def __init__(self, language: str = "zh") -> None:
        self.language = language
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
        with self._lock:
            self._log.append(Utterance(text, volume, t, self.language))
        cb = self.on_started
        if cb is not None:
            cb(text, t)

    def stop(self) -> None:
        with self._lock:
            self.stops += 1

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
