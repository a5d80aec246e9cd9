"""Where the demo's "present a sample card" button puts its card.

With the virtual backend the button presents a card to the VirtualIdReader.
When the demo runs the real backends against emulators (a GA/T 467 reader
on a pty, a virtual social security card behind vpcd), the emulator that
serves a configured reader registers itself here, and the device manager
finds it by the reader's config, so the same button works through the real
serial and PC/SC paths.

register/unregister/slot_for may be called from any thread.
"""

from __future__ import annotations

import threading

from core.config import IdReaderConfig
from drivers import manager
from drivers.base import CardSlot

_lock = threading.Lock()
_slots: dict[str, CardSlot] = {}


def key_for(cfg: IdReaderConfig) -> str:
    if cfg.backend == "serial":
        return f"serial:{cfg.port}"
    if cfg.backend == "pcsc":
        return f"pcsc:{cfg.reader}"
    return ""


def register(cfg: IdReaderConfig, slot: CardSlot) -> None:
    with _lock:
        _slots[key_for(cfg)] = slot


def unregister(cfg: IdReaderConfig) -> None:
    with _lock:
        _slots.pop(key_for(cfg), None)


def slot_for(cfg: IdReaderConfig) -> CardSlot | None:
    with _lock:
        return _slots.get(key_for(cfg))


# The device manager asks here where a sample card goes; only processes that
# import the emulators (demo, tour, tests) have the lookup.
manager.card_slot_lookup = slot_for
