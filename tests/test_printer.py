"""Receipts through a real TCP connection to the virtual printer, decoded back.

No mocks: NetworkPrinter talks ESC/POS over loopback to VirtualPrinterServer,
which decodes the bytes into a transcript and a PNG; the QR code is read
back from the PNG with OpenCV.
"""

from __future__ import annotations

import datetime as dt
import re
import socket

import cv2
import numpy as np
import pytest

from core.case import Case, FileRef
from core.catalog import Item, Material
from core.ids import receipt_number
from core.intake import start_case, submit_case
from core.receipt import (
    QR,
    Cut,
    Document,
    KeyValue,
    Text,
    Title,
    acceptance_receipt,
    queue_ticket,
    tracking_payload,
)
from drivers.base import PrinterError, PrinterState
from drivers.idcard.virtual import sample_identities
from drivers.printer.escpos_text import render_text
from drivers.printer.layout import columns_for, text_columns, wrap
from drivers.printer.network import NetworkPrinter, state_from_status
from drivers.printer.render import document_bytes, effective_mode
from drivers.printer.virtual_server import STATUS_BYTES, EscPosDecoder, VirtualPrinterServer

HALL = "佛山市禅城区政务服务中心"


def make_case() -> Case:
    item = Item(
        code="T-0001",
        name="城乡居民基本医疗保险参保登记",
        department="示例区医疗保障局",
        window_class="民生",
        promised_days=3,
        statutory_days=10,
        materials=(
            Material(code="M-ID", name="居民身份证"),
            Material(code="M-HK", name="户口簿", deficiency_allowed=True),
        ),
    )
    case = start_case(
        item,
        sample_identities()[0],
        hall_code="FS01",
        device_code="K01",
        channel="kiosk",
        actor="citizen",
    )
    case.add_file("M-ID", FileRef(name="id.jpg", size=1234, sha256="0" * 64), pages=2)
    day = dt.date(2026, 3, 2)
    return submit_case(
        case, item, receipt_no=receipt_number("FS01", "K01", day, 7), actor="citizen", today=day
    )


def receipt(case: Case) -> Document:
    return acceptance_receipt(
        case, hall_name=HALL, terminal="K01", printed_at=dt.datetime(2026, 3, 2, 9, 30)
    )


def ticket(number: str = "A023") -> Document:
    return queue_ticket(number, "社保医保", 5, HALL, at=dt.datetime(2026, 3, 2, 9, 0))


def decode_qr(path) -> str:
    img = cv2.imread(str(path))
    assert img is not None
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(img)
    return text


def ink(path) -> int:
    img = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    return int(np.count_nonzero(img < 128))


@pytest.fixture
def server(tmp_path):
    with VirtualPrinterServer(tmp_path / "vp") as srv:
        yield srv


def printer_for(srv: VirtualPrinterServer, **kw) -> NetworkPrinter:
    kw.setdefault("status_timeout", 0.3)
    return NetworkPrinter("127.0.0.1", srv.port, paper_mm=srv.paper_mm, **kw)


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_text_mode_receipt_round_trips(tmp_path, paper_mm):
    case = make_case()
    with VirtualPrinterServer(tmp_path / "vp", paper_mm=paper_mm) as srv:
        p = printer_for(srv, mode="text")
        p.print_document(receipt(case))
        (job,) = srv.wait_jobs(1)
        p.close()
    assert b"\x1c\x26" in job.raw  # FS & (Chinese mode on)
    flat = re.sub(r"\s+", "", job.transcript)
    for field in (case.receipt_no, "受理回执", case.item_name, "张*三", "440***********3716"):
        assert field in flat
    assert "户口簿" in flat  # the deficiency (容缺) is listed
    assert job.qr_payloads == [tracking_payload(case)]
    assert job.lines[-1] == "[CUT]"
    width = columns_for(paper_mm)
    assert all(text_columns(ln) <= width for ln in job.lines if not ln.startswith("["))
    assert job.png_path.exists() and ink(job.png_path) > 2000
    assert decode_qr(job.png_path) == tracking_payload(case)
    assert case.applicant.name not in job.transcript  # masked on the receipt
    assert case.applicant.id_number not in job.transcript


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_raster_mode_receipt_round_trips(tmp_path, paper_mm):
    case = make_case()
    with VirtualPrinterServer(tmp_path / "vp", paper_mm=paper_mm) as srv:
        printer_for(srv, mode="raster").print_document(receipt(case))
        (job,) = srv.wait_jobs(1)
    dots = 384 if paper_mm == 58 else 576
    rasters = [ln for ln in job.lines if ln.startswith("[RASTER")]
    assert rasters and all(ln.startswith(f"[RASTER {dots}x") for ln in rasters)
    assert all(int(ln[:-1].split("x")[1]) <= 256 for ln in rasters)  # fragments
    assert len(rasters) > 1
    assert b"\x1c\x26" not in job.raw
    assert ink(job.png_path) > 2000
    assert decode_qr(job.png_path) == tracking_payload(case)


