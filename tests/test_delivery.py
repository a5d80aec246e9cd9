"""邮寄送达 (issue 16, item 8): the structured address, the recipient's mobile, the
waybill at 出件.

The checks of core.delivery and core.divisions on their own; then a real counter
(store, outbox, sync worker, virtual card reader, virtual camera and virtual ESC/POS
printer) against the reference back office over HTTP on loopback: an express case
taken in with a structured address reaches the back office with it, its receipt
masks the phone and the street; decided READY, it is posted at 出件 with the
waybill read from a Code128 label on the virtual camera, another with a scanner
gun's burst; both slips print the waybill, the trails and the back office's pages
show it.
"""

from __future__ import annotations

import re

import pytest
import requests
from PySide6.QtCore import Qt

import assets
from backoffice.server import BackgroundBackoffice
from core.case import CaseState, Delivery, DeliveryMethod
from core.delivery import express_delivery, masked_address, parse_mobile, parse_waybill
from core.divisions import load_divisions
from core.errors import DeliveryError
from core.ids import check_code
from core.receipt import acceptance_receipt
from emulators.waybill import SAMPLE_WAYBILL, demo_desk
from onewindow.gui import make_window
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import make_submitted_case
from tests.gui_helpers import app_config, click, scan_required, sign_in_clerk
from tests.test_review_pages import Page, staff

bo_server = fx.bo_server
catalog_file = fx.catalog_file

TABLE = load_divisions(assets.path("divisions/gb2260.json"))
PHONE = "13812341234"


def _tianhe(**kw) -> Delivery:
    args = dict(
        province_code="440000",
        city_code="440100",
        district_code="440106",
        detail="体育西路191号中石化大厦B座2001",
        recipient_name="测试用户",
        phone=PHONE,
    )
    return express_delivery(TABLE, **{**args, **kw})


# ---- the checks ----------------------------------------------------------------------
def test_the_table_holds_every_province_and_guangdong_in_full():
    assert len(TABLE.provinces) == 34
    cities = TABLE.below("440000")
    assert len(cities) == 21 and {c.name for c in cities} >= {"广州市", "佛山市", "东莞市"}
    assert sum(len(TABLE.below(c.code)) for c in cities) == 122
    assert TABLE.below("441900") == ()  # 东莞市: towns directly under the city
    assert TABLE.of("440309").name == "龙华区"


@pytest.mark.parametrize(
    ("phone", "code"),
    [
        ("1381234123", "delivery.phone_length"),
        ("138123412345", "delivery.phone_length"),
        ("138 1234 1234", "delivery.phone_length"),
        ("1381234123４", "delivery.phone_length"),  # a full-width digit
        ("12812341234", "delivery.phone_not_mobile"),
        ("02012341234", "delivery.phone_not_mobile"),
    ],
)
def test_a_bad_mobile_is_refused_with_what_is_wrong(phone, code):
    with pytest.raises(DeliveryError) as err:
        parse_mobile(phone)
    assert err.value.code == code
    assert "手机号码" in str(err.value) or "手机" in str(err.value)


def test_waybill_numbers_are_letters_and_digits_8_to_20():
    assert parse_waybill(" sf1234567890123 ") == "SF1234567890123"
    for bad in ("SF12345", "SF1234567890123456789", "SF-12345678", "运单12345678", ""):
        with pytest.raises(DeliveryError) as err:
            parse_waybill(bad)
        assert err.value.code == "delivery.bad_waybill"
        assert "8至20位" in str(err.value)


def test_the_address_is_checked_against_the_table_and_kept_structured():
    d = _tianhe()
    assert d.method is DeliveryMethod.EXPRESS
    assert (d.province, d.city, d.district) == ("广东省", "广州市", "天河区")
    assert d.address == "广东省广州市天河区体育西路191号中石化大厦B座2001"
    assert masked_address(d) == "广州市天河区 体育******"
    # A district of another city, a city of another province: refused.
    with pytest.raises(DeliveryError, match="区县"):
        _tianhe(district_code="440604")
    with pytest.raises(DeliveryError, match="城市"):
        _tianhe(city_code="110100")
    with pytest.raises(DeliveryError, match="详细地址"):
        _tianhe(detail="1号")
    # 东莞市 has no districts; a province the table does not break down takes typed words.
    assert _tianhe(city_code="441900", district_code="").address.startswith("广东省东莞市体育")
    bj = _tianhe(
        province_code="110000",
        city_code="",
        district_code="",
        city_name="北京市",
        district_name="朝阳区",
        detail="建国路88号",
    )
    assert bj.address == "北京市朝阳区建国路88号" and bj.district_code == ""
    # Old readers: a window delivery's body is what it was before the fields existed.
    assert Delivery().model_dump(mode="json") == {
        "method": "window",
        "address": "",
        "recipient_phone": "",
    }


