"""The hall's voice calling (语音叫号): each call of the hall server, spoken in turn.

``CallAnnouncer`` follows the hall server's display stream (the same events
the hall TV shows) and speaks each ``call`` through a voice device
(drivers.voice: speech-dispatcher and espeak-ng, or the virtual voice in
tests): the chime, then "请A012号到3号窗口办理" twice (core.queue.announcement).
Calls are queued and spoken one after another: the next waits until the last
has had its time to be said (core.queue.speech_s), so two calls never overlap
even when two windows call at the same moment.

It runs on the device that drives the hall's loudspeaker (``onewindow hall
announce``, or the demo). ``start``/``stop`` from the owning thread; the
stream and the speaking each run on a thread of their own.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Protocol

from core.queue import announcement, speech_s
from sync.hall_client import follow_display

log = logging.getLogger(__name__)


class Speaker(Protocol):
    def say(self, text: str, language: str = "") -> None: ...


class CallAnnouncer:
    """Speaks the hall's calls one after another. See the module docstring for threads."""

    def __init__(
        self,
        hall_url: str,
        voice: Speaker,
        *,
        chars_per_s: float = 4.0,
        gap_s: float = 1.0,
        follow: Callable[..., None] = follow_display,
    ) -> None:
        self.hall_url = hall_url
        self.voice = voice
        self.chars_per_s = chars_per_s
        self.gap_s = gap_s
        self._follow = follow
        self._calls: queue.Queue[str | None] = queue.Queue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.spoken = 0  # calls said so far (the demo and tests read it)
        self.connected = False  # the stream has sent its first event

    def start(self) -> None:
        if self._threads:
            return
        self._stop.clear()
        for name, target in (
            ("ow-announce-follow", self._run_follow),
            ("ow-announce", self._speak),
        ):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        self._calls.put(None)
        for t in self._threads:
            t.join(timeout=5)
        self._threads = []

    def announce(self, text: str) -> None:
        """Queue one call's words (what the stream does for each ``call``); any thread."""
        self._calls.put(text)

    def _run_follow(self) -> None:
        self._follow(self.hall_url, self._on_event, self._stop)

    def _on_event(self, name: str, data: dict[str, Any]) -> None:
        self.connected = True
        if name == "call" and isinstance(data.get("text"), str):
            self.announce(data["text"])

    def _speak(self) -> None:
        while not self._stop.is_set():
            text = self._calls.get()
            if text is None:
                return
            words = announcement(text)
            self.voice.say(words, "zh")
            self.spoken += 1
            # The voice device says the newest text and drops the rest: wait for this
            # call to be said before the next one is given to it.
            self._stop.wait(speech_s(words, self.chars_per_s) + self.gap_s)
