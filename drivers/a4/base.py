"""The A4 printer's interface and its states. Constants and an ABC: any thread
may import them; the backends' I/O methods run on the A4 printer's thread only."""

from __future__ import annotations

from abc import ABC, abstractmethod
from enum import StrEnum
from typing import Any

from core.errors import DeviceError
from drivers.threads import bind_io_methods

A4 = "a4"


class A4State(StrEnum):
    """What the A4 printer's queue says (lpstat), in the words the status bar needs."""

    OK = "ok"  # idle or printing
    STOPPED = "stopped"  # the queue is disabled (paper out, jam, stopped by staff)
    OFFLINE = "offline"  # no such queue, or the CUPS server does not answer


class A4Error(DeviceError):
    """The PDF could not be handed to the printer; ``state`` says why."""

    code = "a4"

    def __init__(self, code: str, state: A4State, /, **params: Any) -> None:
        super().__init__(code, device=A4, state=state.value, **params)
        self.state = state


class A4Printer(ABC):
    """An A4 printer taking whole PDFs. Call from the A4 printer's I/O thread only
    (asserted: drivers.threads)."""

    backend = "abstract"

    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__(**kw)
        bind_io_methods(cls, ("open", "status", "print_pdf", "job_done", "close"))

    def open(self) -> None:  # noqa: B027 - most backends have nothing to open
        """Get ready; raises A4Error when the printer is not there."""

    @abstractmethod
    def status(self) -> A4State: ...

    @abstractmethod
    def print_pdf(self, pdf: bytes, title: str) -> str:
        """Hand one PDF to the printer; its job id. Raises A4Error when it could not.

        ``title`` names the job in the queue (a certificate's kind and code, no
        personal data)."""

    def job_done(self, job_id: str) -> bool:
        """True once the job left the queue (printed, or given up by the printer)."""
        return True

    @abstractmethod
    def close(self) -> None: ...
