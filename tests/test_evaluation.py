"""好差评 after a service, at the kiosk and at the counter.

The panel on its own, then the real apps: a real runtime (store, outbox,
sync worker, virtual devices) and the reference back office over HTTP on
loopback; offline, the evaluation waits in the outbox and goes later.
"""

from __future__ import annotations

import requests
from PySide6.QtWidgets import QPushButton

from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, click, sign_in_clerk, take_in_one_case
from tests.test_kiosk_flow import _walk_to_done
from widgets.evaluation import EvaluationPanel
from wire.records import EVALUATION_REASONS, Evaluation, EvaluationLevel


def _evaluations_at(bo) -> list[dict]:
    """The evaluations the back office received, as it stores them."""
    out = []
    for row in bo.store.list_records("evaluation"):
        kind, body = bo.store.get_record(row["id"])
        assert kind == "evaluation"
        out.append(body)
    return out


def _local_evaluations(rt) -> list:
    return [e for e in rt.store.entries() if e.kind == "evaluation"]


def _kiosk(qtbot, tmp_path, url):
    win, bridge = make_window(app_config(tmp_path, "kiosk", url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    win.thanks_ms = 200
    return win, bridge


def _assert_no_rating_in_logs(tmp_path, *secrets: str) -> None:
    logs = list(tmp_path.rglob("*.log")) + list(tmp_path.rglob("*.log.*"))
    assert logs
    for path in logs:
        body = path.read_text(encoding="utf-8", errors="replace")
        for secret in secrets:
            assert secret not in body, f"{secret!r} leaked into {path}"


# ---------------------------------------------------------------- the panel


def test_panel_levels_reasons_submit_and_skip(qtbot):
    panel = EvaluationPanel()
    qtbot.addWidget(panel)
    panel.show()
    names = [panel.level_buttons[lv].accessibleName() for lv in (5, 4, 3, 2, 1)]
    assert names == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert not panel.submit_btn.isEnabled(), "nothing chosen yet"
    assert all(b.height() >= 100 for b in panel.level_buttons.values()), "touch-sized"

    panel.level_buttons[3].click()
    assert not panel.reasons_box.isVisible(), "no reasons asked for 基本满意"
    panel.level_buttons[2].click()
    assert panel.reasons_box.isVisible()
    assert set(panel.chips) == set(EVALUATION_REASONS)
    assert all(c.height() >= 56 for c in panel.chips.values())

    got: list[tuple[int, list]] = []
    panel.submitted.connect(lambda lv, rs: got.append((lv, rs)))
    panel.submit_btn.click()
    assert got == [] and "原因" in panel.msg.text(), "a 差评 needs a reason"
    panel.chips["device_hard"].click()
    panel.chips["wait_long"].click()
    assert panel.chips["wait_long"].text().startswith("✓")
    panel.submit_btn.click()
    panel.submit_btn.click()  # a second tap while saving sends nothing more
    assert got == [(2, ["wait_long", "device_hard"])]
    assert panel.state == "sending" and not panel.level_buttons[5].isEnabled()
    panel.show_error("磁盘已满")
    assert panel.state == "choose" and panel.msg.text() == "磁盘已满"
    assert panel.level() is EvaluationLevel.DISSATISFIED, "the choice is kept for a retry"
    panel.show_thanks()
    assert panel.done_box.isVisible() and not panel.choose_box.isVisible()

    # Reasons never travel with a good level, even if chips were left checked.
    panel.reset("受理编号 FS01-K01-20260101-0001")
    assert panel.level() is None and not any(c.isChecked() for c in panel.chips.values())
    panel.level_buttons[1].click()
    panel.chips["other"].click()
    panel.level_buttons[5].click()
    assert panel.reasons() == [] and not panel.reasons_box.isVisible()

    skipped: list[bool] = []
    panel.skipped.connect(lambda: skipped.append(True))
    panel.skip_btn.click()
    assert skipped == [True] and panel.state == "skipped" and panel.again_btn.isVisible()
    panel.again_btn.click()
    assert panel.state == "choose" and panel.level() is None


def test_the_back_office_refuses_reasons_with_a_good_level(backoffice):
    """The rule is the record's own, so a device cannot send a 好评 with 差评 reasons."""
    good = Evaluation(hall_code="FS01", device_code="K01", level=EvaluationLevel.SATISFIED)
    url = f"{backoffice.url}/api/v1/evaluations/{good.id}"
    bad = requests.put(url, json={**good.body(), "reasons": ["wait_long"]}, timeout=5)
    assert bad.status_code == 422
    shouted = requests.put(
        url, json={**good.body(), "level": 1, "reasons": ["Wait Long"]}, timeout=5
    )
    assert shouted.status_code == 422
    assert requests.put(url, json=good.body(), timeout=5).status_code == 201
    assert _evaluations_at(backoffice) == [good.body()]


# ---------------------------------------------------------------- the kiosk


def test_kiosk_rating_reaches_backoffice_linked_to_the_case(qtbot, tmp_path, backoffice):
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url)
    try:
        _walk_to_done(qtbot, win, identity())
        case = win.submitted
        assert win.evaluation.isVisible() and win.evaluation.state == "choose"
        click(win, "eval_level_5")
        click(win, "eval_submit")  # saved on the background lane
        qtbot.waitUntil(lambda: win.evaluation.state == "thanks", timeout=10000)
        qtbot.waitUntil(lambda: win.current_page() == "home", timeout=5000)
        qtbot.waitUntil(lambda: len(_evaluations_at(backoffice)) == 1, timeout=15000)
        (body,) = _evaluations_at(backoffice)
        assert body["case_id"] == case.id and body["receipt_no"] == case.receipt_no
        assert body["level"] == 5 and body["reasons"] == [] and body["channel"] == "kiosk"
        assert (body["hall_code"], body["device_code"]) == ("FS01", "K01")
        assert body["staff"] == ""
        assert case.applicant.name not in str(body) and case.applicant.id_number not in str(body)
    finally:
        bridge.close()


def test_kiosk_bad_rating_with_reasons_survives_the_idle_wipe(qtbot, tmp_path, backoffice):
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url)
    win.thanks_ms = 60_000  # the idle wipe comes first
    try:
        _walk_to_done(qtbot, win, identity())
        case = win.submitted
        click(win, "eval_level_2")
        click(win, "eval_reason_wait_long")
        click(win, "eval_reason_materials_unclear")
        win.resize(1280, 800)  # with the reasons open the page still fits the screen
        qtbot.waitUntil(lambda: win.size().height() == 800, timeout=2000)
        click(win, "eval_submit")
        win.idle.expired.emit()  # the citizen walks away during the thank-you
        assert win.current_page() == "home" and win.submitted is None
        assert win.evaluation.state == "choose" and win.evaluation.level() is None
        qtbot.waitUntil(lambda: len(_evaluations_at(backoffice)) == 1, timeout=15000)
        (body,) = _evaluations_at(backoffice)
        assert body["case_id"] == case.id and body["level"] == 2
        assert body["reasons"] == ["wait_long", "materials_unclear"]
    finally:
        bridge.close()
    _assert_no_rating_in_logs(tmp_path, "wait_long", "materials_unclear", "不满意")


