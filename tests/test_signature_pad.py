"""The signature pad: mouse drags, a pen tablet's pressure, 重签, the cropped PNG."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from widgets.signature_pad import CLEAR_HEIGHT, PEN_MAX, PEN_MIN, SignatureField


def _drag(pad, points: list[tuple[int, int]]) -> None:
    first = QPoint(*points[0])
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, first)
    for x, y in points[1:]:
        QTest.mouseMove(pad, QPoint(x, y))
    last = QPoint(*points[-1])
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, last)


def _field(qtbot) -> SignatureField:
    field = SignatureField()
    qtbot.addWidget(field)
    field.resize(600, 320)
    field.show()
    qtbot.waitExposed(field)
    return field


def test_a_mouse_drag_signs_and_the_png_is_the_cropped_ink_on_white(qtbot) -> None:
    field = _field(qtbot)
    assert field.is_empty() and field.png() == b""
    with qtbot.waitSignal(field.changed) as got:
        _drag(field.pad, [(100 + i * 10, 100 + (i % 3) * 8) for i in range(20)])
    assert got.args == [True]
    assert not field.is_empty()
    img = QImage.fromData(field.png(), "PNG")
    assert not img.isNull()
    # cropped: the ink spans 190 × 16 px, the picture that plus the margins
    assert 190 < img.width() < 190 + 60 and img.height() < 100
    assert img.pixelColor(0, 0).name() == "#ffffff"  # white, not transparent
    dark = sum(
        1
        for x in range(img.width())
        for y in range(img.height())
        if img.pixelColor(x, y).lightness() < 128
    )
    assert dark > 100


def test_resign_clears_and_the_button_fits_a_finger(qtbot) -> None:
    field = _field(qtbot)
    _drag(field.pad, [(50 + i * 12, 150) for i in range(15)])
    assert not field.is_empty()
    assert field.clear_btn.height() >= CLEAR_HEIGHT - 4 >= 60
    with qtbot.waitSignal(field.changed) as got:
        QTest.mouseClick(field.clear_btn, Qt.MouseButton.LeftButton)
    assert got.args == [False]
    assert field.is_empty() and field.png() == b""


def test_a_tap_is_no_signature(qtbot) -> None:
    field = _field(qtbot)
    QTest.mouseClick(field.pad, Qt.MouseButton.LeftButton, pos=QPoint(80, 80))
    assert field.is_empty()


def _pen() -> QPointingDevice:
    return QPointingDevice(
        "test pen",
        4242,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )


def _tablet(pad, kind, pos: QPointF, pressure: float, pen) -> None:
    buttons = (
        Qt.MouseButton.NoButton
        if kind == QTabletEvent.Type.TabletRelease
        else (Qt.MouseButton.LeftButton)
    )
    ev = QTabletEvent(
        kind,
        pen,
        pos,
        pad.mapToGlobal(pos),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        Qt.MouseButton.LeftButton,
        buttons,
    )
    QApplication.sendEvent(pad, ev)


def test_a_pen_tablet_draws_with_its_pressure(qtbot) -> None:
    field = _field(qtbot)
    pad, pen = field.pad, _pen()
    light, hard = 0.0, 1.0
    _tablet(pad, QTabletEvent.Type.TabletPress, QPointF(40, 60), light, pen)
    for i in range(1, 12):
        p = light if i < 6 else hard
        _tablet(pad, QTabletEvent.Type.TabletMove, QPointF(40 + i * 15, 60), p, pen)
    _tablet(pad, QTabletEvent.Type.TabletRelease, QPointF(220, 60), hard, pen)
    (stroke,) = pad.strokes()
    widths = [w for _x, _y, w in stroke]
    assert widths[0] == PEN_MIN and widths[-1] == PEN_MAX
    assert not field.is_empty()
    assert QImage.fromData(field.png(), "PNG").height() >= PEN_MAX