def test_the_receipt_masks_the_phone_and_the_street():
    store_case = _case_with(_tianhe())
    text = acceptance_receipt(store_case, hall_name="测试大厅", terminal="C01").plain_text()
    assert "138****1234" in text and PHONE not in text
    assert "天河区 体育" in text and "中石化大厦" not in text
    assert "收件人 测**户 138****1234" in text


def _case_with(delivery: Delivery):
    from core.catalog import Catalog
    from core.intake import start_case
    from tests._backoffice_fixture import DEVICE_CATALOG, sample_identity

    item = Catalog.model_validate(DEVICE_CATALOG).item(fx.ITEM_CODE)
    case = start_case(
        item,
        sample_identity(),
        hall_code="FS01",
        device_code="C01",
        channel="counter",
        actor="C0012",
    )
    case.delivery = delivery
    case.receipt_no = "FS01-C01-20261203-0001"
    return case


# ---- the counter ---------------------------------------------------------------------
def _ready(qtbot, win, bo: BackgroundBackoffice, case_id: str) -> None:
    win.rt.sync.sync_now()
    qtbot.waitUntil(lambda: bo.store.case_status(case_id) is not None, timeout=15000)
    bo.store.set_state(case_id, CaseState.ACCEPTED, actor="clerk-b1")
    bo.store.set_state(case_id, CaseState.READY, actor="clerk-b1")
    if bo.store.get_case(case_id).deficiencies:  # 证件照片 left to 补正 (容缺)
        bo.store.waive_supplement(case_id, [], "rev-b1")
    win.rt.sync.sync_now()
    qtbot.waitUntil(lambda: win.rt.store.get_case(case_id).state is CaseState.READY, timeout=15000)


def _look_up(qtbot, win, receipt_no: str) -> None:
    page = win.pages["pickup"]
    win.pickup_receipt.setText(receipt_no)
    click(win, "pickup_lookup")
    qtbot.waitUntil(lambda: page.selected_express() is not None, timeout=5000)
    assert page.mail.isVisible()
    assert "邮寄送达" in win.pickup_prompt.text()


def _take_in_express(qtbot, win) -> str:
    """The intake at the window with 邮寄送达 chosen; the case id."""
    from tests.factories import identity

    win.rt.devices.virtual_reader.present(identity(name="测试用户"))
    qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
    click(win, "card_next")
    item = next(i for i in win.rt.catalog.items if not i.scenario and not i.for_company)
    win.select_item(item.code)
    click(win, "item_next")
    qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
    for key, ed in win.form.editors.items():
        if hasattr(ed, "isReadOnly") and not ed.isReadOnly() and not ed.text():
            ed.setText(PHONE if "phone" in key else "示例")
    scan_required(win, item)
    click(win, "choose_delivery")
    assert win.current_page() == "delivery"
    page = win.pages["delivery"]
    click(win, "delivery_express")
    assert page.address.isVisible()
    assert page.address.recipient.text() == "测试用户"  # the applicant, offered
    a = page.address
    a.city.setCurrentIndex(a.city.findData("440100"))
    a.district.setCurrentIndex(a.district.findData("440106"))
    a.detail.setText("体育西路191号中石化大厦B座2001")
    a.phone.setText("1381234123")  # one digit short: the words say so
    click(win, "delivery_ok")
    assert win.current_page() == "delivery"
    assert "11位" in page.msg.text() and "10位" in page.msg.text()
    a.phone.setText(PHONE)
    click(win, "delivery_ok")
    assert win.current_page() == "materials"
    assert "邮寄送达" in page.win.pages["materials"].delivery_btn.text()
    click(win, "submit")
    qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
    qtbot.waitUntil(lambda: win.print_state == "ok", timeout=10000)
    return win.submitted.id


