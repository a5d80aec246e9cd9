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
    A5 = "a5"
    HUKOU = "hukou"  # a 户口簿 page, 105 x 143 mm
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
    HAND = "hand"
    OBJECT = "object"
    BLURRED = "blurred"
    READY = "ready"
    CAPTURED = "captured"  # disarmed after a capture, waiting for the next page


class IssueCode(StrEnum):
    BLURRED = "blurred"
    GLARE = "glare"
    TOO_DARK = "too_dark"
    OUT_OF_FRAME = "out_of_frame"
    TOO_SMALL = "too_small"
    HAND = "hand"  # a hand reaches into the page
    OBJECT = "object"  # a pen, a phone or the like lies across a side of the page


@dataclass(frozen=True)
class Issue:
    """One problem found on a page; ``value`` is the measurement that tripped it."""

    code: IssueCode
    value: float = 0.0


@dataclass(frozen=True)
class Sizing:
    """What tells a page's format besides its shape. Immutable; any thread.

    ``expect`` is what the material is (core.intake.expected_size: ``card``,
    ``sheet``, ``hukou``, ``a5`` or empty); ``field_mm`` the long side of the
    camera's view on the desk in mm (``devices.camera.field_mm``; 0 when the
    camera's scale is not known), which tells an A5 sheet from an A4 one.
    """

    expect: str = ""
    field_mm: float = 0.0


NO_SIZING = Sizing()  # nothing known but the page's shape
