"""The A4 printer (drivers.a4): URIs, the virtual one, and a real CUPS that writes PDFs.

The CUPS tests start a private cupsd with a cups-pdf queue (tests._cups) and
find the PDF CUPS wrote; the A4 device's I/O runs on its own ``ow-a4`` thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from core.config import DevicesConfig, parse_config
from core.errors import ConfigError
from drivers import registry
from drivers.a4.base import A4Error, A4State
from drivers.a4.cups import CupsPrinter, parse_uri
from drivers.a4.device import A4Device
from drivers.base import DeviceStatus, Health
from drivers.threads import WrongThread
from tests._backoffice_fixture import wait_until
from tests._cups import PrivateCups, private_cups  # noqa: F401 - the fixture


def small_pdf(text: str = "OneWindow A4 test") -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.cell(text=text)
    return bytes(pdf.output())


def devices(**a4: str) -> DevicesConfig:
    return parse_config({"devices": {"a4": a4}}).devices


def test_uris_name_the_server_and_the_queue() -> None:
    assert parse_uri("cups://A4_Hall-1") == ("", "A4_Hall-1")
    assert parse_uri("cups://q1", "127.0.0.1:631") == ("127.0.0.1:631", "q1")
    assert parse_uri("ipp://print.hall.local/printers/a4") == ("print.hall.local:631", "a4")
    assert parse_uri("ipps://10.0.0.5:8631/classes/all") == ("10.0.0.5:8631", "all")
    for bad in ("cups://", "ipp://host/ipp/print", "cups://a b", "ipp:///printers/x"):
        with pytest.raises(ConfigError) as err:
            parse_uri(bad)
        assert err.value.key == "devices.a4.uri"
    assert registry.names("a4") == ["cups", "ipp", "ipps", "virtual", "none"]
    with pytest.raises(ConfigError):
        registry.check(devices(uri="lpd://x/y"))


def test_the_virtual_printer_keeps_the_pdfs(tmp_path: Path) -> None:
    seen: list[DeviceStatus] = []
    dev = A4Device(devices(uri="virtual", folder=str(tmp_path / "a4")), data_dir=tmp_path)
    dev.on_status = seen.append
    dev.start()
    try:
        job = dev.print_pdf(small_pdf(), "test").result(10)
        assert (tmp_path / "a4" / f"{job}.pdf").read_bytes().startswith(b"%PDF")
        wait_until(lambda: dev.ready, what="virtual A4 ready")
        dev.virtual.unplug()
        with pytest.raises(A4Error) as err:
            dev.print_pdf(small_pdf(), "test").result(10)
        assert err.value.state is A4State.OFFLINE
        assert dev.status().health is Health.ABSENT and not dev.ready
    finally:
        dev.close()


def test_none_means_no_a4_printer(tmp_path: Path) -> None:
    dev = A4Device(devices(uri="none"), data_dir=tmp_path)
    dev.start()
    try:
        assert not dev.available and dev.status().health is Health.ABSENT
        with pytest.raises(A4Error):
            dev.print_pdf(b"%PDF", "x").result(5)
    finally:
        dev.close()


def test_a_pdf_goes_through_a_real_cups_queue(private_cups: PrivateCups, tmp_path: Path) -> None:  # noqa: F811
    cfg = devices(uri=f"cups://{private_cups.queue}", server=private_cups.server)
    seen: list[DeviceStatus] = []
    dev = A4Device(cfg, data_dir=tmp_path, on_status=seen.append)
    dev.start()
    try:
        wait_until(lambda: dev.ready, timeout=20, what="the CUPS queue answers")
        job = dev.print_pdf(small_pdf("A4 through CUPS"), "test-job").result(30)
        assert job.startswith(private_cups.queue + "-")
        out = private_cups.wait_pdf()
        assert out.read_bytes().startswith(b"%PDF")
        wait_until(lambda: dev.job_done(job).result(10), timeout=30, what="the job left the queue")
        # the queue stopped by staff: STOPPED, said on the status bar
        private_cups.run("cupsdisable", private_cups.queue)
        dev.check_now().result(10)
        assert dev.status().health is Health.ABSENT and "暂停" in dev.status().message
    finally:
        dev.close()


def test_a_queue_that_does_not_exist_is_offline(private_cups: PrivateCups, tmp_path: Path) -> None:  # noqa: F811
    printer = CupsPrinter("nosuchqueue", private_cups.server)
    done = threading.Event()
    result: dict = {}

    def run() -> None:
        result["state"] = printer.status()
        try:
            printer.print_pdf(small_pdf(), "x")
        except A4Error as exc:
            result["error"] = exc
        done.set()

    t = threading.Thread(target=run, name="ow-a4-test")
    t.start()
    t.join(60)
    assert result["state"] is A4State.OFFLINE and result["error"].state is A4State.OFFLINE
    with pytest.raises(WrongThread):  # the device belongs to its thread while it lives
        keep = threading.Event()
        t2 = threading.Thread(target=lambda: (printer.status(), keep.wait(5)), name="ow-a4-own")
        t2.start()
        wait_until(lambda: printer.__dict__.get("_io_thread_owner") is t2, what="owner")
        try:
            printer.status()
        finally:
            keep.set()
            t2.join()
