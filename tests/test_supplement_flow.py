"""补正 end to end (issue 14, item 3): a case taken at the counter with two materials
missing (容缺) is refused at 出件, completed from the kiosk (found by the card through
the back office, both materials scanned on the virtual document camera), the 补正回执
printed and decoded from the virtual printer, and only then handed out at the counter.

Real parts: the reference back office over HTTP on loopback with the shipped
catalog, two app runtimes (kiosk and counter) with their stores, outboxes, sync
workers, virtual card readers, cameras and ESC/POS printers.
"""

from __future__ import annotations

import datetime as dt

import pytest

import assets
from backoffice.server import BackgroundBackoffice
from core.case import CaseState
from core.catalog import Catalog, FieldType
from core.credit_code import SAMPLE_CODE
from core.ids import check_code
from core.intake import start_case
from onewindow.gui import make_window
from services.submission import submit
from tests import _backoffice_fixture as fx
from tests.factories import identity
from tests.gui_helpers import app_config, click, sign_in_clerk

ITEM = "440604-XK-0001"  # 食品经营许可（新办）: three materials may wait (容缺)
LATER = ("M-FS-003", "M-FS-004")  # 经营场所…示意图, 主要设备设施清单
LATER_NAMES = ("经营场所和设备布局、操作流程示意图", "主要设备设施清单")
APPLICANT = identity()


@pytest.fixture
def bo(tmp_path):
    with BackgroundBackoffice(tmp_path / "backoffice") as server:  # the shipped catalog
        yield server


def _counter_case(rt):
    """A counter case of ITEM with every material but LATER scanned, submitted."""
    item = Catalog.load(assets.sample_catalog()).item(ITEM)
    case = start_case(
        item,
        APPLICANT,
        hall_code="FS01",
        device_code="C01",
        channel="counter",
        actor="C0012",
        answers={"form": 0, "agent": 0},  # 餐饮服务: three materials may wait
    )
    examples = {
        FieldType.PHONE: "13800138000",
        FieldType.DATE: "2026-03-01",
        FieldType.CREDIT_CODE: SAMPLE_CODE,
    }
    for f in item.form:
        if not case.form.get(f.key):
            if f.type is FieldType.CHOICE:
                case.form[f.key] = f.choices[0]
            elif f.type is FieldType.ID_NUMBER:
                case.form[f.key] = APPLICANT.id_number
            else:
                case.form[f.key] = examples.get(f.type, "示例")
    for m in case.materials:
        if m.code not in LATER:
            case.add_file(m.code, rt.store.save_file(fx.fake_jpeg(m.code), "p.jpg", "image/jpeg"))
    return submit(rt, case, item, actor="C0012"), item


