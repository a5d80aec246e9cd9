"""预约签到 at the kiosk end to end: a real hall server over HTTP holding appointments,
the virtual card reader presenting the sample holder, the virtual camera playing a
folder with an appointment's QR, the virtual printer printing the tickets.

By the card and by the QR the ticket is a priority ("appointment") one, printed and
called first; too early gives a normal ticket and says from when to come back; the
button is there only when the hall honours appointments; nothing stays after 回首页.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import qrcode
from PySide6.QtCore import Qt

from core.appointments import Appointment
from hall.checkin import AppointmentList, holder_digest
from hall.config import load_settings
from hall.server import BackgroundHall
from onewindow.gui import make_window
from sync.hall_client import HallClient
from tests._backoffice_fixture import APPLICANT_ID, sample_identity
from tests.gui_helpers import app_config, click, shown

KEY = b"k" * 32
QR_CODE = "APPT-QR-000001"
EARLY_CODE = "APPT-EARLY-0001"


@pytest.fixture
def opens() -> dt.datetime:
    return dt.datetime.now().astimezone() + dt.timedelta(hours=3)


@pytest.fixture
def hall(tmp_path: Path, opens: dt.datetime) -> Iterator[BackgroundHall]:
    now = dt.datetime.now().astimezone()
    soon = (now - dt.timedelta(minutes=5), now + dt.timedelta(minutes=25))
    book = AppointmentList(
        KEY,
        [
            Appointment("APPT-CARD-00001", "B", *soon, holder_digest(KEY, APPLICANT_ID)),
            Appointment(QR_CODE, "A", *soon),
            Appointment(EARLY_CODE, "C", opens, opens + dt.timedelta(hours=1)),
        ],
    )
    settings = load_settings(None, {"data_dir": str(tmp_path / "hall")})
    with BackgroundHall(settings, checkin=book) as h:
        yield h


def _qr_desk(tmp_path: Path, text: str) -> Path:
    desk = tmp_path / "desk"
    desk.mkdir()
    qrcode.make(text, box_size=16, border=6).save(desk / "appointment.png")
    return desk


def _kiosk(qtbot, tmp_path: Path, hall: BackgroundHall, **extra):
    cfg = app_config(tmp_path, "kiosk", "http://127.0.0.1:9", **{"hall.url": hall.url, **extra})
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: win.pages["home"].ticket_btn.isEnabled(), timeout=5000)
    return win, bridge


def test_check_in_by_card_by_qr_and_too_early(
    qtbot, tmp_path: Path, hall: BackgroundHall, opens: dt.datetime
) -> None:
    desk = _qr_desk(tmp_path, QR_CODE)
    win, bridge = _kiosk(
        qtbot,
        tmp_path,
        hall,
        **{"devices.camera.source": str(desk), "kiosk.voice_guidance": True},
    )
    page, ticket_page = win.pages["checkin"], win.pages["ticket"]
    printer = win.rt.devices.virtual_printer
    try:
        click(win, "ticket")
        qtbot.waitUntil(lambda: ticket_page.checkin_btn.isVisible(), timeout=5000)
        assert ticket_page.checkin_btn.height() >= 60
        click(win, "checkin")
        assert win.current_page() == "checkin"

        # 1. the card: the holder's appointment (B), a priority ticket, printed
        click(win, "checkin_card")
        assert win.current_page() == "consent"
        click(win, "consent_agree")
        assert win.current_page() == "card"
        win.rt.devices.virtual_reader.present(sample_identity())
        qtbot.waitUntil(lambda: page.number.text().startswith("B"), timeout=10000)
        assert win.current_page() == "checkin"
        number = page.number.text()
        assert "预约签到成功，已为您优先排队" in page.msg.text()
        assert APPLICANT_ID not in page.msg.text()
        job = printer.wait_jobs(1)[-1]
        assert number in job.transcript
        said = win.rt.voice.virtual
        qtbot.waitUntil(lambda: any("预约签到成功" in s for s in said.said()), timeout=5000)
        assert not any(APPLICANT_ID in s for s in said.said())
        called = HallClient(hall.url, device_code="C03").call("3").ticket
        assert called is not None and called.number == number
        assert called.priority == "appointment"

        # 2. the QR under the document camera: its appointment (A), a priority ticket
        click(win, "checkin_scan")
        qtbot.waitUntil(lambda: page.number.text().startswith("A"), timeout=20000)
        assert "预约签到成功" in page.msg.text()
        job = printer.wait_jobs(2)[-1]
        assert page.number.text() in job.transcript

        # 3. too early, by a scanner gun typing the code: a normal ticket, and when
        qtbot.keyClicks(page.code, EARLY_CODE)
        qtbot.keyClick(page.code, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.number.text().startswith("C"), timeout=10000)
        words = page.msg.text()
        assert "还没到您预约的时间" in words and "预约签到成功" not in words
        assert (opens - dt.timedelta(minutes=30)).strftime("%H:%M") in words
        assert printer.wait_jobs(3)[-1].transcript.count(page.number.text()) >= 1

        # 回首页: nothing of the citizen stays
        click(win, "home")
        assert win.current_page() == "home" and win.identity is None
        assert page.number.text() == "" and page.msg.text() == ""
        assert ticket_page.number.text() == "" and page.ticket is None
    finally:
        bridge.close()


def test_no_appointment_found_says_to_pick_a_category(
    qtbot, tmp_path: Path, hall: BackgroundHall
) -> None:
    win, bridge = _kiosk(qtbot, tmp_path, hall)
    page = win.pages["checkin"]
    try:
        click(win, "ticket")
        qtbot.waitUntil(lambda: win.pages["ticket"].checkin_btn.isVisible(), timeout=5000)
        click(win, "checkin")
        click(win, "checkin_scan")
        page.by_code("NO-SUCH-APPOINTMENT")
        qtbot.waitUntil(lambda: "没有找到您今天的预约" in page.msg.text(), timeout=10000)
        assert page.number.text() == "" and "选择业务类别" in page.msg.text()
    finally:
        bridge.close()


def test_no_check_in_button_without_appointment_priority(qtbot, tmp_path: Path) -> None:
    settings = load_settings(
        None, {"data_dir": str(tmp_path / "hall"), "priorities": ["elderly", "disabled"]}
    )
    with BackgroundHall(settings) as h:
        win, bridge = _kiosk(qtbot, tmp_path, h)
        page = win.pages["ticket"]
        try:
            click(win, "ticket")
            qtbot.waitUntil(lambda: shown(page.category_buttons, 4), timeout=5000)
            assert page.priority_buttons and not page.checkin_btn.isVisible()
        finally:
            bridge.close()


def test_offline_there_is_no_check_in_only_a_normal_ticket(
    tmp_path: Path, hall: BackgroundHall
) -> None:
    """The hall server away: no category named is refused (appointment.offline); a
    category named gives a normal offline ticket noted so."""
    from services.queue import TicketDesk
    from sync.hall_client import HallRefused

    desk = TicketDesk(HallClient(hall.url, device_code="K01", timeout_s=2), tmp_path / "k",
                      block_size=5)  # fmt: skip
    assert desk.keep_up() and desk.numbers_left("A") == 5
    hall.stop()
    with pytest.raises(HallRefused) as refused:
        desk.take("", id_number=APPLICANT_ID)
    assert refused.value.code == "appointment.offline"
    ticket = desk.take("A", appointment_code=QR_CODE)
    assert ticket.offline and ticket.priority == "" and ticket.note == "appointment.offline"
