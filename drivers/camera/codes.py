"""The scan pipeline's codes: page formats, colour modes, guidance hints, page issues.

Plain enums and one small record, with no OpenCV or numpy behind them, so
that the scan panel and its words (widgets/scan_text.py) can name them
before the camera has started; ``page``, ``live`` and ``quality`` use and
re-export them. Any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PageKind(StrEnum):
    AUTO = "auto"
    A4 = "a4"
    LETTER = "letter"
    ID1 = "id1"
    OTHER = "other"


class Mode(StrEnum):
    COLOUR = "colour"
    GREY = "grey"
    BW = "bw"


class Hint(StrEnum):
    """What the guidance line says, most urgent first."""

    NO_PAGE = "no_page"
    UNSURE = "unsure"  # something page-like, edges not clear
    OUT_OF_FRAME = "out_of_frame"
    TOO_SMALL = "too_small"
    HOLD_STILL = "hold_still"
    TOO_DARK = "too_dark"
    GLARE = "glare"
    BLURRED = "blurred"
    READY = "ready"
    CAPTURED = "captured"  # disarmed after a capture, waiting for the next page


class IssueCode(StrEnum):
    BLURRED = "blurred"
    GLARE = "glare"
    TOO_DARK = "too_dark"
    OUT_OF_FRAME = "out_of_frame"
    TOO_SMALL = "too_small"


@dataclass(frozen=True)
class Issue:
    """One problem found on a page; ``value`` is the measurement that tripped it."""

    code: IssueCode
    value: float = 0.0
