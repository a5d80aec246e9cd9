"""A page's printed slip (补正回执, 取件凭条, …): its print job followed to the end.

The page says what was done, then how the slip's printing went, in one label:
printing…, printed, held until the printer is back, or not printed (to reprint
from 打印记录). The job's changes come through the bridge's
``print_job_changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from widgets.errors import user_text
from widgets.i18n import sentences

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from services.printing import PrintJob
    from widgets.bridge import RuntimeBridge


@dataclass(frozen=True)
class SlipWords:
    """What a page says of its slip, in the UI's language (tr() at the time of use)."""

    not_printed: str  # before the print error's words: 补正回执未打印：
    printing: str
    printed: str
    held: str
    failed: str


class SlipFollow:
    """One page's last slip and its print state (none | pending | ok | held | failed).
    GUI thread only."""

    def __init__(self, bridge: RuntimeBridge, msg: QLabel, words: Callable[[], SlipWords]) -> None:
        self.msg = msg
        self.words = words
        self.job: PrintJob | None = None
        self.state = "none"
        self.done = ""
        bridge.print_job_changed.connect(self._changed)

    def follow(self, done: str, job: PrintJob | None, print_error: Any = None) -> None:
        """``done`` said, then the slip's printing: ``job`` None when it could not start."""
        self.done = done
        self.job = job
        if job is None:
            self.state = "failed"
            err = user_text(print_error) if print_error else ""
            self.msg.setText(sentences(done, self.words().not_printed) + err)
            return
        self.state = "pending"
        self.msg.setText(sentences(done, self.words().printing))
        self._show(job)

    def _changed(self, job: PrintJob) -> None:
        if job is self.job:
            self._show(job)

    def _show(self, job: PrintJob) -> None:
        if job.pending:
            return
        words = self.words()
        state = job.state.value
        if state == "printed":
            self.state, text = "ok", words.printed
        elif state == "held":  # kept; printed once the printer is back
            self.state, text = "held", words.held
        else:
            self.state, text = "failed", words.failed
        self.msg.setText(sentences(self.done, text))
