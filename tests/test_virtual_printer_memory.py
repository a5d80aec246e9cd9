"""The virtual printer keeps only its last jobs in memory (a demo prints for days)."""

from __future__ import annotations

from drivers.printer.network import NetworkPrinter
from emulators.virtual_printer import EscPosDecoder, VirtualPrinterServer
from onewindow.print_samples import sample_document


def test_only_the_last_jobs_stay_in_memory_and_every_file_on_disk(tmp_path):
    with VirtualPrinterServer(tmp_path / "vp", keep_jobs=2) as srv:
        p = NetworkPrinter("127.0.0.1", srv.port, paper_mm=srv.paper_mm, status_timeout=0.3)
        for _ in range(3):
            p.print_document(sample_document("ticket"))
        jobs = srv.wait_jobs(3)
        p.close()
    assert [j.number for j in jobs] == [2, 3]
    assert srv.jobs() == jobs and srv.job_count == 3
    assert sorted(f.name for f in srv.jobs_dir.glob("*.bin")) == [
        "0001.bin",
        "0002.bin",
        "0003.bin",
    ]


def test_an_unknown_command_is_noted_once():
    dec = EscPosDecoder(lambda _b: None, lambda _j: None, lambda _n: None)
    dec.feed(b"\x1b\x01" * 50)
    assert dec.unknown == ["ESC 0x01"]
