"""The demo's windows side by side (issue 12 item 10): placement arithmetic."""

from __future__ import annotations

from onewindow.placement import side_by_side


def _overlap(a, b) -> int:
    return max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))


def test_two_windows_fit_side_by_side_on_a_wide_screen():
    rects = side_by_side((0, 0, 2560, 1400), [(900, 600), (900, 600)])
    assert [r[2:] for r in rects] == [(1280, 800), (1280, 800)]
    assert _overlap(*rects) == 0 and rects[0][0] < rects[1][0]
    assert all(r[0] >= 0 and r[0] + r[2] <= 2560 for r in rects)


def test_a_full_hd_screen_shares_its_width():
    rects = side_by_side((0, 30, 1920, 1050), [(866, 652), (900, 600)])
    assert [r[2] for r in rects] == [960, 960]
    assert _overlap(*rects) == 0
    assert all(r[1] == 30 and r[3] == 800 for r in rects)


def test_minimums_win_over_the_share_and_windows_stay_on_screen():
    rects = side_by_side((0, 0, 1920, 1080), [(1314, 700), (1100, 700)])
    assert [r[2] for r in rects] == [1314, 1100]  # never below a window's minimum
    assert rects[0][0] == 0 and rects[1][0] + rects[1][2] == 1920  # spread to both edges
    assert _overlap(*rects) == 1314 + 1100 - 1920  # only as much as they must


def test_height_is_clipped_to_a_small_screen_but_not_below_the_minimum():
    rects = side_by_side((0, 0, 2560, 720), [(900, 652), (900, 500)])
    assert [r[3] for r in rects] == [720, 720]
    rects = side_by_side((0, 0, 2560, 600), [(900, 652), (900, 500)])
    assert [r[3] for r in rects] == [652, 600]


def test_one_window_is_centred_and_none_is_nothing():
    assert side_by_side((0, 0, 1920, 1080), []) == []
    ((x, _, w, _),) = side_by_side((0, 0, 1920, 1080), [(800, 600)])
    assert w == 1280 and x == (1920 - 1280) // 2


def test_the_demo_places_real_windows_across_the_screen(qtbot):
    from PySide6.QtWidgets import QApplication, QMainWindow

    from onewindow.gui import place_side_by_side

    wins = []
    for _ in range(2):
        w = QMainWindow()
        w.setMinimumSize(200, 150)
        qtbot.addWidget(w)
        wins.append(w)
    place_side_by_side(QApplication.instance(), wins)
    g = QApplication.instance().primaryScreen().availableGeometry()
    a, b = (w.geometry() for w in wins)
    assert a.x() < b.x()  # not stacked at one corner
    assert g.left() <= a.left() and b.right() <= g.right()
    assert a.width() >= 200 and b.width() >= 200