def test_kiosk_skip_or_walking_away_stores_nothing(qtbot, tmp_path, backoffice):
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url)
    try:
        _walk_to_done(qtbot, win, identity())
        case = win.submitted
        click(win, "eval_skip")
        assert win.current_page() == "done", "skipping keeps the receipt number on screen"
        assert win.evaluation.state == "skipped"
        click(win, "eval_again")  # changed their mind, picks a level, then walks away
        click(win, "eval_level_4")
        win.idle.expired.emit()
        assert win.current_page() == "home"
        qtbot.waitUntil(lambda: backoffice.store.get_case(case.id) is not None, timeout=15000)
        assert _local_evaluations(win.rt) == []
        assert _evaluations_at(backoffice) == []
    finally:
        bridge.close()


def test_kiosk_rating_offline_is_queued_then_sent(qtbot, tmp_path):
    from backoffice.server import BackgroundBackoffice

    # Reserve a port, then leave it closed while the kiosk works offline.
    bo = BackgroundBackoffice(tmp_path / "bo", port=0)
    bo.start()
    url, port = bo.url, bo.port
    bo.stop()
    win, bridge = _kiosk(qtbot, tmp_path, url)
    try:
        qtbot.waitUntil(lambda: win.status.banner.isVisible(), timeout=10000)
        _walk_to_done(qtbot, win, identity())
        case = win.submitted
        click(win, "eval_level_1")
        click(win, "eval_reason_staff_attitude")
        click(win, "eval_submit")
        qtbot.waitUntil(lambda: win.evaluation.state == "thanks", timeout=10000)
        (entry,) = _local_evaluations(win.rt)
        assert entry.state in ("queued", "retry", "uploading")
        qtbot.waitUntil(lambda: win.current_page() == "home", timeout=5000)
        with BackgroundBackoffice(tmp_path / "bo", port=port) as bo2:
            win.rt.sync.sync_now()
            qtbot.waitUntil(lambda: len(_evaluations_at(bo2)) == 1, timeout=20000)
            (body,) = _evaluations_at(bo2)
            assert body["case_id"] == case.id and body["level"] == 1
            assert body["reasons"] == ["staff_attitude"]
            qtbot.waitUntil(
                lambda: [e.state for e in _local_evaluations(win.rt)] == ["done"], timeout=10000
            )
    finally:
        bridge.close()


