"""Choose text or raster output for a document and produce the printer's bytes."""

from __future__ import annotations

from core.receipt import Document
from drivers.printer.escpos_text import render_text, text_mode_supported
from drivers.printer.raster import render_raster


def effective_mode(doc: Document, mode: str) -> str:
    """ "text" when configured and every character is in the printer font, else "raster"."""
    return "text" if mode == "text" and text_mode_supported(doc) else "raster"


def document_bytes(doc: Document, *, paper_mm: int = 80, mode: str = "text") -> bytes:
    """The ESC/POS bytes that print ``doc``. Pure; any thread."""
    if effective_mode(doc, mode) == "text":
        return render_text(doc, paper_mm)
    return render_raster(doc, paper_mm)
