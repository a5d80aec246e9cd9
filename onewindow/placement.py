"""Where the demo puts its windows: side by side across the screen, not stacked.

Pure arithmetic over rectangles (x, y, width, height), so it is tested without
a screen. ``run_app`` asks the primary screen for its available geometry and
each window for its minimum size. Any thread (no Qt).
"""

from __future__ import annotations

Rect = tuple[int, int, int, int]
Size = tuple[int, int]

PREFERRED: Size = (1280, 800)


def side_by_side(available: Rect, minimums: list[Size], preferred: Size = PREFERRED) -> list[Rect]:
    """One rectangle per window, left to right across ``available``.

    Each window gets an equal share of the width, at most ``preferred`` and
    never below its own minimum; the height is the preferred one, clipped
    to the screen (never below the minimum). When the shares do not fit
    (two 1280-wide windows on a 1920 screen with wide minimums), the windows
    keep their widths and overlap as little as they must: the first starts
    at the left edge, the last ends at the right edge.
    """
    x0, y0, width, height = available
    n = len(minimums)
    if n == 0:
        return []
    share = width // n
    sizes = [
        (max(min(preferred[0], share), mw), max(min(preferred[1], height), mh))
        for mw, mh in minimums
    ]
    total = sum(w for w, _ in sizes)
    if total <= width:
        gap = (width - total) // (n + 1)  # the spare width spread evenly around them
        xs, x = [], x0 + gap
        for w, _ in sizes:
            xs.append(x)
            x += w + gap
    else:
        step = (width - sizes[-1][0]) / (n - 1) if n > 1 else 0.0
        xs = [x0 + round(i * step) for i in range(n)]
    return [(x, y0, w, h) for x, (w, h) in zip(xs, sizes, strict=True)]