def test_express_case_at_the_window_posted_with_its_waybill(
    qtbot, tmp_path, bo_server: BackgroundBackoffice
):
    desk = {"devices.camera.source": str(demo_desk(tmp_path / "desk"))}
    cfg = app_config(tmp_path, "counter", bo_server.url, **desk)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    bridge.start()
    try:
        sign_in_clerk(qtbot, win, bo_server)
        case_id = _take_in_express(qtbot, win)
        printer = win.rt.devices.virtual_printer
        receipt = printer.wait_jobs(1)[-1]
        assert "138****1234" in receipt.transcript and PHONE not in receipt.transcript
        assert "中石化大厦" not in receipt.transcript

        # The structured address reaches the back office.
        _ready(qtbot, win, bo_server, case_id)
        held = bo_server.store.get_case(case_id).delivery
        assert (held.province_code, held.city_code, held.district_code) == (
            "440000",
            "440100",
            "440106",
        )
        assert held.recipient_phone == PHONE and held.detail.startswith("体育西路191号")

        # 出件: the parcel's label under the document camera, its Code128 read.
        local = win.rt.store.get_case(case_id)
        click(win, "show_pickup")
        page = win.pages["pickup"]
        win.rt.devices.virtual_camera.select("01_application_form")  # no label yet
        _look_up(qtbot, win, local.receipt_no)
        click(win, "confirm_pickup")  # no waybill yet: the words say what to do
        assert "运单号" in win.pickup_msg.text()
        win.rt.devices.virtual_camera.select("06_waybill")
        qtbot.waitUntil(lambda: page.mail.waybill == SAMPLE_WAYBILL, timeout=10000)
        assert page.mail.carrier_code == "sf"  # the SF prefix names its carrier
        click(win, "confirm_pickup")
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)
        assert SAMPLE_WAYBILL in win.pickup_msg.text()
        slip = printer.wait_jobs(2)[-1]
        for text in (
            "办理结果：已邮寄",
            "快递公司：顺丰速运",
            f"运单号：{SAMPLE_WAYBILL}",
            "138****1234",
        ):
            assert text in slip.transcript, text
        assert PHONE not in slip.transcript
        after = win.rt.store.get_case(case_id)
        assert after.state is CaseState.DELIVERED and after.verify_trail()
        mailed = after.events[-1]
        assert mailed.kind == "mailed" and mailed.detail["waybill"] == SAMPLE_WAYBILL
        assert after.events[-2].detail["collector"] == "express"

        # The back office: the trail, the staff case page's facts, the public tracking page.
        qtbot.waitUntil(
            lambda: bo_server.store.case_status(case_id)["state"] == "delivered", timeout=15000
        )
        bo_case = bo_server.store.get_case(case_id)
        assert bo_case.verify_trail() and bo_case.events[-1].kind == "mailed"
        assert bo_case.state_reason == "邮寄送达"
        page_html = requests.get(
            f"{bo_server.url}/track/{local.receipt_no}",
            params={"c": check_code(case_id)},
            timeout=10,
        ).text
        assert SAMPLE_WAYBILL in page_html and "顺丰速运" in page_html
        assert PHONE not in page_html and "中石化大厦" not in page_html
        dept = win.rt.catalog.item(local.item_code).department
        staff(bo_server, "rev_post", "reviewer", dept=dept)  # the department's reviewer
        staff_page = Page(bo_server, "rev_post").http.get(
            f"{bo_server.url}/staff/cases/{case_id}", timeout=10
        )
        assert staff_page.status_code == 200
        facts = re.search(r'<dd id="delivery">(.*?)</dd>', staff_page.text)[1]
        assert "天河区 体育" in facts and "138****1234" in facts and PHONE not in facts
        assert SAMPLE_WAYBILL in re.search(r'<dd id="waybill">(.*?)</dd>', staff_page.text)[1]

        # A second express case: the waybill from a scanner gun's burst ending with Enter.
        other = make_submitted_case(win.rt.store, device_code="C01")
        other = other.model_copy(update={"delivery": _tianhe(district_code="440111")})
        win.rt.store.submit_case(other)
        _ready(qtbot, win, bo_server, other.id)
        win.rt.devices.virtual_camera.select("01_application_form")  # no label now
        click(win, "show_pickup")
        _look_up(qtbot, win, other.receipt_no)
        gun = page.mail.number
        qtbot.keyClicks(gun, "YT12-345")  # a bad read: refused with the rule
        qtbot.keyClick(gun, Qt.Key.Key_Return)
        assert "8至20位" in page.mail.msg.text() and page.mail.waybill == ""
        gun.clear()
        qtbot.keyClicks(gun, "1187654321098")
        qtbot.keyClick(gun, Qt.Key.Key_Return)
        assert page.mail.waybill == "1187654321098" and page.mail.carrier_code == "ems"
        click(win, "confirm_pickup")
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)
        slip = printer.wait_jobs(3)[-1]
        assert "运单号：1187654321098" in slip.transcript
        assert "快递公司：中国邮政EMS" in slip.transcript
        qtbot.waitUntil(
            lambda: bo_server.store.case_status(other.id)["state"] == "delivered", timeout=15000
        )
        assert bo_server.store.get_case(other.id).events[-1].detail["waybill"] == "1187654321098"
    finally:
        bridge.close()
