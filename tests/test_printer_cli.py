"""`onewindow print sample|status|jobs` against the virtual printer over TCP and a pty."""

from __future__ import annotations

import json

import pytest

from core.tracking import parse_lookup
from drivers.base import PrinterState
from emulators.virtual_printer import VirtualPrinterServer
from onewindow.cli import main
from onewindow.print_samples import sample_document
from sync.print_jobs import PrintJobStore
from sync.store import LocalStore
from tests.printer_helpers import decode_qr


@pytest.fixture
def server(tmp_path):
    with VirtualPrinterServer(tmp_path / "vp") as srv:
        yield srv


@pytest.mark.parametrize("kind", ["ticket", "receipt", "notice", "deficiency", "pickup"])
def test_print_sample_each_kind(server, capsys, kind):
    assert main(["print", "sample", kind, "--printer", server.uri]) == 0
    (job,) = server.wait_jobs(1)
    first_title = next(b.text for b in sample_document(kind).blocks if type(b).__name__ == "Title")
    assert first_title in job.lines
    assert "printed" in capsys.readouterr().out


def test_print_sample_raster_on_58mm_over_serial(tmp_path, capsys):
    with VirtualPrinterServer(tmp_path / "vp", paper_mm=58) as srv:
        tty = srv.serve_pty()
        uri = f"serial://{tty}?baud=115200"
        assert main(["print", "sample", "receipt", "--printer", uri, "--mode", "raster",
                     "--paper", "58"]) == 0  # fmt: skip
        (job,) = srv.wait_jobs(1)
    assert job.lines[0].startswith("[RASTER 384x")
    found = parse_lookup(decode_qr(job.png_path))  # the public tracking address
    assert found is not None and found.receipt_no.startswith("FS01-") and found.check_code
    assert "raster mode" in capsys.readouterr().out


def test_print_sample_on_the_built_in_virtual_printer(tmp_path, capsys):
    assert main(["print", "sample", "pickup", "--printer", "virtual", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    png = next(line.split(": ", 1)[1] for line in out.splitlines() if "preview" in line)
    assert png.endswith(".png") and (tmp_path / "jobs").is_dir()


def test_print_status_words_json_and_exit_code(server, capsys):
    assert main(["print", "status", "--printer", server.uri]) == 0
    assert "ok" in capsys.readouterr().out
    server.state = PrinterState.PAPER_OUT
    assert main(["print", "status", "--printer", server.uri, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "paper_out" and data["paper_out"] and data["text"] == "脱机；缺纸"
    assert data["bytes"] == ["1E", "32", "12", "7E"]


def test_print_refused_and_bad_uri(server, capsys):
    server.state = PrinterState.COVER_OPEN
    assert main(["print", "sample", "ticket", "--printer", server.uri]) == 1
    assert "打印机盖未关好" in capsys.readouterr().err
    assert main(["print", "sample", "ticket", "--printer", "lpt://1"]) == 2
    assert "devices.printer.uri" in capsys.readouterr().err


def test_print_jobs_lists_the_device_store(tmp_path, capsys):
    store = LocalStore(tmp_path / "data")
    jobs = PrintJobStore(store)
    rec = jobs.add(sample_document("receipt"))
    jobs.mark_held(rec.id, "paper_out", "打印机缺纸")
    store.close()
    assert main(["print", "jobs", "--data", str(tmp_path / "data")]) == 0
    out = capsys.readouterr().out
    assert rec.id in out and "受理回执" in out and "等待打印机" in out and "打印机缺纸" in out
