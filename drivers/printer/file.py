"""An ESC/POS printer reached through a device file (file:///dev/usb/lp0)."""

from __future__ import annotations

from pathlib import Path

from drivers.printer.escpos_printer import EscposPrinter
from drivers.printer.transport import FileTransport, parse_printer_uri


class FilePrinter(EscposPrinter):
    """Jobs written to a character device or a file. Printer I/O thread only.

    A bidirectional device node (usblp, a tty) answers DLE EOT through the
    same node and gets the full status check; a plain file is "ready" when
    it can be opened for writing.
    """

    def __init__(self, path: Path | str, *, paper_mm: int = 80, mode: str = "text") -> None:
        address = parse_printer_uri(Path(path).absolute().as_uri())
        super().__init__(FileTransport(address), paper_mm=paper_mm, mode=mode)
        self.path = Path(path)