# ---------------------------------------------------------------- the counter


def _counter_intake(qtbot, win, bo) -> None:
    sign_in_clerk(qtbot, win, bo)
    take_in_one_case(qtbot, win)


def test_counter_applicant_rates_at_the_window(qtbot, tmp_path, backoffice):
    win, bridge = make_window(app_config(tmp_path, "counter", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    win.thanks_ms = 200
    try:
        _counter_intake(qtbot, win, backoffice)
        case = win.submitted
        # The applicant declines at first: nothing is kept, the clerk may ask again.
        screen = win.customer_screen  # the citizen's screen, not the clerk's
        qtbot.waitUntil(screen.isVisible, timeout=5000)
        assert "C0012 测试员" in screen.serving.text() and not screen.rating
        click(win, "ask_evaluation")
        assert win.current_page() == "evaluate" and screen.rating
        assert "评价屏" in win.pages["evaluate"].note.text()
        levels = [b for b in win.findChildren(QPushButton) if b.objectName().startswith("eval_")]
        assert [b.objectName() for b in levels if b.isVisible()] == ["eval_stop"], (
            "the rating cannot be given from the clerk's screen"
        )
        click(screen, "eval_skip")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=5000)
        assert "未评价" in win.eval_note.text() and not screen.rating
        assert _local_evaluations(win.rt) == []
        click(win, "ask_evaluation")
        assert case.receipt_no in win.evaluation.context.text()
        click(screen, "eval_level_3")
        click(screen, "eval_submit")
        qtbot.waitUntil(lambda: win.evaluation.state == "thanks", timeout=10000)
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=5000)
        assert not win.ask_eval_btn.isEnabled() and "已评价" in win.eval_note.text()
        assert "基本满意" not in win.eval_note.text(), "the clerk is not shown the rating"
        qtbot.waitUntil(lambda: len(_evaluations_at(backoffice)) == 1, timeout=15000)
        (body,) = _evaluations_at(backoffice)
        assert body["channel"] == "counter" and body["staff"] == "C0012"
        assert body["case_id"] == case.id and body["receipt_no"] == case.receipt_no
        assert body["level"] == 3 and body["device_code"] == "C01"
        click(win, "new_intake")
        assert win.ask_eval_btn.isEnabled() and win.eval_note.text() == ""
    finally:
        bridge.close()
