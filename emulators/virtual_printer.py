"""A virtual receipt printer: a real TCP server (and serial line) that decodes ESC/POS.

It listens on loopback like a network printer's raw port (9100), answers
real-time status requests, and turns what it receives into one job per cut:
a text transcript, a PNG preview and the raw bytes, saved as
``<out_dir>/jobs/<n>.txt|.png|.bin``. ``serve_pty`` also offers the same
printer on a pseudo-terminal, so serial:// and file:// printing is tested
through a real tty. The demo prints to it and the tests check receipts
through it.

The decoding (transcript, preview) is emulators/escpos_decoder.py.

Status answers (DLE EOT n → one byte, Epson's standard bit meanings; bits 1
and 4 are always 1 and bit 0 and 7 always 0, so a normal byte is 0x12):

====================  =====  =====  =====  =====
state                 n=1    n=2    n=3    n=4
====================  =====  =====  =====  =====
OK                    0x16   0x12   0x12   0x12
PAPER_NEAR_END        0x16   0x12   0x12   0x1E
PAPER_OUT             0x1E   0x32   0x12   0x7E
COVER_OPEN            0x1E   0x16   0x12   0x12
OFFLINE               0x1E   0x12   0x12   0x12
ERROR (cutter jam)    0x1E   0x52   0x1A   0x12
====================  =====  =====  =====  =====

n=1 printer status: bit 2 drawer kick-out connector pin 3 (high here, as
most printers report with no drawer), bit 3 offline. n=2 offline cause: bit 2
cover open, bit 3 paper fed by the FEED button, bit 5 printing stopped at
paper end, bit 6 error. n=3 error cause: bit 3 autocutter, bit 5
unrecoverable, bit 6 auto-recoverable. n=4 roll paper sensor: bits 2-3 paper
near end (0x0C), bits 5-6 paper end (0x60). With ``respond_status = False``
the server stays silent, like a printer that does not answer;
``answers`` limits which queries it answers (older printers know 1 and 4
only).

Like a real printer with a buffer, it prints whatever it receives whatever
its state: a client must check the status first (NetworkPrinter does).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import select
import socket
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path

from core.config import PrinterConfig
from drivers.base import PrinterState
from drivers.printer.layout import dots_for
from drivers.printer.network import NetworkPrinter
from drivers.registry import BackendContext
from emulators.escpos_decoder import INLINE_IMAGE, EscPosDecoder, Job, JobBuilder, render_preview

log = logging.getLogger(__name__)

__all__ = [
    "INLINE_IMAGE",
    "KEEP_JOBS",
    "STATUS_BYTES",
    "EscPosDecoder",
    "Job",
    "VirtualNetworkPrinter",
    "VirtualPrinterServer",
    "create",
    "render_preview",
]

STATUS_BYTES: dict[PrinterState, dict[int, int]] = {
    PrinterState.OK: {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12},
    PrinterState.PAPER_NEAR_END: {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x1E},
    PrinterState.PAPER_OUT: {1: 0x1E, 2: 0x32, 3: 0x12, 4: 0x7E},
    PrinterState.COVER_OPEN: {1: 0x1E, 2: 0x16, 3: 0x12, 4: 0x12},
    PrinterState.OFFLINE: {1: 0x1E, 2: 0x12, 3: 0x12, 4: 0x12},
    PrinterState.ERROR: {1: 0x1E, 2: 0x52, 3: 0x1A, 4: 0x12},
}
KEEP_JOBS = 200  # decoded jobs a server keeps in memory; the files stay on disk


class VirtualPrinterServer:
    """A network receipt printer on 127.0.0.1 for the demo and the tests.

    ``start``/``stop`` from the thread that owns it (the device manager or a
    test); ``state``, ``respond_status``, ``answers``, ``jobs``,
    ``job_count`` and ``wait_jobs`` from any thread. One thread accepts
    connections, one thread serves each connection (or the pseudo-terminal),
    and one thread writes the finished jobs' files, so a client may query
    status and then print on the same connection and a status answer after a
    job is not held up by drawing its preview.

    Only the last ``keep_jobs`` jobs stay in memory (``jobs()``): a demo
    kiosk prints for days, and every job's files stay in ``jobs_dir``.
    """

    def __init__(
        self,
        out_dir: Path | str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        paper_mm: int = 80,
        chinese_default: bool = False,
        keep_jobs: int = KEEP_JOBS,
    ) -> None:
        if keep_jobs < 1:
            raise ValueError("keep_jobs must be at least 1")
        self.out_dir = Path(out_dir)
        self.jobs_dir = self.out_dir / "jobs"
        self.host = host
        self._requested_port = port
        self.paper_mm = paper_mm
        self.chinese_default = chinese_default
        self.state: PrinterState = PrinterState.OK
        self.respond_status = True
        self.answers: set[int] = {1, 2, 3, 4}
        self.status_queries = 0
        self.connections = 0  # connections accepted so far
        self._sock: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._conns: set[socket.socket] = set()
        self._stop = threading.Event()
        self._writer_done = threading.Event()
        self._writer: threading.Thread | None = None
        self._cond = threading.Condition()
        self.keep_jobs = keep_jobs
        self._jobs: list[Job] = []  # the last keep_jobs written, by number
        self._written = 0  # jobs written by this server
        self._pending: list[tuple[int, JobBuilder]] = []
        self._next = 1
        self._pty_fds: list[int] = []
        self.port = 0

    @property
    def uri(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    def start(self) -> VirtualPrinterServer:
        self.jobs_dir.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.stem) for p in self.jobs_dir.glob("*.bin") if p.stem.isdigit()]
        self._next = max(numbers, default=0) + 1
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._requested_port))
        sock.listen(8)
        sock.settimeout(0.2)
        self._sock = sock
        self.port = sock.getsockname()[1]
        self._stop.clear()
        self._writer_done.clear()
        self._writer = threading.Thread(target=self._write_loop, name="vp-files", daemon=True)
        self._writer.start()
        t = threading.Thread(target=self._accept_loop, name="virtual-printer", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def serve_pty(self) -> str:
        """Offer this printer on a new pseudo-terminal too; returns the tty path to print to.

        The tty is in raw mode (what a serial printer port is): open it with
        serial://PATH or file://PATH.
        """
        master, slave = os.openpty()
        tty.setraw(slave)
        path = os.ttyname(slave)
        self._pty_fds += [master, slave]  # the slave stays open so the line never hangs up
        t = threading.Thread(target=self._serve_pty, args=(master,), name="vp-pty", daemon=True)
        t.start()
        self._threads.append(t)
        return path

    def stop(self) -> None:
        self._stop.set()
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        with self._cond:
            conns = list(self._conns)
            self._cond.notify_all()
        for c in conns:
            with contextlib.suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)
        for t in self._threads:
            t.join(timeout=5)
        self._threads = []
        # Connections are closed: whatever they received is queued; write it, then stop.
        self._writer_done.set()
        with self._cond:
            self._cond.notify_all()
        if self._writer is not None:
            self._writer.join(timeout=30)
            self._writer = None
        for fd in self._pty_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._pty_fds = []

    def __enter__(self) -> VirtualPrinterServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def jobs(self) -> list[Job]:
        """The jobs this server did, oldest first: the last ``keep_jobs`` of them."""
        with self._cond:
            return list(self._jobs)

    @property
    def job_count(self) -> int:
        """How many jobs this server did (kept in memory or not)."""
        with self._cond:
            return self._written

    def wait_jobs(self, count: int, timeout: float = 10.0) -> list[Job]:
        """Wait until this server did at least ``count`` jobs; returns ``jobs()``.

        Raises TimeoutError.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._written < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{self._written} of {count} print jobs arrived")
                self._cond.wait(left)
            return list(self._jobs)

    # ---- threads ----------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            sock = self._sock
            if sock is None:
                return
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._cond:
                self._conns.add(conn)
                self.connections += 1
            t = threading.Thread(
                target=self._serve, args=(conn,), name="virtual-printer-conn", daemon=True
            )
            t.start()
            self._threads = [x for x in self._threads if x.is_alive()] + [t]

    def _status_byte(self, n: int) -> int | None:
        self.status_queries += 1
        if not self.respond_status or n not in self.answers:
            return None
        return STATUS_BYTES[self.state].get(n, 0x12)

    def _decoder(self, respond: Callable[[bytes], None]) -> EscPosDecoder:
        return EscPosDecoder(respond, self._finish, self._status_byte, self.chinese_default)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)

        def respond(data: bytes) -> None:
            with contextlib.suppress(OSError):
                conn.sendall(data)

        dec = self._decoder(respond)
        try:
            while not self._stop.is_set():
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not data:
                    break
                dec.feed(data)
        finally:
            dec.close()
            with self._cond:
                self._conns.discard(conn)
            conn.close()

    def _serve_pty(self, master: int) -> None:
        def respond(data: bytes) -> None:
            with contextlib.suppress(OSError):
                os.write(master, data)

        dec = self._decoder(respond)
        while not self._stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if data:
                dec.feed(data)
        dec.close()

    def _finish(self, jb: JobBuilder) -> None:
        jb.received_at = time.monotonic()
        with self._cond:
            number = self._next
            self._next += 1
            self._pending.append((number, jb))
            self._cond.notify_all()

    def _write_loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._writer_done.is_set():
                    self._cond.wait(0.5)
                if not self._pending:
                    return  # stopped, and everything received has been written
                number, jb = self._pending.pop(0)
            self._write(number, jb)

    def _write(self, number: int, jb: JobBuilder) -> None:
        stem = self.jobs_dir / f"{number:04d}"
        transcript = "\n".join(jb.transcript) + "\n"
        png = stem.with_suffix(".png")
        try:
            render_preview(jb.items, dots_for(self.paper_mm)).save(png)
        except Exception:  # a preview failure must not lose the job
            log.exception("virtual printer: preview of job %d failed", number)
        stem.with_suffix(".txt").write_text(transcript, encoding="utf-8")
        stem.with_suffix(".bin").write_bytes(bytes(jb.raw))
        job = Job(
            number=number,
            transcript=transcript,
            png_path=png,
            raw=bytes(jb.raw),
            received_at=jb.received_at,
            inline_images=tuple(jb.inline),
        )
        with self._cond:
            self._jobs.append(job)  # one writer thread: numbers arrive in order
            del self._jobs[: -self.keep_jobs]
            self._written += 1
            self._cond.notify_all()


