"""进度查询 at the kiosk (issue 14 item 1): the receipt's QR read off the document camera,
the receipt number and check code typed, the ID card — another device's case from the
back office, and the kiosk's own cases when the back office cannot be reached.

A real kiosk window and runtime (virtual camera playing a folder holding the PNG the
virtual printer made of a printed receipt, virtual card reader) and the reference back
office over HTTP on loopback; a reviewer's decision shows on the kiosk.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import requests

from backoffice.server import BackgroundBackoffice
from core.case import Case
from core.identity import mask_name
from core.ids import check_code
from core.receipt import acceptance_receipt
from drivers.printer.network import NetworkPrinter
from emulators.virtual_printer import VirtualPrinterServer
from onewindow.gui import make_window
from sync.client import BackofficeClient
from sync.store import LocalStore
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import (
    APPLICANT_ID,
    APPLICANT_NAME,
    free_port,
    make_submitted_case,
    sample_identity,
)
from tests._staff_fixture import bearer, staff_token
from tests.gui_helpers import app_config, click

bo_server = fx.bo_server
catalog_file = fx.catalog_file


def counter_case(tmp_path: Path, bo: BackgroundBackoffice) -> Case:
    """A case taken at another hall's window (GZ01/C01), sent to the back office."""
    store = LocalStore(tmp_path / "other")
    try:
        case = make_submitted_case(store, hall_code="GZ01", device_code="C01")
        client = BackofficeClient(bo.url)
        for m in case.materials:
            for ref in m.files:
                client.upload_file(ref.id, store.read_file(ref.id), ref.sha256)
        client.put_case(case.id, case.body())
        client.close()
    finally:
        store.close()
    return case


def printed_receipt(tmp_path: Path, case: Case, template: str) -> Path:
    """The receipt as the virtual printer drew it, in a folder the virtual camera plays."""
    doc = acceptance_receipt(case, hall_name="测试大厅", terminal="C01", public_url=template)
    with VirtualPrinterServer(tmp_path / "vp") as srv:
        printer = NetworkPrinter("127.0.0.1", srv.port, paper_mm=80, status_timeout=0.3)
        printer.print_document(doc)
        (job,) = srv.wait_jobs(1)
        printer.close()
    desk = tmp_path / "desk"
    desk.mkdir()
    shutil.copy(job.png_path, desk / "receipt.png")
    return desk


def test_the_kiosk_finds_another_halls_case_by_qr_by_typing_and_by_card(
    qtbot, tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    bo = bo_server
    case = counter_case(tmp_path, bo)
    reviewer = staff_token(bo, "rev1", "reviewer")
    r = requests.post(
        f"{bo.url}/api/v1/cases/{case.id}/status",
        json={"state": "accepted"},
        headers=bearer(reviewer),
        timeout=5,
    )
    assert r.status_code == 200, r.text
    template = f"{bo.url}/track/{{receipt}}?c={{check}}"
    desk = printed_receipt(tmp_path, case, template)
    cfg = app_config(
        tmp_path,
        "kiosk",
        bo.url,
        **{"devices.camera.source": str(desk), "backoffice.public_url": template},
    )
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(lambda: win.pages["home"].progress_btn.isEnabled(), timeout=10000)
        click(win, "progress")
        assert win.current_page() == "progress"
        page, result = win.pages["progress_type"], win.pages["progress_list"]
        # 1. the receipt under the document camera: read, asked, shown
        qtbot.waitUntil(lambda: win.current_page() == "progress_list", timeout=20000)
        detail = result.detail.text()
        assert case.receipt_no in detail and "已受理，正在审查" in detail
        assert mask_name(APPLICANT_NAME) in detail and APPLICANT_NAME not in detail
        assert "测试局" in detail and not result.offline.isVisible()

        # 2. typed: a wrong check code reads as not received; the right one finds it
        click(win, "back_progress")
        click(win, "progress_type")
        assert page.keyboard.isVisible()
        page.receipt.setText(case.receipt_no)
        page.check.setText("")
        click(win, "progress_find")
        assert "校验码" in page.msg.text()
        page.check.setText("00000000")
        click(win, "progress_find")
        qtbot.waitUntil(lambda: "尚未收到" in page.msg.text(), timeout=10000)
        assert "设备联网后会上传" in page.msg.text()
        page.check.setText(check_code(case.id).lower())
        click(win, "progress_find")
        qtbot.waitUntil(lambda: win.current_page() == "progress_list", timeout=10000)
        assert case.receipt_no in result.detail.text()

        # 3. the card: every case of the holder, of any hall
        click(win, "back_progress")
        win.rt.devices.virtual_reader.present(sample_identity())
        qtbot.waitUntil(lambda: win.current_page() == "progress_list", timeout=10000)
        assert [b.text().splitlines()[1].split("　")[0] for b in result.row_buttons] == [
            case.receipt_no
        ]
        assert APPLICANT_ID not in result.detail.text()
        for b in result.row_buttons:
            assert b.height() >= 60
    finally:
        bridge.close()


def test_offline_the_kiosk_says_so_and_shows_its_own_cases(qtbot, tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    win, bridge = make_window(app_config(tmp_path, "kiosk", dead))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        own = make_submitted_case(win.rt.store, device_code="K01")
        win.rt.store.submit_case(own)
        qtbot.waitUntil(lambda: win.pages["home"].progress_btn.isEnabled(), timeout=10000)
        click(win, "progress")
        click(win, "progress_card")
        win.rt.devices.virtual_reader.present(sample_identity())
        qtbot.waitUntil(lambda: win.current_page() == "progress_list", timeout=20000)
        result = win.pages["progress_list"]
        assert result.offline.isVisible() and "暂时无法连接后台" in result.offline.text()
        assert own.receipt_no in result.detail.text()
        assert "已提交，等待上传" in result.detail.text()
        # by receipt: this kiosk's own case, offline
        click(win, "back_progress")
        click(win, "progress_type")
        page = win.pages["progress_type"]
        page.receipt.setText(own.receipt_no)
        page.check.setText(check_code(own.id))
        click(win, "progress_find")
        qtbot.waitUntil(lambda: win.current_page() == "progress_list", timeout=20000)
        assert result.offline.isVisible() and own.receipt_no in result.detail.text()
        click(win, "home")
        assert win.current_page() == "home" and result.detail.text() == ""
    finally:
        bridge.close()
