"""The one place that turns typed errors into words on screen.

Two audiences. ``user_text`` gives an error's own words (what happened, what
to do): for a clerk, and for a citizen when the error is about what the
citizen holds or typed (an expired card, a card put down badly, a field left
empty). ``citizen_text`` is for the kiosk: a device or a step that failed
becomes plain words per device class saying what to do (go to a window, the
receipt prints later), and the technical words (the error's code and
detail) go to the device log and the status bar instead.
"""

from __future__ import annotations

import logging
from typing import Protocol

from core.errors import OneWindowError
from core.messages import render
from widgets.i18n import tr

log = logging.getLogger("onewindow.kiosk.faults")

# Codes whose own words speak to the citizen about their card or their input.
FOR_CITIZEN_PREFIXES = (
    "identity.",
    "card_",
    "ssse_data.",
    "form.",
    "hotline.",
    "supplement.",
    "commitment.",
)
FOR_CITIZEN_CODES = frozenset(
    {
        "case.material_missing",
        "catalog.unanswered",
        "scan.bad_corners",
        "scan.no_pages",
        # the SAM's words about the card on the reader (not about the reader)
        "ga467_sw3_33",
        "ga467_sw3_3x",
        "ga467_sw3_40",
        "ga467_sw3_41",
        "ga467_sw3_80",
        "ga467_sw3_81",
        "ga467_sw3_91",
    }
)
# The step that failed → the citizen's words (core/messages.py, "citizen.*").
STEPS = ("id_reader", "id_reader_down", "camera", "material", "printer", "submit")


class FaultSink(Protocol):
    """Where staff see a fault: the window's status bar (``note_fault``). GUI thread."""

    def note_fault(self, step: str, code: str) -> None: ...


def user_text(exc: BaseException) -> str:
    """Words for a citizen or clerk, in the UI's language: what happened and what to do."""
    if isinstance(exc, OneWindowError):
        text, hint = exc.words(tr)
    else:
        text, hint = render("unexpected", {}, tr)
    return f"{text}\n{hint}" if hint else text


def for_citizen(exc: BaseException) -> bool:
    """The error's own words are about the citizen's card or input (not a device)."""
    if not isinstance(exc, OneWindowError):
        return False
    return exc.code.startswith(FOR_CITIZEN_PREFIXES) or exc.code in FOR_CITIZEN_CODES


def technical_text(exc: BaseException) -> str:
    """The code and the detail, for staff and the log (never shown to the citizen).

    Error parameters never carry personal data (core.errors), so this may be logged.
    """
    if isinstance(exc, OneWindowError):
        return f"{exc.code}: {exc.message}"
    return type(exc).__name__


def citizen_text(exc: BaseException, step: str, sink: object | None = None) -> str:
    """Words for the citizen at the kiosk when ``step`` failed with ``exc``.

    The error's own words when they are about the citizen's card or input;
    otherwise the step's plain words, and the technical words go to the log
    and (when ``sink`` has a status bar) to the status bar.
    """
    if for_citizen(exc):
        return user_text(exc)
    report_fault(exc, step, sink)
    return steps_text(step)


def steps_text(step: str) -> str:
    """The citizen's words for a failed ``step`` (one of STEPS), in the UI's language."""
    text, hint = render(f"citizen.{step}" if step in STEPS else "citizen.other", {}, tr)
    return f"{text}\n{hint}" if hint else text


def report_fault(exc: BaseException, step: str, sink: object | None = None) -> None:
    """The technical words to the device log, and the code to the status bar."""
    log.warning("kiosk step %s failed: %s", step, technical_text(exc))
    status = getattr(sink, "status", None)
    note = getattr(status, "note_fault", None)
    if note is not None:
        note(step, exc.code if isinstance(exc, OneWindowError) else type(exc).__name__)