def main(argv: list[str] | None = None) -> None:
    """Run a virtual printer: python -m emulators.virtual_printer --port 9100."""
    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--port", type=int, default=9100)
    ap.add_argument("--out", default="var/virtual_printer")
    ap.add_argument("--paper-mm", type=int, default=80, choices=(58, 80))
    ap.add_argument("--state", default="ok", choices=[s.value for s in PrinterState])
    ap.add_argument("--pty", action="store_true", help="also serve on a pseudo-terminal")
    args = ap.parse_args(argv)
    with VirtualPrinterServer(args.out, port=args.port, paper_mm=args.paper_mm) as srv:
        srv.state = PrinterState(args.state)
        print(f"virtual printer on {srv.uri}, jobs in {srv.jobs_dir}", flush=True)
        if args.pty:
            print(f"serial line: serial://{srv.serve_pty()}?baud=115200", flush=True)
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


class VirtualNetworkPrinter(NetworkPrinter):
    """A NetworkPrinter wired to its own VirtualPrinterServer on loopback.

    The demo and the tests exercise the same code as a real network printer;
    ``server`` holds the decoded jobs. Same threading as NetworkPrinter;
    ``close`` (printer thread or owner) also stops the server.
    """

    backend = "virtual"

    def __init__(self, server: VirtualPrinterServer, *, paper_mm: int, mode: str) -> None:
        super().__init__("127.0.0.1", server.port, paper_mm=paper_mm, mode=mode)
        self.server = server

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.server.stop()


def create(cfg: PrinterConfig, ctx: BackendContext) -> VirtualNetworkPrinter:
    """The ``virtual`` printer backend (registered in pyproject): a server on loopback
    writing into ``<data_dir>/virtual_printer`` and a network printer talking to it."""
    from drivers.printer.profiles import profile_for

    profile_for(cfg.paper_mm)  # validates the paper width
    server = VirtualPrinterServer(ctx.data_dir / "virtual_printer", paper_mm=cfg.paper_mm).start()
    return VirtualNetworkPrinter(server, paper_mm=cfg.paper_mm, mode=cfg.mode)


if __name__ == "__main__":
    main()
