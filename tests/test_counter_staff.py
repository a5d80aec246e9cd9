"""Staff accounts at the window against a real back office over HTTP: a made-up name
cannot sign in, wrong passwords lock the login here, only window roles of this hall,
offline sign-in from the sealed cache of an earlier online one, sign-out ends the staff
token, the idle lock keeps the work and opens with the same clerk's password."""

from __future__ import annotations

from pathlib import Path

import pytest

import services.staff_session as staff_session
from onewindow.gui import make_window
from services.staff_session import CACHE_FILE, MAX_FAILURES, StaffDesk, StaffSignInError
from sync.client import BackofficeClient
from sync.store import LocalStore
from tests.gui_helpers import TEST_CLERK_PASSWORD, add_clerk, app_config, click, sign_in_clerk


def _counter(qtbot, tmp_path: Path, url: str, **extra):
    win, bridge = make_window(app_config(tmp_path, "counter", url, **extra))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: win.pages["signin"].signin_btn.isEnabled(), timeout=10000)
    return win, bridge


def _try(qtbot, win, login: str, password: str, words: str) -> None:
    win.clerk_id.setText(login)
    win.clerk_password.setText(password)
    click(win, "signin")
    qtbot.waitUntil(lambda: words in win.signin_msg.text(), timeout=10000)
    assert win.current_page() == "signin" and win.staff is None


def test_a_made_up_clerk_cannot_sign_in_and_wrong_passwords_lock(
    qtbot, tmp_path: Path, backoffice
) -> None:
    add_clerk(backoffice)
    backoffice.store.add_staff("r0001", "审核甲", "reviewer", TEST_CLERK_PASSWORD)
    win, bridge = _counter(qtbot, tmp_path, backoffice.url)
    try:
        _try(qtbot, win, "x", "王五", "登录名或密码不对")  # the old "anyone" sign-in
        _try(qtbot, win, "r0001", TEST_CLERK_PASSWORD, "不是窗口人员的账号")
        for left in range(MAX_FAILURES - 1, 0, -1):
            _try(qtbot, win, "c0012", "wrong-password-x", f"还可以再试 {left} 次")
        _try(qtbot, win, "c0012", "wrong-password-x", "已暂时锁定")
        # Locked here: even the right password waits, and no request is spent on it.
        _try(qtbot, win, "c0012", TEST_CLERK_PASSWORD, "已暂时锁定")
        assert not win.signout_btn.isVisible()
    finally:
        bridge.close()


def test_sign_in_out_receipt_words_and_offline_sign_in(qtbot, tmp_path: Path, backoffice) -> None:
    win, bridge = _counter(qtbot, tmp_path, backoffice.url)
    try:
        sign_in_clerk(qtbot, win, backoffice)
        assert win.staff is not None and not win.staff.offline
        assert win.clerk == "C0012" and win.clerk_label == "C0012 测试员"
        assert "C0012 测试员" in win.header.text() and win.signout_btn.isVisible()
        token = win.staff.token
        assert backoffice.store.staff_for_token(token) is not None
        cache = (tmp_path / "counter" / CACHE_FILE).read_bytes()
        assert b"c0012" not in cache and TEST_CLERK_PASSWORD.encode() not in cache  # sealed
        click(win, "sign_out")
        assert win.current_page() == "signin" and win.staff is None
        qtbot.waitUntil(lambda: backoffice.store.staff_for_token(token) is None, timeout=10000)
        assert "C0012" not in win.header.text()
    finally:
        bridge.close()

    # The back office away: the same clerk signs in from this device's cache, others not.
    port = backoffice.port
    backoffice.stop()
    win, bridge = _counter(qtbot, tmp_path, f"http://127.0.0.1:{port}")
    try:
        _try(qtbot, win, "someone", "a-password-123", "没有在本机登录过")
        _try(qtbot, win, "c0012", "wrong-password-x", "登录名或密码不对")
        win.clerk_id.setText("c0012")
        win.clerk_password.setText(TEST_CLERK_PASSWORD)
        click(win, "signin")
        qtbot.waitUntil(lambda: win.current_page() == "card", timeout=10000)
        assert win.staff.offline and "离线登录" in win.header.text()
    finally:
        bridge.close()


def test_the_idle_lock_keeps_the_work_and_another_clerk_starts_afresh(
    qtbot, tmp_path: Path, backoffice
) -> None:
    add_clerk(backoffice, "c0013", "测试丁")
    win, bridge = _counter(qtbot, tmp_path, backoffice.url, **{"counter.lock_after_s": 2})
    try:
        sign_in_clerk(qtbot, win, backoffice)
        win.show_page("cases")
        qtbot.waitUntil(lambda: win.current_page() == "signin", timeout=10000)
        page = win.pages["signin"]
        assert "窗口已锁定" in page.heading.text() and "C0012 测试员" in page.hint.text()
        assert win.clerk_id.isReadOnly() and win.clerk_id.text() == "c0012"
        win.clerk_password.setText(TEST_CLERK_PASSWORD)
        click(win, "signin")
        qtbot.waitUntil(lambda: win.current_page() == "cases", timeout=10000)  # where it was
        assert win.clerk == "C0012"

        qtbot.waitUntil(lambda: win.current_page() == "signin", timeout=10000)  # again
        click(win, "signin_other")  # 换人登录
        assert win.staff is None and not win.clerk_id.isReadOnly()
        sign_in_clerk(qtbot, win, backoffice, "c0013", "测试丁")
        assert win.clerk == "C0013" and win.current_page() == "card"
    finally:
        bridge.close()


def test_another_halls_account_and_an_expired_offline_entry(
    tmp_path: Path, backoffice, monkeypatch
) -> None:
    backoffice.store.add_staff("c0099", "他厅乙", "clerk", TEST_CLERK_PASSWORD, "FS09")
    add_clerk(backoffice)
    store = LocalStore(tmp_path / "device")
    try:
        desk = StaffDesk(BackofficeClient(backoffice.url), store, tmp_path / "device", "FS01")
        with pytest.raises(StaffSignInError) as refused:
            desk.sign_in("c0099", TEST_CLERK_PASSWORD)
        assert refused.value.code == "staff.other_hall"
        supervisor = desk.sign_in("c0012", TEST_CLERK_PASSWORD)
        assert supervisor.may("hand_out") and not supervisor.may("reprint")
        with pytest.raises(StaffSignInError) as needs:
            desk.approve("c0012", TEST_CLERK_PASSWORD, "reprint")
        assert needs.value.code == "staff.needs_supervisor"

        away = StaffDesk(BackofficeClient("http://127.0.0.1:9"), store, tmp_path / "device", "FS01")
        assert away.sign_in("c0012", TEST_CLERK_PASSWORD).offline
        monkeypatch.setattr(staff_session, "OFFLINE_DAYS", 0)  # the last online sign-in: too old
        with pytest.raises(StaffSignInError) as expired:
            away.sign_in("c0012", TEST_CLERK_PASSWORD)
        assert expired.value.code == "staff.offline_expired"
    finally:
        store.close()
