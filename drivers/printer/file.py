"""An ESC/POS printer reached through a device file (file:///dev/usb/lp0)."""

from __future__ import annotations

import os
from pathlib import Path

from core.receipt import Document
from drivers.base import Printer, PrinterError, PrinterState
from drivers.printer.render import document_bytes


class FilePrinter(Printer):
    """Writes jobs to a character device or file. Printer thread only.

    Status is only "the file can be opened for writing" (OK) or OFFLINE:
    reading DLE EOT answers back through usblp comes with the USB backend.
    """

    backend = "file"

    def __init__(self, path: Path | str, *, paper_mm: int = 80, mode: str = "text") -> None:
        self.path = Path(path)
        self.paper_mm = paper_mm
        self.mode = mode
        self.last_state = PrinterState.OFFLINE

    def status(self) -> PrinterState:
        ok = self.path.exists() and os.access(self.path, os.W_OK)
        self.last_state = PrinterState.OK if ok else PrinterState.OFFLINE
        return self.last_state

    def print_document(self, doc: Document) -> None:
        data = document_bytes(doc, paper_mm=self.paper_mm, mode=self.mode)
        try:
            with open(self.path, "ab", buffering=0) as f:
                f.write(data)
        except OSError:
            self.last_state = PrinterState.OFFLINE
            raise PrinterError(
                "打印机未连接或未就绪", PrinterState.OFFLINE, hint="请检查打印机连接"
            ) from None
        self.last_state = PrinterState.OK

    def close(self) -> None:
        pass
