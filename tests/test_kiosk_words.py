"""Issue 12 item 9, words for citizens and words for staff: when a device fails the
kiosk tells the citizen what to do (go to a window, the receipt prints later), and the
technical words (the error's code and detail) go to the status bar and the device log.
Errors about the citizen's own card or input keep their own words."""

from __future__ import annotations

import logging

import pytest

from core.config import IdReaderConfig
from core.errors import CaseError, DeviceError, IdentityError, StorageError
from drivers.base import Health
from drivers.idcard import ga467_codec as c
from emulators import card_slots
from emulators.ga467_emulator import Fault, Ga467Emulator
from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, click
from widgets.errors import citizen_text, for_citizen, steps_text, user_text

OFFLINE = "http://127.0.0.1:9"


class _Status:
    def __init__(self) -> None:
        self.faults: list[tuple[str, str]] = []

    def note_fault(self, step: str, code: str) -> None:
        self.faults.append((step, code))


class _Window:
    def __init__(self) -> None:
        self.status = _Status()


@pytest.mark.parametrize(
    ("exc", "step"),
    [
        (DeviceError("id_reader.serial_io"), "id_reader"),
        (c.FrameChecksumError(), "id_reader"),
        (DeviceError("camera.no_frame"), "camera"),
        (DeviceError("printer.paper_out"), "printer"),
        (StorageError("store.full", what="办件", action="保存"), "submit"),
        (RuntimeError("boom"), "submit"),
    ],
)
def test_a_device_failure_is_told_as_what_to_do_and_its_code_goes_to_staff(qapp, caplog, exc, step):
    win = _Window()
    with caplog.at_level(logging.WARNING, logger="onewindow.kiosk.faults"):
        text = citizen_text(exc, step, win)
    assert text == steps_text(step)
    assert "人工窗口" in text or "自动打印" in text
    assert user_text(exc).split("\n")[0] not in text  # not the technical words
    code = getattr(exc, "code", type(exc).__name__)
    assert win.status.faults == [(step, code)]
    assert any(code in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "exc",
    [
        IdentityError("identity.id_number_check"),
        c.CardReadError(),  # the SAM could not read the card: put it down again
        CaseError("case.material_missing", material="M1", material_name="身份证"),
    ],
)
def test_an_error_about_the_citizens_card_or_input_keeps_its_own_words(qapp, exc):
    win = _Window()
    assert for_citizen(exc)
    assert citizen_text(exc, "id_reader", win) == user_text(exc)
    assert win.status.faults == []


def test_every_step_has_words_in_both_languages(qapp):
    from widgets.i18n import install_translator

    try:
        assert install_translator("en")
        for step in ("id_reader", "id_reader_down", "camera", "material", "printer", "submit"):
            en = steps_text(step)
            assert en and not any("\u4e00" <= ch <= "\u9fff" for ch in en), en
    finally:
        install_translator("zh_CN")


def test_a_reader_fault_on_the_card_page_tells_the_citizen_and_shows_the_code_to_staff(
    qtbot, tmp_path, caplog
):
    link = tmp_path / "ttyGA467"
    with Ga467Emulator(link=link) as emu:
        cfg = IdReaderConfig(backend="serial", port=str(link))
        card_slots.register(cfg, emu)
        try:
            app = app_config(
                tmp_path,
                "kiosk",
                OFFLINE,
                **{"devices.id_reader.backend": "serial", "devices.id_reader.port": emu.port},
                **{"devices.camera.backend": "none", "devices.printer.uri": "none"},
            )
            win, bridge = make_window(app)
            qtbot.addWidget(win)
            win.show()
            bridge.start()
            try:
                qtbot.waitUntil(
                    lambda: (
                        getattr(win.bridge.last_status.get("id_reader"), "health", None)
                        is Health.OK
                    ),
                    timeout=10000,
                )
                click(win, "start")
                click(win, "consent_agree")
                emu.inject(Fault.BAD_CHECKSUM, c.Command.READ_TEXT_PHOTO)
                with caplog.at_level(logging.WARNING, logger="onewindow.kiosk.faults"):
                    emu.present(identity())
                    qtbot.waitUntil(lambda: bool(win.card_msg.text()), timeout=10000)
                msg = win.card_msg.text()
                assert msg == steps_text("id_reader") and "人工窗口" in msg
                assert "校验" not in msg  # the frame's checksum is for staff
                qtbot.waitUntil(lambda: hasattr(win.status, "fault_label"), timeout=5000)
                assert "ga467_frame_checksum" in win.status.fault_label.text()
                assert any("ga467_frame_checksum" in r.getMessage() for r in caplog.records)
            finally:
                bridge.close()
        finally:
            card_slots.unregister(cfg)


