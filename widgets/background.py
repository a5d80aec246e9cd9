"""Store writes, sealing and PDF work off the GUI thread: one serial lane.

The idea of Anki's QueryOp/CollectionOp: a page hands ``BackgroundOps.run``
the work (a plain function that may write the store, seal scans with
AES-GCM, assemble a PDF, print), what to do with its result and what to do
with its error. The work runs on one worker thread, in the order it was
given (a material's PDF is kept before the case that names it is
submitted); the result comes back to the GUI thread through a queued
signal. On a kiosk's eMMC a write waiting behind the sync worker (15 s busy
timeout, synchronous=FULL) then no longer freezes the screen.

``Busy`` is what a page shows meanwhile: its buttons disabled and a
"正在保存…" line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from core.errors import OneWindowError
from widgets.i18n import N_, tr

log = logging.getLogger(__name__)

SAVING = N_("正在保存…")


class Busy:
    """A page's busy state: some buttons disabled and a label shown. GUI thread only.

    Counted, so overlapping operations keep it busy until the last is done;
    each button gets back the enabled state it had when the page became busy.
    """

    def __init__(self, label: QLabel, buttons: Sequence[QAbstractButton] = ()) -> None:
        self.label = label
        self.buttons = list(buttons)
        self.depth = 0
        self._was: dict[int, bool] = {}
        label.setObjectName(label.objectName() or "busy")
        label.setProperty("role", "hint")
        label.hide()

    @staticmethod
    def label_for(parent: QWidget) -> QLabel:
        return QLabel(tr(SAVING), parent)

    def add(self, *buttons: QAbstractButton) -> None:
        self.buttons.extend(buttons)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > 1:
            return
        self._was = {id(b): b.isEnabled() for b in self.buttons}
        for b in self.buttons:
            b.setEnabled(False)
        self.label.setText(tr(SAVING))
        self.label.show()

    def leave(self) -> None:
        self.depth = max(0, self.depth - 1)
        if self.depth:
            return
        for b in self.buttons:
            b.setEnabled(self._was.get(id(b), True))
        self.label.hide()

    @property
    def active(self) -> bool:
        return self.depth > 0


@dataclass(eq=False)
class _Op:
    """One queued operation: built on the GUI thread, result or error set by the worker."""

    name: str
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    busy: Busy | None
    result: Any = None
    error: BaseException | None = None
    future: Future | None = None


class BackgroundOps(QObject):
    """One serial lane for work that must not run on the GUI thread.

    ``run`` and ``wait_idle`` are GUI-thread only; the work runs on the lane's
    worker thread; ``on_done`` / ``on_error`` run back on the GUI thread.
    """

    _finished = Signal(object)  # _Op, emitted on the worker thread, queued to the GUI

    def __init__(self, parent: QObject | None = None, *, name: str = "ow-ops") -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._open: list[_Op] = []  # given, not yet delivered back, in order
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def pending(self) -> int:
        """Operations given and not yet delivered back to the GUI."""
        return len(self._open)

    def run(
        self,
        name: str,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        busy: Busy | None = None,
    ) -> None:
        """Queue ``work`` on the lane; ``name`` is for the log (no personal data)."""
        if self._closed:
            log.warning("background operation %s refused: closing", name)
            return
        op = _Op(name, on_done, on_error, busy)
        if busy is not None:
            busy.enter()

        def task() -> None:
            try:
                op.result = work()
            except Exception as exc:  # handed to the GUI thread
                op.error = exc
            self._finished.emit(op)  # before the future completes: wait_idle relies on it

        self._open.append(op)
        op.future = self._pool.submit(task)

    def _deliver(self, op: _Op) -> None:
        if op not in self._open:
            return  # already delivered (wait_idle) or dropped at close
        self._open.remove(op)
        if self._closed:
            return
        if op.busy is not None:
            op.busy.leave()  # first: a result handler may enable or disable buttons itself
        if op.error is None:
            if op.on_done is not None:
                op.on_done(op.result)
            return
        if isinstance(op.error, OneWindowError):
            log.info("background operation %s refused: %s", op.name, op.error.code)
        else:
            log.error("background operation %s failed: %s", op.name, type(op.error).__name__)
        if op.on_error is not None:
            op.on_error(op.error)

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until every queued operation ran and was delivered (scripts and tests).

        Results chained from a delivered one (a handler that runs more work) are waited
        for too.
        """
        while self._open:
            op = self._open[0]
            assert op.future is not None
            op.future.result(timeout)
            QCoreApplication.sendPostedEvents(self, 0)
            if self._open and self._open[0] is op:  # not posted to us after all: deliver here
                self._deliver(op)

    def close(self, *, wait: bool = True) -> None:
        """Let queued writes finish (they must reach the store), then drop the results.

        ``wait=False`` drops work not yet started (a lane that writes nothing).
        """
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
        self._open.clear()
