"""The hall queue's rules (取号 / 叫号), Qt-free and storage-free: any thread.

- **Numbers** are a category letter and three digits (A001–A999), counted per
  category and day from 1. A kiosk may keep a block of numbers for when the
  hall server is away (``wire.queue.NumberBlock``); the server's own count
  skips every block (``next_free``).
- **Who is called next** at a window (``pick_next``): the window's work profile
  lists its categories in order; in each, tickets with a priority (an
  appointment checked in on time first, then the hall's other priorities) go
  before the others, and among equals the one that arrived first. A transfer
  keeps the arrival time. In ``longest`` mode the window takes whoever of its
  categories has waited longest, priorities still first.
- **What is said**: 请A012号到3号窗口办理 (``call_text``).
- **The expected wait**: people ahead × today's average service time in the
  category, shared by the windows that serve it (``expected_wait_s``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NUMBER_RE = re.compile(r"^([A-Z])([0-9]{3})$")
MAX_NUMBER = 999
DEFAULT_SERVICE_S = 300  # before a category has a finished service today


def format_number(category: str, n: int) -> str:
    """``A`` and 12 → ``A012``."""
    if not (1 <= n <= MAX_NUMBER):
        raise ValueError(f"number {n} out of 1..{MAX_NUMBER}")
    return f"{category}{n:03d}"


def parse_number(text: str) -> tuple[str, int] | None:
    """``A012`` → (``A``, 12); None for anything else."""
    m = NUMBER_RE.fullmatch(text.strip().upper())
    if m is None or int(m.group(2)) == 0:
        return None
    return m.group(1), int(m.group(2))


def next_free(start: int, blocks: Iterable[tuple[int, int]]) -> int | None:
    """The first number ≥ ``start`` outside every (first, last) block; None when the
    day's range is used up."""
    spans = sorted(blocks)
    n = start
    moved = True
    while moved:
        moved = False
        for first, last in spans:
            if first <= n <= last:
                n = last + 1
                moved = True
    return n if n <= MAX_NUMBER else None


@dataclass(frozen=True)
class Waiting:
    """A ticket waiting to be called (what ``pick_next`` needs of it)."""

    id: str
    category: str
    priority: str  # "" | appointment | elderly | …
    arrived_at: str  # ISO 8601, kept through transfers
    seq: int  # the order the server took it in (ties)
    for_window: str = ""  # transferred to one window: only that window calls it


@dataclass(frozen=True)
class Profile:
    """A window's work profile: its categories in order, and how it picks among them."""

    categories: tuple[str, ...]
    mode: str = "order"  # order: the profile's order first | longest: whoever waited longest


def _rank(t: Waiting) -> tuple[int, str, int]:
    tier = 0 if t.priority == "appointment" else (1 if t.priority else 2)
    return (tier, t.arrived_at, t.seq)


def pick_next(waiting: Sequence[Waiting], profile: Profile, window: str = "") -> Waiting | None:
    """Who ``window`` calls next, or None when nobody of its categories waits. A ticket
    transferred to another window is that window's only."""
    mine = [t for t in waiting if t.category in profile.categories and t.for_window in ("", window)]
    if not mine:
        return None
    if profile.mode == "longest":
        return min(mine, key=_rank)
    for cat in profile.categories:
        of_cat = [t for t in mine if t.category == cat]
        if of_cat:
            return min(of_cat, key=_rank)
    return None


def window_name(code: str) -> str:
    """``3`` → ``3号窗口`` (a window named otherwise keeps its name in the config)."""
    return f"{code}号窗口"


def call_text(number: str, window: str) -> str:
    """What the hall hears: 请A012号到3号窗口办理 (``window`` is its spoken name)."""
    return f"请{number}号到{window}办理"


def expected_wait_s(ahead: int, avg_service_s: float | None, windows: int) -> int:
    """People ``ahead`` × the average service time, shared by ``windows`` serving it."""
    per = avg_service_s if avg_service_s and avg_service_s > 0 else DEFAULT_SERVICE_S
    return math.ceil(ahead * per / max(1, windows))


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0–100) by nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(1, math.ceil(p / 100 * len(ordered)))
    return float(ordered[k - 1])


CHIME = "叮咚"  # spoken before each call: the hall's attention (espeak-ng has no tone)
SPEECH_CHARS_PER_S = 4.0  # Mandarin at espeak-ng's default rate, measured by ear


def announcement(text: str) -> str:
    """What the hall's voice says for one call: the chime, then the call twice."""
    return f"{CHIME}，{text}。{text}。"


def speech_s(text: str, chars_per_s: float = SPEECH_CHARS_PER_S) -> float:
    """How long ``text`` takes to say: the next call waits for it (calls never overlap)."""
    return len(text) / chars_per_s
