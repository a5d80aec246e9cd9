"""An ESC/POS printer on the network (raw TCP, usually port 9100).

Before each job the printer's real-time status is read with DLE EOT 1, 2
and 4 (one byte each, see drivers/printer/virtual_server.py for the bits);
a printer that does not answer within a short timeout counts as OFFLINE.
Paper out, cover open and offline refuse the job with a PrinterError before
anything is sent; paper near end prints and is reported as degraded.
"""

from __future__ import annotations

import contextlib
import socket
from urllib.parse import urlsplit

from core.errors import ConfigError
from core.receipt import Document
from drivers.base import Printer, PrinterError, PrinterState
from drivers.printer.render import document_bytes

DLE_EOT = b"\x10\x04"

# Printer states that refuse a job, with the words staff and citizens see.
STATE_TEXT: dict[PrinterState, tuple[str, str]] = {
    PrinterState.PAPER_OUT: ("打印机缺纸", "请更换打印纸后重试"),
    PrinterState.COVER_OPEN: ("打印机盖未关好", "请合上打印机盖后重试"),
    PrinterState.OFFLINE: ("打印机未连接或未就绪", "请检查打印机电源和网线"),
}


def state_from_status(b1: int, b2: int, b4: int) -> PrinterState:
    """Printer state from the DLE EOT 1, 2 and 4 answers (Epson bit meanings)."""
    if any((b & 0x93) != 0x12 for b in (b1, b2, b4)):
        return PrinterState.OFFLINE  # not a status byte: some other device answered
    if b2 & 0x04:
        return PrinterState.COVER_OPEN
    if b2 & 0x20 or b4 & 0x60:
        return PrinterState.PAPER_OUT
    if b1 & 0x08:
        return PrinterState.OFFLINE
    if b4 & 0x0C:
        return PrinterState.PAPER_NEAR_END
    return PrinterState.OK


def parse_tcp_uri(uri: str) -> tuple[str, int]:
    """tcp://host[:port] → (host, port); port 9100 by default."""
    parts = urlsplit(uri)
    if parts.scheme != "tcp" or not parts.hostname:
        raise ConfigError(
            "devices.printer.uri", f"无效的打印机地址 {uri}", hint="例如 tcp://10.0.0.5:9100"
        )
    try:
        port = parts.port or 9100
    except ValueError:
        raise ConfigError(
            "devices.printer.uri", f"无效的端口 {uri}", hint="例如 tcp://10.0.0.5:9100"
        ) from None
    return parts.hostname, port


class NetworkPrinter(Printer):
    """A tcp:// ESC/POS printer. Call from the printer's I/O thread only.

    Keeps one connection open (re-opened after any error), so status queries
    and the job that follows travel on the same connection. ``last_state``
    holds the state seen by the latest status check.
    """

    backend = "network"

    def __init__(
        self,
        host: str,
        port: int = 9100,
        *,
        paper_mm: int = 80,
        mode: str = "text",
        connect_timeout: float = 1.5,
        status_timeout: float = 1.0,
        send_timeout: float = 15.0,
    ) -> None:
        self.host = host
        self.port = port
        self.paper_mm = paper_mm
        self.mode = mode
        self.connect_timeout = connect_timeout
        self.status_timeout = status_timeout
        self.send_timeout = send_timeout
        self.last_state = PrinterState.OFFLINE
        self._sock: socket.socket | None = None

    @classmethod
    def from_uri(cls, uri: str, **kw: object) -> NetworkPrinter:
        host, port = parse_tcp_uri(uri)
        return cls(host, port, **kw)  # type: ignore[arg-type]

    # ---- connection -------------------------------------------------------
    def _connect(self) -> socket.socket:
        if self._sock is None:
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sock = sock
        return self._sock

    def _drop(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None

    def _drain(self, sock: socket.socket) -> None:
        """Discard late answers to earlier queries, so answers stay paired."""
        sock.setblocking(False)
        try:
            while True:
                chunk = sock.recv(256)
                if not chunk:
                    raise ConnectionError("printer closed the connection")
        except BlockingIOError:
            pass
        finally:
            sock.setblocking(True)

    def _query(self, sock: socket.socket, n: int) -> int:
        self._drain(sock)
        sock.settimeout(self.status_timeout)
        sock.sendall(DLE_EOT + bytes([n]))
        answer = sock.recv(1)
        if not answer:
            raise ConnectionError("printer closed the connection")
        return answer[0]

    # ---- Printer ----------------------------------------------------------
    def status(self) -> PrinterState:
        """Query DLE EOT 1/2/4; OFFLINE when unreachable or silent."""
        for attempt in range(2):
            reused = self._sock is not None
            try:
                sock = self._connect()
                b1 = self._query(sock, 1)
                b2 = self._query(sock, 2)
                b4 = self._query(sock, 4)
            except TimeoutError:  # connected but silent: not a printer that is ready
                self._drop()
                break
            except OSError:  # refused, reset, closed
                self._drop()
                if reused and attempt == 0:
                    continue  # a stale kept-alive connection: try a fresh one once
                self.last_state = PrinterState.OFFLINE
                return self.last_state
            self.last_state = state_from_status(b1, b2, b4)
            return self.last_state
        self.last_state = PrinterState.OFFLINE
        return self.last_state

    def check_printable(self) -> PrinterState:
        """The current state; raises PrinterError when a job would not print."""
        state = self.status()
        if state in STATE_TEXT:
            msg, hint = STATE_TEXT[state]
            raise PrinterError(msg, state, hint=hint)
        return state

    def print_bytes(self, data: bytes) -> None:
        """Send ready-made ESC/POS bytes after the status check."""
        self.check_printable()
        try:
            sock = self._connect()
            sock.settimeout(self.send_timeout)
            sock.sendall(data)
        except OSError:
            self._drop()
            self.last_state = PrinterState.OFFLINE
            msg, hint = STATE_TEXT[PrinterState.OFFLINE]
            raise PrinterError(msg, PrinterState.OFFLINE, hint=hint) from None

    def print_document(self, doc: Document) -> None:
        self.print_bytes(document_bytes(doc, paper_mm=self.paper_mm, mode=self.mode))

    def close(self) -> None:
        self._drop()
