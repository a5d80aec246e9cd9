"""Python's cyclic garbage collector, run by the GUI thread's event loop only.

Left to itself, the collector runs whenever an allocation crosses its threshold:
on any thread, and in the middle of Qt dispatching an event, where freeing a
cycle that holds a Qt object still in use crashes the process (a test run saw
a segmentation fault "Garbage-collecting" inside an event loop). As Anki does,
automatic collection is switched off and a timer on the GUI thread collects:
the young generation when it has filled, everything now and then. Reference
counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

TICK_MS = 2_000
FULL_EVERY = 30  # ticks: a full collection each minute
NAME = "onewindow_garbage_collector"


class GarbageCollector(QObject):
    """Collects on a timer of the GUI thread (see the module docstring).
    Made and called on the GUI thread only."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(NAME)
        gc.collect()
        gc.disable()
        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(TICK_MS)

    def tick(self) -> None:
        self._ticks += 1
        if self._ticks % FULL_EVERY == 0:
            gc.collect()
        elif gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect(0)


def collect_on_gui_thread(app: QApplication) -> GarbageCollector:
    """The app's collector, made on first call (automatic collection off from then on)."""
    found = app.findChild(GarbageCollector, NAME)
    return found if found is not None else GarbageCollector(app)
