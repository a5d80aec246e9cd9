"""Printer URIs, transports and the DLE EOT status, through real channels.

serial:// and file:// print to the virtual printer through a real
pseudo-terminal (pyserial / python-escpos on one end, the decoder on the
other). usb:// is exercised as far as this machine allows: python-escpos
and pyusb on libusb search the real USB bus, find no such printer, and the
printer reports OFFLINE with words for staff; no USB printer (or USB/IP
gadget) is available here to go further.
"""

from __future__ import annotations

import time

import pytest

from core.errors import ConfigError
from drivers.base import PrinterError, PrinterState
from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.file import FilePrinter
from drivers.printer.status import STATE_TEXT, parse_status
from drivers.printer.transport import parse_printer_uri
from emulators.virtual_printer import STATUS_BYTES, VirtualPrinterServer
from onewindow.print_samples import sample_document
from tests.printer_helpers import missing_lines


@pytest.fixture
def server(tmp_path):
    with VirtualPrinterServer(tmp_path / "vp") as srv:
        yield srv


def test_uri_parsing():
    a = parse_printer_uri("tcp://10.0.0.5")
    assert (a.scheme, a.host, a.port) == ("tcp", "10.0.0.5", 9100)
    a = parse_printer_uri("usb://04b8:0E15?in_ep=0x81")
    assert (a.vid, a.pid, a.in_ep, a.out_ep) == (0x04B8, 0x0E15, 0x81, 0x01)
    a = parse_printer_uri("serial:///dev/ttyUSB0?baud=115200&flow=rtscts")
    assert (a.path, a.baud, a.flow) == ("/dev/ttyUSB0", 115200, "rtscts")
    assert parse_printer_uri("serial://COM3?baud=9600").path == "COM3"
    a = parse_printer_uri("file:///dev/usb/lp0?status=off")
    assert (a.path, a.query_status) == ("/dev/usb/lp0", False)
    for bad in (
        "tcp://",
        "tcp://host:notaport",
        "usb://04b8",
        "usb://zz:01",
        "serial:///dev/ttyS0?baud=12345",
        "serial:///dev/ttyS0?flow=magic",
        "lpt://1",
    ):
        with pytest.raises(ConfigError) as info:
            parse_printer_uri(bad)
        assert info.value.key == "devices.printer.uri" and "例如" in info.value.hint


def test_status_bytes_follow_epson_bits():
    for state, answers in STATUS_BYTES.items():
        assert all(b & 0x93 == 0x12 for b in answers.values())
        st = parse_status(answers[1], answers[2], answers[3], answers[4])
        assert st.state is state
    st = parse_status(0x16, 0x12, 0x12, 0x1E)
    assert st.paper_near_end and st.printable and st.describe() == "纸将用尽"
    st = parse_status(*STATUS_BYTES[PrinterState.ERROR].values())
    assert st.cutter_error and not st.printable and "切刀错误" in st.describe()
    assert parse_status(0x1E, 0x12, 0x52, 0x12).auto_recoverable  # head too hot
    assert parse_status(0x00).state is PrinterState.OFFLINE  # not a status byte
    assert parse_status(None).state is PrinterState.OFFLINE and not parse_status(None).answered
    assert parse_status(0x16, None, None, 0x7E).state is PrinterState.PAPER_OUT  # 1 and 4 only
    assert all(state in STATE_TEXT for state in STATUS_BYTES if state not in (
        PrinterState.OK, PrinterState.PAPER_NEAR_END))  # fmt: skip


@pytest.mark.parametrize("state", list(STATUS_BYTES))
def test_every_state_over_tcp(server, state):
    server.state = state
    p = EscposPrinter.from_address(parse_printer_uri(server.uri), status_timeout=0.3)
    st = p.status_detail()
    assert st.state is state and st.answered
    if st.printable:
        p.print_document(sample_document("ticket"))
        assert server.wait_jobs(1)
    else:
        with pytest.raises(PrinterError) as info:
            p.print_document(sample_document("ticket"))
        assert info.value.state is state
        assert info.value.message == STATE_TEXT[state][0] and info.value.hint
        assert server.jobs() == []  # refused before a byte was sent
    p.close()


def test_printer_answering_only_dle_eot_1_and_4(server):
    server.answers = {1, 4}
    p = EscposPrinter.from_address(parse_printer_uri(server.uri), status_timeout=0.1)
    for _ in range(4):
        assert p.status() is PrinterState.OK
    asked = server.status_queries
    started = time.monotonic()
    assert p.status() is PrinterState.OK
    assert server.status_queries == asked + 2  # stopped asking 2 and 3 after three misses
    assert time.monotonic() - started < 0.1
    server.state = PrinterState.PAPER_OUT
    assert p.status() is PrinterState.PAPER_OUT  # still seen through DLE EOT 1 and 4


def test_serial_printer_through_a_pseudo_terminal(tmp_path, server):
    tty = server.serve_pty()
    cfg_uri = f"serial://{tty}?baud=115200"
    p = EscposPrinter.from_address(parse_printer_uri(cfg_uri), status_timeout=0.5)
    assert p.backend == "serial"
    assert p.status() is PrinterState.OK
    doc = sample_document("receipt")
    p.print_document(doc)
    (job,) = server.wait_jobs(1)
    assert "受理回执" in job.lines and "[CUT]" in job.lines
    assert missing_lines(job.png_path, doc, 80) == []
    server.state = PrinterState.COVER_OPEN
    with pytest.raises(PrinterError) as info:
        p.print_document(sample_document("ticket"))
    assert info.value.state is PrinterState.COVER_OPEN
    p.close()


def test_file_device_that_answers_status(tmp_path, server):
    """file:// on a character device (here a tty) reads DLE EOT answers back."""
    tty = server.serve_pty()
    p = EscposPrinter.from_address(parse_printer_uri(f"file://{tty}"), status_timeout=0.5)
    server.state = PrinterState.PAPER_NEAR_END
    assert p.status() is PrinterState.PAPER_NEAR_END
    p.print_document(sample_document("pickup"))
    (job,) = server.wait_jobs(1)
    assert "取件凭条" in job.lines
    p.close()


def test_plain_file_printer_appends_and_cannot_tell_status(tmp_path):
    out = tmp_path / "spool.bin"
    out.touch()
    p = FilePrinter(out)
    assert p.status() is PrinterState.OK  # only "can be written"
    p.print_document(sample_document("ticket"))
    p.close()
    first = out.read_bytes()
    p.print_document(sample_document("ticket"))
    p.close()
    assert out.read_bytes() == first * 2 and first.startswith(b"\x1b@\x1c&")
    missing = FilePrinter(tmp_path / "no" / "such" / "lp0")
    assert missing.status() is PrinterState.OFFLINE
    with pytest.raises(PrinterError):
        missing.print_document(sample_document("ticket"))


def test_usb_printer_not_plugged_in_is_offline_with_a_reason():
    p = EscposPrinter.from_address(parse_printer_uri("usb://04b8:0e15"))
    st = p.status_detail()
    assert st.state is PrinterState.OFFLINE and not st.answered
    assert "USB" in p.last_error
    with pytest.raises(PrinterError) as info:
        p.print_document(sample_document("ticket"))
    assert info.value.state is PrinterState.OFFLINE and "USB" in info.value.params["detail"]
