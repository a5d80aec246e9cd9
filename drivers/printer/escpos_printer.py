"""An ESC/POS receipt printer behind any transport: status, then the job, then a check.

Before each job the real-time status is read with DLE EOT 1-4 (short
timeouts); paper out, cover open, an error or no answer refuse the job with
a PrinterError before anything is sent, so the job stays whole in the
print-job store and can go out later. Paper near end prints and is
reported (``last_state``) so staff get a warning. After the bytes are sent,
one more DLE EOT 1 must be answered: the printer processes it after
everything sent before it, so the answer says the whole job arrived.
"""

from __future__ import annotations

import logging

from core.config import PrinterConfig
from core.receipt import Document
from drivers.base import Printer, PrinterState
from drivers.printer.render import document_bytes
from drivers.printer.status import (
    DLE_EOT,
    NOT_ANSWERING,
    QUERIES,
    PrinterStatus,
    is_status_byte,
    parse_status,
    printer_error,
)
from drivers.printer.transport import PrinterAddress, Transport, make_transport
from drivers.registry import BackendContext

log = logging.getLogger(__name__)

SKIP_AFTER_MISSES = 3


class EscposPrinter(Printer):
    """One ESC/POS printer: renders documents, reads status, sends jobs.

    Printer I/O thread only. Keeps the transport open between jobs and
    re-opens it after any error, so status queries and the job that follows
    share one connection. ``last_state`` / ``last_status`` hold what the
    latest check saw.
    """

    def __init__(
        self,
        transport: Transport,
        *,
        paper_mm: int = 80,
        mode: str = "text",
        status_timeout: float = 0.5,
        confirm_timeout: float = 10.0,
    ) -> None:
        self.transport = transport
        self.backend = transport.scheme
        self.paper_mm = paper_mm
        self.mode = mode
        self.status_timeout = status_timeout
        self.confirm_timeout = confirm_timeout
        self.query_status = transport.address.query_status
        self.last_state = PrinterState.OFFLINE
        self.last_status: PrinterStatus = NOT_ANSWERING
        self.last_error = ""
        self._misses: dict[int, int] = {}  # status queries (2-4) left unanswered in a row

    @classmethod
    def from_address(cls, address: PrinterAddress, **kw: object) -> EscposPrinter:
        timeouts = {k: kw.pop(k) for k in ("connect_timeout", "send_timeout") if k in kw}
        return cls(make_transport(address, **timeouts), **kw)  # type: ignore[arg-type]

    @property
    def address(self) -> PrinterAddress:
        return self.transport.address

    # ---- connection -------------------------------------------------------
    def _ensure_open(self) -> Transport:
        if not self.transport.is_open:
            self.transport.open()
        return self.transport

    def _drop(self) -> None:
        self.transport.close()

    def _query(self, t: Transport, n: int, timeout: float) -> int | None:
        t.discard_input()
        t.write(DLE_EOT + bytes([n]))
        data = t.read(1, timeout)
        return data[0] if data else None

    def _read_status(self, t: Transport) -> PrinterStatus:
        answers: dict[int, int | None] = {}
        for n in QUERIES:
            if self._misses.get(n, 0) >= SKIP_AFTER_MISSES:
                answers[n] = None  # an older printer without this query: stop asking
                continue
            b = self._query(t, n, self.status_timeout)
            if n == 1 and not is_status_byte(b):
                return parse_status(b)  # silent or not a printer: no point asking more
            self._misses[n] = 0 if b is not None else self._misses.get(n, 0) + 1
            answers[n] = b
        return parse_status(answers[1], answers[2], answers[3], answers[4])

    # ---- Printer ----------------------------------------------------------
    def status_detail(self) -> PrinterStatus:
        """Ask DLE EOT 1-4; OFFLINE when the printer is unreachable or silent."""
        if not self.query_status or not self.transport.can_read:
            return self._assumed_status()
        for attempt in range(2):
            reused = self.transport.is_open
            try:
                st = self._read_status(self._ensure_open())
            except OSError as exc:  # refused, reset, unplugged, closed
                self._drop()
                if reused and attempt == 0:
                    continue  # a stale kept-alive connection: try a fresh one once
                self.last_error = getattr(exc, "message", "") or type(exc).__name__
                st = NOT_ANSWERING
            if st.answered:
                self.last_error = ""
            else:
                self._drop()  # a silent device: reconnect next time
                self.last_error = self.last_error or "打印机无应答"
            break
        self.last_status, self.last_state = st, st.state
        return st

    def _assumed_status(self) -> PrinterStatus:
        """No status channel: ready when the device can be opened."""
        try:
            self._ensure_open()
        except OSError as exc:
            self.last_error = getattr(exc, "message", "") or type(exc).__name__
            st = NOT_ANSWERING
        else:
            st = PrinterStatus(PrinterState.OK)
        self.last_status, self.last_state = st, st.state
        return st

    def status(self) -> PrinterState:
        return self.status_detail().state

    def check_printable(self) -> PrinterState:
        """The current state; raises PrinterError when a job would not print."""
        st = self.status_detail()
        if not st.printable:
            raise printer_error(st.state, self.last_error if not st.answered else "")
        return st.state

    def print_bytes(self, data: bytes) -> None:
        """Check the status, send ready-made ESC/POS bytes, confirm they arrived."""
        self.check_printable()
        try:
            t = self._ensure_open()
            t.write(data)
            if self.query_status and t.can_read:
                b = self._query(t, 1, self.confirm_timeout)
                if not is_status_byte(b):
                    raise ConnectionError("no answer after the job")
        except OSError as exc:
            self._drop()
            self.last_state = PrinterState.OFFLINE
            log.warning("printer %s: job not confirmed (%s)", self.backend, type(exc).__name__)
            raise printer_error(PrinterState.OFFLINE, "打印数据可能未送达") from None

    def print_document(self, doc: Document) -> None:
        self.print_bytes(document_bytes(doc, paper_mm=self.paper_mm, mode=self.mode))

    def close(self) -> None:
        self._drop()


def create(cfg: PrinterConfig, ctx: BackendContext) -> EscposPrinter:
    """The ``tcp``, ``usb``, ``serial`` and ``file`` backends (registered in pyproject).

    Nothing is opened yet: the first status poll does it, on the printer
    thread. A malformed URI raises ConfigError.
    """
    from drivers.printer.profiles import profile_for
    from drivers.printer.transport import parse_printer_uri

    profile_for(cfg.paper_mm)  # validates the paper width
    address = parse_printer_uri(cfg.uri)
    return EscposPrinter.from_address(address, paper_mm=cfg.paper_mm, mode=cfg.mode)
