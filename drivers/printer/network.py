"""An ESC/POS printer on the network (raw TCP, usually port 9100).

``NetworkPrinter`` is an ``EscposPrinter`` over a ``TcpTransport``
(python-escpos ``Network``): DLE EOT 1-4 before each job with short
timeouts, one kept-alive connection for status and jobs, and a status
answer after the job to know every byte arrived. A printer that does not
answer counts as OFFLINE.
"""

from __future__ import annotations

from core.errors import ConfigError
from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.status import DLE_EOT, STATE_TEXT, state_from_status
from drivers.printer.transport import PrinterAddress, TcpTransport, parse_printer_uri

__all__ = ["DLE_EOT", "STATE_TEXT", "NetworkPrinter", "parse_tcp_uri", "state_from_status"]


def parse_tcp_uri(uri: str) -> tuple[str, int]:
    """tcp://host[:port] → (host, port); port 9100 by default."""
    a = parse_printer_uri(uri)
    if a.scheme != "tcp":
        raise ConfigError("devices.printer.uri", "config.printer_uri", uri=uri)
    return a.host, a.port


class NetworkPrinter(EscposPrinter):
    """A tcp:// ESC/POS printer. Call from the printer's I/O thread only."""

    def __init__(
        self,
        host: str,
        port: int = 9100,
        *,
        paper_mm: int = 80,
        mode: str = "text",
        connect_timeout: float = 1.5,
        status_timeout: float = 0.5,
        send_timeout: float = 15.0,
        query_status: bool = True,
    ) -> None:
        address = PrinterAddress(
            "tcp", f"tcp://{host}:{port}", host=host, port=port, query_status=query_status
        )
        transport = TcpTransport(
            address, connect_timeout=connect_timeout, send_timeout=send_timeout
        )
        super().__init__(
            transport,
            paper_mm=paper_mm,
            mode=mode,
            status_timeout=status_timeout,
            confirm_timeout=send_timeout,
        )
        self.host = host
        self.port = port

    @classmethod
    def from_uri(cls, uri: str, **kw: object) -> NetworkPrinter:
        a = parse_printer_uri(uri)
        if a.scheme != "tcp":
            parse_tcp_uri(uri)  # raises the ConfigError
        return cls(a.host, a.port, query_status=a.query_status, **kw)  # type: ignore[arg-type]
