"""``onewindow backoffice audit export CASE_ID --pdf FILE`` (issue 13 item 8): the printed trail.

The PDF is read back as a reader would: pikepdf for its pages and fonts, Qt's
PDF module (PDFium) for its text. Qt's PDF writer maps some CJK glyphs to
the radical code points that share them (⼈ for 人), so the text is
NFKC-normalised before it is searched. A tampered store still
gets its PDF, the break named on it, and exit 1.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from backoffice.store import BackofficeStore
from backoffice.store.chain import key_id
from core.case import Case, CaseState
from onewindow.cli import main
from sync.store import LocalStore
from tests._backoffice_fixture import APPLICANT_ID, APPLICANT_NAME, make_submitted_case
from tests.test_audit_verify import sql


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """A back-office data folder with one case sealed by its enrolled device, then accepted,
    and one from a device that registered no key."""
    device = LocalStore(tmp_path / "device")
    bo = BackofficeStore(tmp_path / "bo")
    try:
        bo.enrol(bo.create_enrolment("FS01", "K01"), "FS01", "K01", device.signer.public_text)
        sealed = make_submitted_case(device)
        sealed.seal = device.signer.seal(sealed)
        unsigned = make_submitted_case(device, device_code="K02")
        for case in (sealed, unsigned):
            for m in case.materials:
                for ref in m.files:
                    bo.put_file(
                        ref.id,
                        device.read_file(ref.id),
                        ref.sha256,
                        owner=f"FS01/{case.device_code}",
                    )
            bo.put_case(case)
        bo.set_state(sealed.id, CaseState.ACCEPTED, actor="ann", audit_as="staff:ann")
    finally:
        bo.close()
        device.close()
    yield tmp_path / "bo"


def stored(data: Path) -> list[Case]:
    bo = BackofficeStore(data)
    try:
        cases = [bo.get_case(row[0]) for row in bo.sealed_cases()]
    finally:
        bo.close()
    assert all(c is not None for c in cases)
    return cases  # type: ignore[return-value]


def export(data: Path, case_id: str, pdf: Path) -> int:
    return main(["backoffice", "audit", "export", case_id, "--data", str(data), "--pdf", str(pdf)])


def pdf_text(path: Path) -> str:
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    try:
        text = "\n".join(doc.getAllText(i).text() for i in range(doc.pageCount()))
    finally:
        doc.close()
    return unicodedata.normalize("NFKC", text)


def test_a_trail_prints_as_an_a4_pdf_with_every_event_and_no_personal_data(
    data: Path, tmp_path: Path, qapp: object, capsys: pytest.CaptureFixture[str]
) -> None:
    case = stored(data)[0]
    pdf = tmp_path / "trail.pdf"
    assert export(data, case.id, pdf) == 0
    assert "完整 / intact" in capsys.readouterr().out
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 1
        assert [round(float(v)) for v in doc.pages[0].mediabox] == [0, 0, 595, 842]  # A4
        fonts = [f for _, f in doc.pages[0].Resources.Font.items()]
        assert fonts and all(  # every font embedded: the CJK glyphs travel with the file
            "/FontFile2" in d or "/FontFile3" in d
            for f in fonts
            for d in [(f.DescendantFonts[0] if "/DescendantFonts" in f else f).FontDescriptor]
        )
        assert str(doc.docinfo.Title) == f"办件全过程记录 {case.receipt_no}"
    text = pdf_text(pdf)
    assert "办件全过程记录" in text and case.receipt_no in text and case.item_name in text
    assert f"共 {len(case.events)} 条" in text and "完整" in text
    assert "有效" in text  # its device's seal holds
    for ev in case.events:
        assert ev.hash[:16] in text
    assert "状态变更:待受理 → 已受理" in text and "申请人" in text  # NFKC: the full-width colon
    bo = BackofficeStore(data)
    try:
        assert key_id(bo.audit_signer.public) in text
    finally:
        bo.close()
    # 页 comes back as ⻚ (a radical NFKC leaves alone): the page number, not the word
    assert "导出时间" in text and "第 1 " in text and "/ 共 1 " in text
    for personal in (APPLICANT_NAME, APPLICANT_ID, APPLICANT_ID[-6:], "测试路"):
        assert personal not in text


def test_an_unsigned_case_says_so_and_an_unknown_one_is_a_usage_error(
    data: Path, tmp_path: Path, qapp: object
) -> None:
    case = stored(data)[1]
    assert export(data, case.id, tmp_path / "t.pdf") == 0
    assert "设备签章 无" in pdf_text(tmp_path / "t.pdf")
    assert export(data, "no-such-case", tmp_path / "none.pdf") == 2
    assert not (tmp_path / "none.pdf").exists()


def test_an_event_rewritten_with_the_key_prints_the_break_and_exits_1(
    data: Path, tmp_path: Path, qapp: object, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = stored(data)[0]
    ev = victim.events[1]
    victim.events[1] = ev.model_copy(update={"actor": "someone else"})
    bo = BackofficeStore(data)
    try:
        body = bo._seal(victim)
    finally:
        bo.close()
    sql(data, "UPDATE cases SET body = ? WHERE id = ?", params=(body, victim.id))
    pdf = tmp_path / "broken.pdf"
    assert export(data, victim.id, pdf) == 1
    assert f"event 1 ({ev.kind}): content changed" in capsys.readouterr().err
    text = pdf_text(pdf)
    assert "未通过核验" in text and "事件内容被改动" in text
    assert "设备签章 未核验" in text and victim.receipt_no in text
    assert f"event 1 ({ev.kind}): content changed" in " ".join(text.split())  # lines wrap


def test_content_changed_and_resealed_breaks_the_device_seal(
    data: Path, tmp_path: Path, qapp: object
) -> None:
    # whoever holds the back office's keys rewrites the content and the row's digest:
    # the trail still chains, the device's signature does not
    victim = stored(data)[0]
    victim.form["note"] = "changed"
    bo = BackofficeStore(data)
    try:
        body = bo._seal(victim)
    finally:
        bo.close()
    sql(
        data,
        "UPDATE cases SET body = ?, digest = ? WHERE id = ?",
        params=(body, victim.body_digest(), victim.id),
    )
    assert export(data, victim.id, tmp_path / "seal.pdf") == 1
    text = pdf_text(tmp_path / "seal.pdf")
    assert "全过程记录 完整" in text and "设备签章 无效" in text
    assert "设备签名与内容不符" in text and "signature does not match" in " ".join(text.split())


def test_a_body_changed_at_rest_still_prints_its_receipt_and_the_break(
    data: Path, tmp_path: Path, qapp: object
) -> None:
    victim = stored(data)[1]
    bo = BackofficeStore(data)
    try:
        (body,) = bo._db.execute("SELECT body FROM cases WHERE id = ?", (victim.id,)).fetchone()
        changed = bytearray(body)
        changed[len(changed) // 2] ^= 0x01
        bo._db.execute("UPDATE cases SET body = ? WHERE id = ?", (bytes(changed), victim.id))
    finally:
        bo.close()
    assert export(data, victim.id, tmp_path / "rest.pdf") == 1
    text = pdf_text(tmp_path / "rest.pdf")
    assert victim.receipt_no in text and "未通过核验" in text
    assert "已被改动" in text and "事件记录无法列出" in text
    assert "changed at rest" in " ".join(text.split())