@pytest.mark.parametrize("mode", ["text", "raster"])
def test_queue_ticket_prints(server, mode):
    printer_for(server, mode=mode).print_document(ticket())
    (job,) = server.wait_jobs(1)
    if mode == "text":
        assert "A023" in job.lines and "业务类别：社保医保" in job.lines
        assert "前面等候：5人" in job.lines
    else:
        assert job.lines[0].startswith("[RASTER 576x")
    assert ink(job.png_path) > 500


def test_full_width_punctuation_and_yuan_round_trip(server):
    line = "收费：￥20.00，“一次办”。（含工本费）"
    doc = Document("note").add(
        Title("一次性告知书"), Text(line), KeyValue("咨询电话", "12345"), Cut()
    )
    assert effective_mode(doc, "text") == "text"
    data = document_bytes(doc, mode="text")
    assert data.startswith(b"\x1b@\x1c&")
    assert line.encode("gb18030") in data
    printer_for(server).print_document(doc)
    (job,) = server.wait_jobs(1)
    assert line in job.lines
    assert "咨询电话：12345" in job.lines


def test_character_outside_printer_font_goes_raster(server):
    doc = Document("receipt").add(Text("申请人：𠮷野"), Cut())  # 𠮷 is a 4-byte GB18030 character
    assert effective_mode(doc, "text") == "raster"
    printer_for(server, mode="text").print_document(doc)
    (job,) = server.wait_jobs(1)
    assert job.lines[0].startswith("[RASTER")


@pytest.mark.parametrize(
    "state", [PrinterState.PAPER_OUT, PrinterState.COVER_OPEN, PrinterState.OFFLINE]
)
def test_not_printable_state_refuses_before_sending(server, state):
    server.state = state
    p = printer_for(server)
    with pytest.raises(PrinterError) as info:
        p.print_document(ticket("A001"))
    assert info.value.state is state
    server.state = PrinterState.OK
    p.print_document(ticket("A002"))
    jobs = server.wait_jobs(1)
    assert len(jobs) == 1 and "A002" in jobs[0].lines  # A001 never reached the printer


def test_paper_near_end_prints_and_reports_degraded(server):
    server.state = PrinterState.PAPER_NEAR_END
    p = printer_for(server)
    p.print_document(ticket())
    assert server.wait_jobs(1)
    assert p.last_state is PrinterState.PAPER_NEAR_END


def test_status_then_print_on_one_connection(server):
    p = printer_for(server)
    assert p.status() is PrinterState.OK
    p.print_document(ticket("A010"))
    p.print_document(ticket("A011"))
    jobs = server.wait_jobs(2)
    assert [j.lines[2] for j in jobs] == ["A010", "A011"]
    assert server.connections == 1
    assert server.status_queries >= 9  # DLE EOT 1, 2, 4 before each job and once alone


def test_silent_or_missing_printer_is_offline(server):
    server.respond_status = False
    p = printer_for(server, status_timeout=0.2)
    assert p.status() is PrinterState.OFFLINE
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    gone = NetworkPrinter("127.0.0.1", free, connect_timeout=0.5)
    with pytest.raises(PrinterError) as info:
        gone.print_document(ticket())
    assert info.value.state is PrinterState.OFFLINE


def test_status_bytes_follow_epson_bits():
    for state, answers in STATUS_BYTES.items():
        assert all(b & 0x93 == 0x12 for b in answers.values())
        assert state_from_status(answers[1], answers[2], answers[4]) is state
    assert state_from_status(0x00, 0x12, 0x12) is PrinterState.OFFLINE  # not a status byte


def test_decoder_handles_bytes_split_anywhere():
    case = make_case()
    data = render_text(receipt(case), 58)
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


def test_wrap_keeps_ascii_runs_and_punctuation_rules():
    assert wrap("受理编号：FS01-K01-20261124-0007", 32) == ["受理编号：FS01-K01-20261124-0007"]
    lines = wrap("一二三四五六七八九十一二三四五，六七", 32)
    assert not lines[1].startswith("，")
    assert all(text_columns(ln) <= 32 for ln in lines)
    qr_doc = Document("t").add(QR("x" * 10))
    assert effective_mode(qr_doc, "text") == "text"
