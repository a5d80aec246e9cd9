"""Choose text or raster output for a document and produce the printer's bytes."""

from __future__ import annotations

from core.receipt import Document
from drivers.printer.escpos_text import render_text
from drivers.printer.layout import Line, layout_document, text_in_printer_font
from drivers.printer.profiles import profile_for
from drivers.printer.raster import render_raster

MODES = ("text", "raster")


def effective_mode(doc: Document, mode: str, paper_mm: int = 80) -> str:
    """What the bytes will be: "text", "mixed" (text with images for characters
    the printer font lacks) or "raster" (the whole document as an image)."""
    if mode != "text":
        return "raster"
    lines = layout_document(doc, profile_for(paper_mm).columns)
    ok = all(text_in_printer_font(x.text) for x in lines if isinstance(x, Line))
    return "text" if ok else "mixed"


def document_bytes(doc: Document, *, paper_mm: int = 80, mode: str = "text") -> bytes:
    """The ESC/POS bytes that print ``doc``. Pure; any thread."""
    if mode == "text":
        return render_text(doc, paper_mm)
    return render_raster(doc, paper_mm)
