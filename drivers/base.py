"""The small interfaces every device backend implements, and device health.

Backends are not thread-safe: the device manager calls each one from that
device's own I/O thread only (never the GUI thread).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from core.errors import DeviceError
from core.identity import Identity
from core.receipt import Document
from drivers.threads import bind_io_methods

if TYPE_CHECKING:
    import numpy as np


class Health(StrEnum):
    """What the status bar shows for a device."""

    OK = "ok"
    DEGRADED = "degraded"  # works, with a warning (paper near end, low resolution...)
    ABSENT = "absent"  # not there or not working; steps that need it are disabled


@dataclass(frozen=True)
class DeviceStatus:
    """Health of one device with a short message for staff (Chinese). Immutable.

    ``parts`` are the message's pieces when it is composed (a fixed,
    translatable text, then a cause or figures): the GUI translates each and
    joins them with "：", so a composed message reads in English too.
    ``message`` is always the whole Chinese text (logs, CLI, tests).
    """

    device: str  # "id_reader" | "camera" | "printer" | "voice"
    health: Health
    message: str = ""
    backend: str = ""
    parts: tuple[str, ...] = ()


class PrinterState(StrEnum):
    OK = "ok"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"  # autocutter jam, head too hot, unrecoverable error (DLE EOT 3)


class PrinterError(DeviceError):
    """Printing failed; ``state`` says why (paper out, cover open, offline)."""

    code = "printer"

    def __init__(self, code: str, state: PrinterState, /, **params: Any) -> None:
        super().__init__(code, state=state.value, **params)
        self.state = state


class DeviceLost(DeviceError):
    """The device vanished (unplugged, port gone, connection dropped).

    The device manager closes the backend, reports it ABSENT and re-opens it
    later with backoff. Any other DeviceError raised by ``IdReader.poll`` is
    about the card (read failed, unknown card) and goes to the card-error
    callback instead.
    """

    code = "device_lost"


class IdReader(ABC):
    """An ID card reader. Call from the reader's I/O thread only (asserted: drivers.threads)."""

    backend = "abstract"

    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__(**kw)
        bind_io_methods(cls, ("open", "poll", "check", "close"))

    @abstractmethod
    def open(self) -> None:
        """Open the device; raises DeviceError when it is not there."""

    @abstractmethod
    def poll(self) -> Identity | None:
        """One find → select → read cycle: the identity, or None if no card.

        Raises DeviceError on device trouble. The same card is returned once
        per presentation, not on every poll.
        """

    def check(self) -> tuple[Health, str] | None:
        """Health between reads, called about every second, also while not polling.

        Raises DeviceLost when the device is gone (the manager closes it and
        re-opens it with backoff); returns (health, message) for a state the
        status bar should show, or None when all is well. Cheap: no card I/O.
        """
        return None

    @abstractmethod
    def close(self) -> None: ...


class Camera(ABC):
    """A capture source. Call from the camera's I/O thread only (asserted: drivers.threads)."""

    backend = "abstract"

    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__(**kw)
        bind_io_methods(cls, ("open", "read", "close"))

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def read(self) -> np.ndarray | None:
        """The next BGR frame, or None when none is ready."""

    @abstractmethod
    def close(self) -> None: ...


class Printer(ABC):
    """A receipt printer. Call from the printer's I/O thread only (asserted: drivers.threads)."""

    backend = "abstract"

    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__(**kw)
        bind_io_methods(cls, ("status", "print_document", "close"))

    @abstractmethod
    def status(self) -> PrinterState: ...

    @abstractmethod
    def print_document(self, doc: Document) -> None:
        """Print a whole document; raises PrinterError when it could not."""

    @abstractmethod
    def close(self) -> None: ...


class Voice(ABC):
    """A speech output. Call from the voice's I/O thread only (asserted: drivers.threads).

    ``say`` queues the text and returns once the speech service took it (not
    once it was spoken), cancelling whatever this voice was still saying: a
    kiosk page's instruction replaces the last page's. ``on_started(text, t)``
    (``t`` from time.monotonic) is called, on any thread, when the speech of a
    text really starts; bench/voice.py measures with it. Texts are
    instructions and field labels, never personal data.
    """

    backend = "abstract"
    on_started: Callable[[str, float], None] | None = None
    language = ""  # the language of what ``say`` speaks next ("" = the backend's own)

    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__(**kw)
        bind_io_methods(cls, ("open", "say", "stop", "check", "close"))

    def set_language(self, language: str) -> None:
        """Speak the next texts in ``language`` (``zh``, ``en``); on the voice's I/O thread."""
        self.language = language

    @abstractmethod
    def open(self) -> None:
        """Connect; raises DeviceError when the speech service is not there."""

    @abstractmethod
    def say(self, text: str, volume: int) -> None:
        """Speak ``text`` at ``volume`` percent (0–100); raises DeviceLost when gone."""

    @abstractmethod
    def stop(self) -> None:
        """Stop speaking now (the session ended, voice turned off)."""

    def check(self) -> tuple[Health, str] | None:
        """Health between utterances; raises DeviceLost when gone, None when well."""
        return None

    @abstractmethod
    def close(self) -> None: ...


class CardSlot(Protocol):
    """Something a sample card can be put into and taken out of (demo and tests).

    The virtual reader is one; so are the emulators behind a serial or PC/SC
    reader. Any thread.
    """

    def present(self, identity: Identity | None = None) -> Identity: ...

    def remove(self) -> None: ...

    def samples(self) -> list[Identity]: ...
