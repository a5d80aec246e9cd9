"""The documents themselves (no printer): every field each kind must carry, masking,
full-width punctuation and the yuan sign, JSON round trip for the job store, 补打 mark."""

from __future__ import annotations

import datetime as dt

import pytest

from core.case import DeliveryMethod
from core.errors import CaseError
from core.ids import check_code
from core.receipt import (
    QR,
    Cut,
    Document,
    KeyValue,
    Picture,
    Rule,
    Text,
    Title,
    acceptance_receipt,
    clean_text,
    deficiency_notice,
    mark_reprint,
    one_time_notice,
    pickup_slip,
    queue_ticket,
    tracking_payload,
)
from onewindow.print_samples import (
    AT,
    CLERK,
    HALL,
    TERMINAL,
    rare_name_identity,
    sample_case,
    sample_item,
)


def flat(doc: Document) -> str:
    return "".join(doc.plain_text().split())


def test_receipt_carries_every_field():
    item = sample_item()
    case = sample_case(item=item, express_address="广东省佛山市禅城区示例街道幸福路88号")
    doc = acceptance_receipt(
        case, hall_name=HALL, terminal=TERMINAL, clerk=CLERK, printed_at=AT, item=item
    )
    text = flat(doc)
    assert doc.kind == "receipt" and doc.ref == case.receipt_no
    expected = [
        "受理回执",
        HALL,
        f"受理编号：{case.receipt_no}",
        f"办理事项：{case.item_name}",
        "申请人：张*三（440***********3716）",
        "代办人：欧**华（330***********4283）",
        f"承诺时限：{item.promised_days}个工作日（自材料补齐之日起计算）",
        "承诺办结日期：按期补齐材料的，不晚于2026年03月23日",
        "送达方式：快递送达（广东省佛山市********）",
        f"受理窗口：{TERMINAL}",
        f"经办人：{CLERK}",
        "受理时间：2026-03-02 09:30",
        "咨询电话：12345",
    ]
    for field in expected:
        assert "".join(field.split()) in text, field
    received = [m for m in case.materials if m.files]
    assert len(received) == 5
    for m in received:
        assert f"{m.name}（" in text and f"，{m.pages}页）" in text
    营业执照 = next(m for m in received if m.name == "营业执照")
    assert f"营业执照（原件1份、复印件1份，{营业执照.pages}页）" in text
    (d,) = case.deficiencies
    assert f"{d.name}，请于2026年03月09日前补交" in text
    assert doc.qr_payloads() == [tracking_payload(case)]
    assert tracking_payload(case) == (
        f"http://127.0.0.1:8765/track/{case.receipt_no}?c={check_code(case.id)}"
    )
    assert f"校验码：{check_code(case.id)}" in doc.plain_text()
    for secret in (case.applicant.name, case.applicant.id_number, "幸福路88号"):
        assert secret not in doc.plain_text()
    assert isinstance(doc.blocks[-1], Cut)


def test_receipt_without_item_agent_or_deficiency_and_weekday_fallback_note():
    case = sample_case(deficiency=False, agent=False)
    case.deadline_note = "法定节假日数据未更新，按周一至周五计算，以实际通知为准"
    case.delivery.method = DeliveryMethod.WINDOW
    case.channel = "kiosk"
    doc = acceptance_receipt(case, hall_name=HALL, terminal="K01（自助终端）")
    text = flat(doc)
    assert "代办人" not in text and "待补正" not in text and "经办人" not in text
    assert "自助终端：K01（自助终端）" in text and "送达方式：窗口取件" in text
    assert "注：法定节假日数据未更新，按周一至周五计算，以实际通知为准" in text


def test_queue_ticket_fields():
    doc = queue_ticket(
        "A023", "社保医保", 5, HALL, at=dt.datetime(2026, 3, 2, 9, 0), area="一楼A区"
    )
    text = flat(doc)
    for field in ("排队号", "A023", "业务类别：社保医保", "前面等候：5人", "等候区域：一楼A区"):
        assert field in text
    assert "取号时间：2026-03-0209:00" in text and doc.ref == "A023"
    number = next(b for b in doc.blocks if isinstance(b, Text) and b.text == "A023")
    assert number.size == 3 and number.bold


