"""Every document kind through a real TCP connection to the virtual printer, decoded back.

No mocks: NetworkPrinter (python-escpos Network) talks ESC/POS over loopback
to VirtualPrinterServer, which decodes the bytes into a transcript and a
PNG preview. Text mode is checked line by line against the transcript;
both modes are checked by finding every printed line in the PNG and by
reading the QR code back from the PNG with OpenCV.
"""

from __future__ import annotations

import socket

import pytest
from PIL import Image

from core.receipt import QR, Cut, Document, KeyValue, Picture, Text, Title, tracking_payload
from drivers.base import PrinterError, PrinterState
from drivers.printer import glyphs
from drivers.printer.escpos_text import render_text
from drivers.printer.layout import columns_for, in_printer_font, text_columns, wrap
from drivers.printer.network import NetworkPrinter
from drivers.printer.render import document_bytes, effective_mode
from emulators.virtual_printer import INLINE_IMAGE, EscPosDecoder, VirtualPrinterServer
from onewindow.print_samples import (
    CLERK,
    HALL,
    TERMINAL,
    rare_name_identity,
    sample_case,
    sample_document,
    sample_item,
)
from tests.printer_helpers import (
    decode_qr,
    expected_transcript_text,
    flat,
    missing_lines,
    printed_lines,
)

KINDS = ("ticket", "receipt", "notice", "deficiency", "pickup", "supplement")


@pytest.fixture(scope="module")
def case():
    return sample_case(express_address="广东省佛山市禅城区示例街道幸福路88号")


@pytest.fixture
def server(tmp_path):
    with VirtualPrinterServer(tmp_path / "vp") as srv:
        yield srv


def printer_for(srv: VirtualPrinterServer, **kw) -> NetworkPrinter:
    kw.setdefault("status_timeout", 0.3)
    return NetworkPrinter("127.0.0.1", srv.port, paper_mm=srv.paper_mm, **kw)


def content_of(doc: Document) -> list[str]:
    """Every piece of text a document holds (each must reach paper)."""
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Title | Text):
            out.append(b.text)
        elif isinstance(b, KeyValue):
            out.append(f"{b.key}：{b.value}")
        elif isinstance(b, QR) and b.caption:
            out.append(b.caption)
    return out