def _open(qtbot, tmp_path, role, url):
    win, bridge = make_window(app_config(tmp_path, role, url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    return win, bridge


def test_two_missing_materials_handed_in_at_the_kiosk_before_the_counter_hands_out(
    qtbot, tmp_path, bo: BackgroundBackoffice
):
    counter, cbridge = _open(qtbot, tmp_path, "counter", bo.url)
    kiosk, kbridge = _open(qtbot, tmp_path, "kiosk", bo.url)
    try:
        case, item = _counter_case(counter.rt)
        assert [d.code for d in case.deficiencies] == list(LATER)
        # The promise counts from complete materials: never before a 补正 deadline.
        assert case.promised_date >= max(d.due for d in case.deficiencies)
        counter.rt.sync.sync_now()
        qtbot.waitUntil(lambda: bo.store.case_status(case.id) is not None, timeout=15000)
        bo.store.set_state(case.id, CaseState.ACCEPTED, actor="rev1")
        bo.store.set_state(case.id, CaseState.READY, actor="rev1")
        counter.rt.sync.sync_now()
        qtbot.waitUntil(
            lambda: counter.rt.store.get_case(case.id).state is CaseState.READY, timeout=15000
        )
        counter.refresh_cases()
        sign_in_clerk(qtbot, counter, bo)

        # The counter's list shows the 补正 due; 出件 is refused, naming both materials.
        click(counter, "show_cases")
        rows = [counter.cases_list.item(i).text() for i in range(counter.cases_list.count())]
        assert any("待补正" in r and LATER_NAMES[1] in r for r in rows), rows
        assert "1 件待补交" in counter.findChild(type(counter.cases_msg), "supplement_due").text()
        click(counter, "show_pickup")
        counter.rt.devices.virtual_reader.present(APPLICANT)
        qtbot.waitUntil(lambda: counter.pickup_list.count() == 1, timeout=5000)
        assert "待补正" in counter.pickup_list.item(0).text()  # the clerk sees it before 确认
        click(counter, "confirm_pickup")
        qtbot.waitUntil(lambda: LATER_NAMES[0] in counter.pickup_msg.text(), timeout=10000)
        assert (
            LATER_NAMES[1] in counter.pickup_msg.text() and "不能出件" in counter.pickup_msg.text()
        )
        assert counter.rt.store.get_case(case.id).state is CaseState.READY

        # The kiosk: 补交材料 → a wrong check code is refused; the card finds the case.
        click(kiosk, "supplement")
        assert kiosk.current_page() == "supplement_find"
        find = kiosk.pages["supplement_find"]
        find.receipt.setText(case.receipt_no)
        find.code.setText("00000000" if check_code(case.id) != "00000000" else "11111111")
        click(kiosk, "supplement_lookup")  # asked on the background lane
        qtbot.waitUntil(lambda: "没有找到" in find.msg.text(), timeout=10000)
        assert kiosk.current_page() == "supplement_find"
        click(kiosk, "supplement_card")
        assert kiosk.current_page() == "consent"
        click(kiosk, "consent_agree")
        kiosk.rt.devices.virtual_reader.present(APPLICANT)
        qtbot.waitUntil(lambda: kiosk.current_page() == "supplement", timeout=10000)
        page = kiosk.pages["supplement"]
        panel = page.panel
        (found,) = panel.cases
        assert found.case_id == case.id and [o.code for o in found.owed] == list(LATER)
        assert APPLICANT.name not in found.applicant
        rows = [panel.owed_list.item(i).text() for i in range(panel.owed_list.count())]
        assert all("请于" in r for r in rows) and LATER_NAMES[0] in rows[0]
        assert not page.submit_btn.isEnabled()  # nothing scanned yet
        qtbot.waitUntil(lambda: panel.camera.last_frame is not None, timeout=10000)
        for code in LATER:
            panel.choose_material(code)
            assert panel.camera.capture(accept=True)
            qtbot.waitUntil(lambda code=code: bool(panel.camera.pages(code)), timeout=10000)
        assert set(panel.pages()) == set(LATER) and page.submit_btn.isEnabled()
        click(kiosk, "supplement_submit")
        qtbot.waitUntil(lambda: kiosk.current_page() == "supplement_done", timeout=15000)
        done = kiosk.pages["supplement_done"]
        qtbot.waitUntil(lambda: done.print_state == "ok", timeout=10000)
        assert "材料已补齐" in done.result_msg.text()

        # The 补正回执, decoded from the virtual printer's ESC/POS.
        slip = kiosk.rt.devices.virtual_printer.wait_jobs(1)[-1]
        assert slip.lines[0] == "补正回执"
        body = "".join(slip.transcript.split())
        for text in (case.receipt_no, *LATER_NAMES, "材料已补齐。", "自材料补齐之日起计算"):
            assert "".join(text.split()) in body, text
        days = item.promised_days
        assert f"承诺时限：{days}个工作日" in body
        assert APPLICANT.name not in slip.transcript and APPLICANT.id_number not in body

        # The back office has both files in the case's trail and nothing owed any more.
        qtbot.waitUntil(lambda: bo.store.owed_of(case.id)["materials"] == [], timeout=15000)
        held = bo.store.get_case(case.id)
        assert held.verify_trail() and held.events[-1].kind == "supplement"
        assert held.events[-1].detail["materials"] == list(LATER)

        # Only now the counter hands it out.
        counter.new_pickup()
        counter.rt.devices.virtual_reader.present(APPLICANT)
        qtbot.waitUntil(lambda: counter.pickup_list.count() == 1, timeout=5000)
        click(counter, "confirm_pickup")
        qtbot.waitUntil(lambda: counter.pickup_print_state == "ok", timeout=10000)
        assert counter.rt.store.get_case(case.id).state is CaseState.DELIVERED
        qtbot.waitUntil(
            lambda: bo.store.case_status(case.id)["state"] == "delivered", timeout=15000
        )
        assert dt.date.today() <= case.promised_date
    finally:
        kbridge.close()
        cbridge.close()


def test_the_kiosk_marks_a_material_for_later_at_once_and_undoes_it(qtbot, tmp_path, bo):
    kiosk, bridge = _open(qtbot, tmp_path, "kiosk", bo.url)
    try:
        catalog = kiosk.rt.catalog
        item = next(
            i
            for i in catalog.items
            if not i.scenario and any(m.deficiency_allowed for m in i.materials)
        )
        kiosk.identity = APPLICANT
        kiosk.item = item
        kiosk.case = kiosk.start_case()
        kiosk.intake.refresh_checklist()
        kiosk.show_page("scan")
        qtbot.waitUntil(lambda: kiosk.ops.pending == 0, timeout=5000)  # the card's face filled
        codes = [m.code for m in kiosk.case.materials]
        later = next(m.code for m in item.materials if m.deficiency_allowed)
        must = next(m.code for m in item.materials if not m.deficiency_allowed)
        kiosk.checklist.setCurrentRow(codes.index(must))
        assert not kiosk.pages["scan"].defer_btn.isVisible()  # it may not wait
        row = codes.index(later)
        kiosk.checklist.setCurrentRow(row)
        assert kiosk.pages["scan"].defer_btn.isVisible()
        click(kiosk, "scan_defer")
        assert "容缺后补" in kiosk.checklist.item(row).text()
        assert "待扫描" not in kiosk.checklist.item(row).text()
        assert "暂缺" in kiosk.material_msg.text()
        click(kiosk, "scan_defer")  # 撤销暂缺
        assert "待扫描" in kiosk.checklist.item(row).text()
        assert kiosk.pages["scan"].defer_btn.text() == "暂缺，稍后补交"
        click(kiosk, "scan_defer")
        kiosk.reset_session()  # the next citizen starts with nothing marked
        assert kiosk.intake.deferred == set()
    finally:
        bridge.close()
