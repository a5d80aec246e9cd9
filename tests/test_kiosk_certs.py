"""证明打印 at the kiosk end to end: tile → card → choice → preview → A4 → done.

The back office over real HTTP with the shipped catalog; the A4 printer a
real CUPS queue (a private cupsd with cups-pdf, tests._cups). The PDF CUPS
wrote is found, its QR decoded (pdftoppm, zxing-cpp) and the verification
page it names opened. Offline, the kiosk says the service needs the network
and prints the item's guide on the receipt printer instead.
"""

from __future__ import annotations

import requests

from emulators.virtual_reader import sample_identities
from onewindow.gui import make_window
from tests._backoffice_fixture import free_port
from tests._cups import PrivateCups, private_cups  # noqa: F401 - the fixture
from tests.factories import identity
from tests.gui_helpers import app_config, click
from tests.test_certificates import qr_of_pdf

SOCIAL = "440604-MS-0001"  # 社会保险参保缴费证明打印


def _kiosk(qtbot, tmp_path, url: str, **extra):
    cfg = app_config(tmp_path, "kiosk", url, **extra)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
    return win, bridge


def _to_choice(qtbot, win, who) -> None:
    click(win, "certs")
    click(win, "consent_agree")  # the privacy notice before the card read
    assert win.current_page() == "card"
    win.rt.devices.virtual_reader.present(who)
    qtbot.waitUntil(lambda: win.current_page() == "certs", timeout=5000)


def test_a_certificate_printed_at_the_kiosk_arrives_from_cups_and_verifies(
    qtbot,
    tmp_path,
    backoffice,
    private_cups: PrivateCups,  # noqa: F811
) -> None:
    a4 = {
        "devices.a4.uri": f"cups://{private_cups.queue}",
        "devices.a4.server": private_cups.server,
    }
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url, **a4)
    who = sample_identities()[0]  # 张小三: the sample registry has his 参保缴费证明
    try:
        qtbot.waitUntil(lambda: win.rt.a4.ready, timeout=20000)
        _to_choice(qtbot, win, who)
        click(win, f"cert_{SOCIAL}")
        qtbot.waitUntil(lambda: win.current_page() == "cert_preview", timeout=60000)
        preview = win.pages["cert_preview"]
        assert not preview.preview.pixmap().isNull() and preview.preview.pixmap().height() >= 300
        code = preview.cert.code
        assert code in preview.info.text()
        click(win, "cert_print")
        qtbot.waitUntil(lambda: win.current_page() == "cert_done", timeout=60000)
        assert code in win.pages["cert_done"].done_msg.text()

        # CUPS wrote the PDF; its QR opens the verification page, which says it is valid.
        pdf = private_cups.wait_pdf()
        url = qr_of_pdf(pdf)
        assert url == f"{backoffice.url}/verify/{code}"
        page = requests.get(url, timeout=10)
        assert page.status_code == 200 and "有效" in page.text and "张*三" in page.text
        assert who.id_number not in page.text

        # The service is a case of its own, through the normal path: it syncs.
        case = win.submitted
        assert case is not None and case.item_code == SOCIAL and case.receipt_no
        assert any(e.kind == "certificate_printed" for e in case.events)
        assert all(who.id_number not in str(e.detail) for e in case.events)

        def handed_out() -> bool:  # the back office closes it at once: the paper is out
            r = requests.get(f"{backoffice.url}/api/v1/cases/{case.id}", timeout=5)
            return r.status_code == 200 and r.json()["state"] == "delivered"

        qtbot.waitUntil(handed_out, timeout=20000)
        # ... and the kiosk's store follows through the status feed
        qtbot.waitUntil(
            lambda: win.rt.store.get_case(case.id).state.value == "delivered", timeout=20000
        )
        click(win, "cert_finish")
        assert win.current_page() == "home" and win.identity is None
    finally:
        bridge.close()


def test_offline_the_kiosk_offers_the_guide_instead(qtbot, tmp_path) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"  # no back office answers here
    win, bridge = _kiosk(qtbot, tmp_path, nobody, **{"backoffice.timeout_s": 2})
    try:
        _to_choice(qtbot, win, sample_identities()[0])
        click(win, f"cert_{SOCIAL}")
        page = win.pages["certs"]
        qtbot.waitUntil(lambda: page.guide_btn.isVisible(), timeout=30000)
        assert "联网" in page.cert_msg.text()
        assert win.current_page() == "certs"
        click(win, "cert_guide")
        jobs = win.rt.devices.virtual_printer.wait_jobs(1)
        assert jobs and "社会保险参保缴费证明打印" in jobs[-1].transcript
        qtbot.waitUntil(lambda: "已打印" in page.cert_msg.text(), timeout=10000)
    finally:
        bridge.close()


def test_a_holder_without_a_record_is_sent_to_the_window(qtbot, tmp_path, backoffice) -> None:
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url)
    try:
        _to_choice(qtbot, win, identity(name="测试丙"))
        click(win, f"cert_{SOCIAL}")
        page = win.pages["certs"]
        qtbot.waitUntil(lambda: "没有查到" in page.cert_msg.text(), timeout=30000)
        assert win.current_page() == "certs" and not page.guide_btn.isVisible()
        assert win.rt.a4.virtual is not None and win.rt.a4.virtual.jobs == []
    finally:
        bridge.close()


def test_a_certificate_with_scenario_questions_is_recorded_too(qtbot, tmp_path, backoffice) -> None:
    """无犯罪记录证明 asks 本人/代办: the card holder applies for themself (virtual A4)."""
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url)
    try:
        qtbot.waitUntil(lambda: win.rt.a4.ready, timeout=10000)
        _to_choice(qtbot, win, sample_identities()[0])
        click(win, "cert_440604-GA-0009")
        qtbot.waitUntil(lambda: win.current_page() == "cert_preview", timeout=60000)
        click(win, "cert_print")
        qtbot.waitUntil(lambda: win.current_page() == "cert_done", timeout=60000)
        case = win.submitted
        assert case is not None and case.item_code == "440604-GA-0009" and case.receipt_no
        jobs = win.rt.a4.virtual.jobs
        assert len(jobs) == 1 and jobs[0][1].read_bytes().startswith(b"%PDF")
    finally:
        bridge.close()


def test_the_certificate_pages_have_finger_sized_targets(qtbot, qapp, tmp_path, backoffice) -> None:
    """At 1920×1080, everyday and 长辈模式: every target of the 证明打印 pages ≥ 60 px."""
    from tests.test_kiosk_targets import small_targets
    from widgets.theme import apply_theme

    apply_theme(qapp)
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url)
    win.resize(1920, 1080)
    small: list[str] = []
    try:
        qtbot.waitUntil(lambda: win.rt.a4.ready, timeout=10000)
        small += small_targets("home", win)
        for elder in (False, True):
            if elder:
                click(win, "elder")
            _to_choice(qtbot, win, sample_identities()[0])
            small += small_targets(f"certs{'_elder' * elder}", win)
            click(win, f"cert_{SOCIAL}")
            qtbot.waitUntil(lambda: win.current_page() == "cert_preview", timeout=60000)
            small += small_targets(f"cert_preview{'_elder' * elder}", win)
            click(win, "cert_print")
            qtbot.waitUntil(lambda: win.current_page() == "cert_done", timeout=60000)
            small += small_targets(f"cert_done{'_elder' * elder}", win)
            click(win, "cert_finish")
        assert not small, "smaller than a finger:\n" + "\n".join(small)
    finally:
        bridge.close()
        qapp.setStyleSheet("")