KEY_FIELDS = {
    "ticket": ["B023", "业务类别：许可经营", "前面等候：5人", "取号时间：2026-03-0209:30"],
    "receipt": [
        "申请人：张*三（440***********3716）",
        "代办人：欧**华（330***********4283）",
        "承诺办结日期：按期补齐材料的，不晚于2026年03月23日",
        "承诺时限：10个工作日（自材料补齐之日起计算）",
        f"受理窗口：{TERMINAL}",
        f"经办人：{CLERK}",
        "受理时间：2026-03-0209:30",
        "送达方式：快递送达（广东省佛山市********）",
        "请于2026年03月09日前补交",
    ],
    "notice": ["一次性告知书", "事项编码：440604-XK-0002", "法定时限：20个工作日"],
    "deficiency": ["补正期限：2026年03月09日前", "申请人：张*三（440***********3716）"],
    "pickup": ["办理结果：已办结，待取件", f"取件地点：{HALL}{TERMINAL}"],
    "supplement": ["补正回执", "材料已补齐。", "承诺办结日期：2026年03月16日"],
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("mode", ["text", "raster"])
def test_every_document_prints_and_decodes_back(tmp_path, case, kind, mode):
    doc = sample_document(kind, case=case)
    with VirtualPrinterServer(tmp_path / "vp") as srv:
        p = printer_for(srv, mode=mode)
        p.print_document(doc)
        (job,) = srv.wait_jobs(1)
        p.close()
    assert job.lines[-1] == "[CUT]"
    if mode == "text":
        assert job.raw.startswith(b"\x1b@\x1c&")  # ESC @, then FS & (Chinese mode on)
        assert b"\x1dv0" not in job.raw  # nothing sent as an image
        text_lines = [ln for ln in job.lines if not ln.startswith("[")]
        assert text_lines == [expected_transcript_text(x) for x in printed_lines(doc, 80)]
        body = flat(job.transcript)
        for piece in content_of(doc) + KEY_FIELDS[kind]:
            assert flat(piece) in body, piece
        if kind != "ticket" and kind != "notice":
            assert case.receipt_no in body and case.item_name in body
        assert all(text_columns(ln) <= columns_for(80) for ln in text_lines)
        assert case.applicant.name not in job.transcript
        assert case.applicant.id_number not in job.transcript
    else:
        rasters = [ln for ln in job.lines if ln.startswith("[RASTER")]
        assert rasters and all(ln.startswith("[RASTER 576x") for ln in rasters)
        assert all(int(ln[:-1].split("x")[1]) <= 256 for ln in rasters)  # sent in fragments
        assert b"\x1c&" not in job.raw
    assert missing_lines(job.png_path, doc, 80) == []
    qr = [p for p in doc.qr_payloads()]
    assert job.qr_payloads == (qr if mode == "text" else [])
    if qr:
        assert qr == [tracking_payload(case)]
        assert decode_qr(job.png_path) == tracking_payload(case)


@pytest.mark.parametrize("mode", ["text", "raster"])
def test_58mm_receipt_fits_and_scans(tmp_path, case, mode):
    doc = sample_document("receipt", case=case)
    with VirtualPrinterServer(tmp_path / "vp", paper_mm=58) as srv:
        printer_for(srv, mode=mode).print_document(doc)
        (job,) = srv.wait_jobs(1)
    assert Image.open(job.png_path).width == 384
    if mode == "text":
        text_lines = [ln for ln in job.lines if not ln.startswith("[")]
        assert all(text_columns(ln) <= 32 for ln in text_lines)
        assert text_lines == [expected_transcript_text(x) for x in printed_lines(doc, 58)]
    else:
        assert all(ln.startswith("[RASTER 384x") for ln in job.lines[:-1])
    assert missing_lines(job.png_path, doc, 58) == []
    assert decode_qr(job.png_path) == tracking_payload(case)


def test_rare_name_characters_go_inline_as_24_dot_images(server):
    """𠇔 (CJK Ext. B, four GB18030 bytes) and 䶮 (Ext. A, FE9F: not in printer fonts)
    are drawn and sent as ESC * images in their place; the rest stays text."""
    person = rare_name_identity()
    case = sample_case(applicant=person, agent=False)
    doc = sample_document("receipt", case=case).add(Text("代办人：䶮*（示例）"), Cut())
    assert not in_printer_font("𠇔") and not in_printer_font("䶮")
    assert in_printer_font("￥") and in_printer_font("，") and in_printer_font("堃")
    assert effective_mode(doc, "text") == "mixed"
    printer_for(server).print_document(doc)
    first, second = server.wait_jobs(2)
    assert f"申请人：{INLINE_IMAGE}*明（420***********0533）" in first.lines
    assert f"代办人：{INLINE_IMAGE}*（示例）" in second.lines
    expected = [glyphs.to_mono(glyphs.glyph(c)).tobytes() for c in ("𠇔", "䶮")]
    got = [img.tobytes() for img in (*first.inline_images, *second.inline_images)]
    assert got == expected
    assert b"\x1dv0" not in first.raw  # no raster image for a whole line
    assert len(first.raw) < 2000
    assert missing_lines(first.png_path, sample_document("receipt", case=case), 80) == []


def test_rare_character_in_an_enlarged_line_goes_as_a_small_raster(server):
    doc = Document("ticket").add(Text("𠇔A01", align="center", bold=True, size=3), Cut())
    printer_for(server).print_document(doc)
    (job,) = server.wait_jobs(1)
    (raster,) = [ln for ln in job.lines if ln.startswith("[RASTER")]
    width = int(raster[8:].split("x")[0])
    assert width < 576 // 2  # just the text, not a whole-width band
    assert missing_lines(job.png_path, doc, 80) == []


def test_full_width_punctuation_and_yuan_round_trip(server):
    lines = ["收费：¥20.00，“一次办”。（含工本费）", "。", "：", "——", "……"]
    doc = Document("notice").add(*(Text(x) for x in lines), KeyValue("咨询电话", "12345"), Cut())
    assert effective_mode(doc, "text") == "text"
    data = document_bytes(doc, mode="text")
    assert "收费：￥20.00，“一次办”。（含工本费）".encode("gb18030") in data
    printer_for(server).print_document(doc)
    (job,) = server.wait_jobs(1)
    assert job.lines[:5] == ["收费：￥20.00，“一次办”。（含工本费）", "。", "：", "——", "……"]
    assert "咨询电话：12345" in job.lines


def test_wrapping_keeps_ascii_runs_and_punctuation_rules():
    assert wrap("受理编号：FS01-K01-20261124-0007", 32) == ["受理编号：FS01-K01-20261124-0007"]
    lines = wrap("一二三四五六七八九十一二三四五，六七", 32)
    assert not lines[1].startswith("，")
    assert all(text_columns(ln) <= 32 for ln in lines)
    assert not any(ln.endswith("（") for ln in wrap("一二三四五六七八九十一二三四五（六七）", 32))


def test_numbered_lines_hang_under_their_text(server, case):
    doc = sample_document("receipt", case=case)
    printer_for(server).print_document(doc)
    (job,) = server.wait_jobs(1)
    i = next(i for i, ln in enumerate(job.lines) if ln.startswith("4. "))
    assert job.lines[i + 1].startswith("   ") and not job.lines[i + 1].startswith("    ")


def test_picture_is_dithered_and_sent_as_raster_in_text_mode(server):
    import io

    grad = Image.linear_gradient("L").resize((256, 64))  # black → white
    buf = io.BytesIO()
    grad.save(buf, "PNG")
    doc = Document("notice").add(Title("示例"), Picture.from_png(buf.getvalue(), 0.5), Cut())
    printer_for(server).print_document(doc)
    (job,) = server.wait_jobs(1)
    assert job.lines[0] == "示例" and job.lines[1].startswith("[RASTER 288x")
    raster = Image.open(job.png_path).convert("L")
    band = raster.crop((144, 70, 432, 130))
    # Dithered: about as much ink as the grey level asks for, in a mix of dots.
    dark = sum(1 for v in band.get_flattened_data() if v < 128) / (band.width * band.height)
    assert 0.3 < dark < 0.7


def test_status_then_print_on_one_connection_and_confirmation(server):
    p = printer_for(server)
    assert p.status() is PrinterState.OK
    p.print_document(sample_document("ticket"))
    p.print_document(sample_document("ticket"))
    jobs = server.wait_jobs(2)
    assert [j.lines[2] for j in jobs] == ["B023", "B023"]
    assert server.connections == 1
    # DLE EOT 1-4 once alone, 1-4 before each job and 1 after each job to confirm it.
    assert server.status_queries == 4 + 2 * 5


def test_decoder_handles_bytes_split_anywhere(case):
    person = rare_name_identity()
    data = render_text(sample_document("receipt", case=sample_case(applicant=person)), 58)
    whole: list[list[str]] = []
    split: list[list[str]] = []
    EscPosDecoder(lambda b: None, lambda j: whole.append(j.transcript), lambda n: 0x12).feed(data)
    dec = EscPosDecoder(lambda b: None, lambda j: split.append(j.transcript), lambda n: 0x12)
    for i in range(len(data)):
        dec.feed(data[i : i + 1])
    assert whole == split and len(whole) == 1


def test_missing_fs_ampersand_shows_as_mojibake():
    data = render_text(Document("t").add(Text("受理回执"), Cut())).replace(b"\x1c&", b"")
    out: list[list[str]] = []
    EscPosDecoder(lambda b: None, lambda j: out.append(j.transcript), lambda n: 0x12).feed(data)
    assert "受理回执" not in out[0]


def test_text_mode_bytes_stay_small(case):
    doc = sample_document("receipt", case=sample_case(deficiency=False))
    assert len(document_bytes(doc, mode="text")) <= 3072
    assert len(document_bytes(doc, mode="raster")) > 10 * len(document_bytes(doc, mode="text"))


def test_silent_or_missing_printer_is_offline(server):
    server.respond_status = False
    p = printer_for(server, status_timeout=0.2)
    assert p.status() is PrinterState.OFFLINE
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    gone = NetworkPrinter("127.0.0.1", free, connect_timeout=0.5)
    with pytest.raises(PrinterError) as info:
        gone.print_document(sample_document("ticket"))
    assert info.value.state is PrinterState.OFFLINE
    assert "连接不上网络打印机" in info.value.params["detail"]


def test_item_fixture_is_the_six_material_item():
    assert len(sample_item().materials) == 6


def test_line_finder_notices_a_line_that_is_not_on_paper(server, case):
    """The PNG check can fail: a receipt printed without one field is caught."""
    doc = sample_document("receipt", case=case)
    shorter = Document("receipt", ref=doc.ref, blocks=[
        b for b in doc.blocks if not (isinstance(b, KeyValue) and b.key == "经办人")
    ])  # fmt: skip
    printer_for(server, mode="raster").print_document(shorter)
    (job,) = server.wait_jobs(1)
    assert missing_lines(job.png_path, doc, 80) == [f"经办人：{CLERK}"]
    assert missing_lines(job.png_path, shorter, 80) == []