def test_with_the_camera_down_the_scan_page_says_go_to_a_window(qtbot, tmp_path):
    cfg = app_config(tmp_path, "kiosk", OFFLINE, **{"devices.camera.backend": "none"})
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(lambda: "camera" in win.bridge.last_status, timeout=5000)
        assert win.bridge.last_status["camera"].health is Health.ABSENT
        click(win, "start")
        click(win, "consent_agree")
        win.rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        item = win.rt.catalog.items[0]
        win.choose_item(item.code)
        click(win, "guide_next")
        win.keyboard.set_target(win.form.editors["phone"])
        win.keyboard.insert("13800138000")
        click(win, "form_next")
        assert win.current_page() == "scan"
        assert win.material_msg.text() == steps_text("camera")
        click(win, "home")  # the next citizen is told too: the camera is still down
        assert win.material_msg.text() == steps_text("camera")
    finally:
        bridge.close()


MOVE_IN = "440604-GA-0003"  # 户口迁移: asks 是否委托他人代为办理？


def test_the_agent_question_follows_whose_card_was_read(qtbot, tmp_path):
    from core.identity import check_digit, mask_name

    cfg = app_config(tmp_path, "kiosk", OFFLINE)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    card = identity(name="代办测试")
    try:
        qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
        click(win, "guides")
        win.choose_item(MOVE_IN)
        win.scenario.answer("move_type", 0)
        # Not asked blindly: taken as the applicant's own card until said otherwise.
        assert win.scenario.answers() == {"move_type": 0, "agent": 0}
        click(win, "guide_next")
        click(win, "consent_agree")
        win.rt.devices.virtual_reader.present(card)
        qtbot.waitUntil(lambda: win.current_page() == "form", timeout=5000)
        form = win.pages["form"]
        assert form.who_buttons[0].isChecked() and form.who_buttons[0].height() >= 60
        assert win.case.applied_by == "self" and win.case.agent is None
        assert win.form.editors["applicant_name"].text() == mask_name(card.name)

        click(win, "applies_agent")  # 代他人办理: the card read is the agent's
        case = win.case
        assert case.applied_by == "agent" and case.agent.name == card.name
        assert case.applicant.name == "" and win.answers["agent"] == 1
        assert {"M-AGT-001", "M-ID-002"} <= {m.code for m in case.materials}
        name = win.form.editors["applicant_name"]
        assert name.text() == "" and not name.isReadOnly()  # the applicant's details are typed
        applicant_id = "44060419800101001" + check_digit("44060419800101001")
        typed = {
            "applicant_name": "被代办人",
            "id_number": applicant_id,
            "birth_date": "1980-01-01",
            "hukou_address": "广东省佛山市禅城区代办路2号",
            "phone": "13800138000",
            "target_address": "广东省佛山市禅城区新家路3号",
        }
        for key, value in typed.items():
            win.form.editors[key].setText(value)
        for key in ("gender", "move_type"):
            win.form.editors[key].setCurrentIndex(1)
        click(win, "form_next")
        assert win.current_page() == "scan", {k: e.text() for k, e in win.form.errors.items()}
        assert win.case.applicant.name == "被代办人"
        assert win.case.applicant.id_number == applicant_id
        assert win.case.agent.id_number == card.id_number

        # the card's face is being filled in on the background lane: the buttons wait
        qtbot.waitUntil(lambda: all(b.isEnabled() for b in win.pages["scan"].nav_buttons))
        click(win, "back_form")
        click(win, "applies_self")  # back to 本人办理: the card's values again
        assert win.case.applied_by == "self" and win.case.agent is None
        assert win.case.applicant.name == card.name
        assert "M-AGT-001" not in {m.code for m in win.case.materials}
    finally:
        bridge.close()