def test_one_time_notice_lists_everything_the_item_needs():
    item = sample_item()
    doc = one_time_notice(item, hall_name=HALL, printed_at=AT)
    text = flat(doc)
    for field in (
        "一次性告知书",
        f"事项名称：{item.name}",
        f"事项编码：{item.code}",
        f"实施机关：{item.department}",
        f"法定时限：{item.statutory_days}个工作日",
        f"承诺时限：{item.promised_days}个工作日",
        f"收费标准：{item.fee}",
        "".join(f"办理地点：{item.place}".split()),
        "".join(f"办理时间：{item.hours}".split()),
        "到现场次数：1次，最多跑一次",
        "咨询电话：12345",
        "本告知书所列材料之外，不要求申请人提交其他证明材料。",
    ):
        assert field in text, field
    for c in item.conditions:
        assert "".join(c.split()) in text
    for m in item.materials:
        counts = "、".join(
            x for x in (f"原件{m.originals}份" if m.originals else "",
                        f"复印件{m.copies}份" if m.copies else "") if x
        )  # fmt: skip
        assert f"{m.name}（{counts}" in text, m.name
    allowed = [m for m in item.materials if m.deficiency_allowed]
    assert allowed and all(f"{m.name}（" in text for m in allowed)
    assert "可容缺后补" in text


def test_one_time_notice_of_an_on_the_spot_item_with_fee_in_yuan():
    item = sample_item().model_copy(
        update={"promised_days": 0, "fee": "工本费¥20.00元", "onsite_visits": 0}
    )
    text = flat(one_time_notice(item, hall_name=HALL))
    assert "承诺时限：即办件，当场办结" in text
    assert "收费标准：工本费￥20.00元" in text  # ¥ (4-byte GB18030) printed as ￥
    assert "到现场次数：0次，无需到现场（零跑动）" in text


def test_deficiency_notice_and_pickup_slip():
    item = sample_item()
    case = sample_case(item=item)
    doc = deficiency_notice(case, hall_name=HALL, terminal=TERMINAL, clerk=CLERK, item=item)
    text = flat(doc)
    (d,) = case.deficiencies
    for field in (
        "补正材料通知书",
        f"受理编号：{case.receipt_no}",
        "申请人：张*三（440***********3716）",
        "您于2026年03月02日申请的上述事项已容缺受理",
        "第三十二条",
        f"1.{d.name}（原件1份）",
        "补正期限：2026年03月09日前",
        "请于2026年03月09日前携带本通知书",
        f"经办人：{CLERK}",
    ):
        assert field in text, field
    assert doc.qr_payloads() == [tracking_payload(case)]
    with pytest.raises(CaseError):
        deficiency_notice(sample_case(deficiency=False), hall_name=HALL, terminal=TERMINAL)

    slip = pickup_slip(case, hall_name=HALL, window=TERMINAL, ready_on=dt.date(2026, 3, 16))
    text = flat(slip)
    for field in (
        "取件凭条",
        f"受理编号：{case.receipt_no}",
        f"办理事项：{case.item_name}",
        "申请人：张*三（440***********3716）",
        "办理结果：已办结，待取件",
        "办结日期：2026年03月16日",
        f"取件地点：{HALL}{TERMINAL}",
        "申请人身份证原件",
    ):
        assert field in text, field
    assert slip.qr_payloads() == [tracking_payload(case)]


def test_rare_name_characters_stay_and_are_masked_like_any_other():
    case = sample_case(applicant=rare_name_identity(), agent=False)
    doc = acceptance_receipt(case, hall_name=HALL, terminal=TERMINAL)
    assert "申请人：𠇔*明（420***********0533）" in flat(doc)


def test_clean_text_twins_and_invisible_characters():
    assert clean_text("¥20•5−1\u00a0a\u200bb\tc\u0007") == "￥20·5－1 ab c"
    assert (
        clean_text("，。：；？！“”（）") == "，。：；？！“”（）"
    )  # lone full-width punctuation kept
    assert clean_text("𠇔䶮") == "𠇔䶮"
    assert KeyValue("收费", "¥5").value == "￥5"
    assert Title("e\u0301").text == "é"  # NFC


def test_document_json_round_trip_and_reprint_mark():
    doc = Document("receipt", ref="FS01-K01-20260302-0007").add(
        Title("受理回执"),
        Text("居中", align="center", bold=True, size=2, hang=3),
        KeyValue("受理编号", "FS01-K01-20260302-0007"),
        Rule("="),
        QR('{"t":"onewindow-case"}', caption="扫码"),
        Picture.from_png(b"\x89PNG fake", width=0.3),
        Cut(),
    )
    back = Document.from_json(doc.to_json())
    assert back == doc
    with pytest.raises(ValueError):
        Document.from_dict({"kind": "x", "blocks": [{"t": "nope"}]})

    again = mark_reprint(doc, dt.datetime(2026, 3, 3, 10, 5), by="C0012")
    assert again.blocks[0] == doc.blocks[0]
    assert again.blocks[1] == Text("【补打】2026-03-03 10:05 C0012", align="center", bold=True)
    assert again.blocks[2:] == doc.blocks[1:] and len(doc.blocks) == 7  # original untouched
