import datetime as dt
import uuid

import pytest

from core.case import CaseState, FileRef, MaterialStatus
from core.errors import CaseError
from core.ids import parse_receipt_number, receipt_number, uuid7
from core.intake import check_form, start_case, submit_case
from core.receipt import QR, acceptance_receipt, tracking_payload
from tests.factories import identity, item

SHA = "a" * 64


def _case(**kw):
    return start_case(
        kw.pop("item", item()),
        identity(),
        hall_code="FS01",
        device_code="K01",
        channel="kiosk",
        actor="citizen",
        **kw,
    )


def test_uuid7_is_version_7_and_time_ordered():
    a, b = uuid7(1_000), uuid7(2_000)
    assert uuid.UUID(a).version == 7
    assert a < b


def test_receipt_number_round_trips():
    r = receipt_number("FS01", "K01", dt.date(2026, 11, 24), 7)
    assert r == "FS01-K01-20261124-0007"
    assert parse_receipt_number(r) == {
        "hall": "FS01",
        "device": "K01",
        "date": "20261124",
        "seq": "0007",
    }


def test_start_case_prefills_from_the_card_and_lists_materials():
    c = _case()
    assert c.form["name"] == "测试甲"
    assert c.form["id_number"] == identity().id_number
    assert [m.code for m in c.materials] == ["M-ID", "M-PHOTO", "M-PROOF"]
    assert c.state is CaseState.DRAFT
    assert c.events[0].kind == "created"


def test_form_check_explains_each_problem():
    it = item()
    errors = check_form(it.form, {"name": "x", "id_number": "123", "phone": "12"})
    assert "格式" in errors["id_number"]
    assert "11位" in errors["phone"]
    assert (
        check_form(
            it.form, {"name": "x", "id_number": identity().id_number, "phone": "13800138000"}
        )
        == {}
    )


def test_submit_refuses_a_missing_required_material_that_cannot_wait():
    c = _case()
    c.form["phone"] = "13800138000"
    with pytest.raises(CaseError, match="居民身份证"):
        submit_case(c, item(), receipt_no="FS01-K01-20261124-0001", actor="citizen")
    assert c.state is CaseState.DRAFT


def test_submit_with_deficiency_and_commitment():
    c = _case()
    c.form["phone"] = "13800138000"
    c.add_file("M-ID", FileRef(name="id.jpg", size=10, sha256=SHA))
    c.commitment_signed = True
    submit_case(
        c, item(), receipt_no="FS01-K01-20251009-0001", actor="citizen", today=dt.date(2025, 9, 30)
    )
    assert c.state is CaseState.SUBMITTED
    assert [d.code for d in c.deficiencies] == ["M-PHOTO"]
    # 5 working days after 2025-09-30: Oct 1-8 are off, Saturday Oct 11 is a
    # swapped working day, so Oct 9, 10, 11, 13, 14.
    assert c.deficiencies[0].due == dt.date(2025, 10, 14)
    # The promise counts from complete materials: 5 working days after the 补正 deadline.
    assert c.promised_date == dt.date(2025, 10, 21)
    proof = next(m for m in c.materials if m.code == "M-PROOF")
    assert proof.status is MaterialStatus.COMMITMENT
    with pytest.raises(CaseError, match="已提交"):
        c.add_file("M-PHOTO", FileRef(name="p.jpg", size=1, sha256=SHA))


def test_state_machine_and_tamper_evident_trail():
    c = _case()
    c.form["phone"] = "13800138000"
    c.add_file("M-ID", FileRef(name="id.jpg", size=10, sha256=SHA))
    c.add_file("M-PROOF", FileRef(name="proof.jpg", size=10, sha256=SHA))
    submit_case(c, item(), receipt_no="FS01-K01-20261124-0002", actor="citizen")
    with pytest.raises(CaseError):
        c.transition(CaseState.DELIVERED, "backoffice")
    c.transition(CaseState.SYNCED, "sync")
    c.transition(CaseState.ACCEPTED, "backoffice")
    assert c.verify_trail()
    tampered = c.model_copy(deep=True)
    tampered.events[1] = tampered.events[1].model_copy(update={"actor": "someone else"})
    assert not tampered.verify_trail()
    dropped = c.model_copy(deep=True)
    del dropped.events[1]
    assert not dropped.verify_trail()


def test_body_digest_ignores_back_office_state_but_not_content():
    c = _case()
    d0 = c.body_digest()
    c.state_reason = "x"
    assert c.body_digest() == d0
    c.form["phone"] = "13900000000"
    assert c.body_digest() != d0


def test_receipt_masks_applicant_and_carries_tracking_qr():
    c = _case()
    c.form["phone"] = "13800138000"
    c.add_file("M-ID", FileRef(name="id.jpg", size=10, sha256=SHA))
    c.commitment_signed = True
    submit_case(c, item(), receipt_no="FS01-K01-20261124-0003", actor="citizen")
    doc = acceptance_receipt(c, hall_name="测试大厅", terminal="K01")
    text = doc.plain_text()
    assert "FS01-K01-20261124-0003" in text
    assert "测*甲" in text
    assert c.applicant.id_number not in text
    assert "居民身份证（1页）" in text
    assert "证件照片" in text and "补交" in text
    assert "告知承诺：收入证明" in text
    qr = [b for b in doc.blocks if isinstance(b, QR)]
    assert qr and qr[0].payload == tracking_payload(c)
    assert c.applicant.name not in qr[0].payload
