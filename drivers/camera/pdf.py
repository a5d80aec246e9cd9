"""Several scanned pages of one material as one PDF.

img2pdf puts each page's JPEG or PNG into the PDF as it is (no re-encoding,
so no loss and no time), with the page size taken from the page's dpi: an
A4 scan prints as A4, an ID card copy as a card. Pure functions: any thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import img2pdf

from drivers.camera.page import Page, ScanError


@dataclass(frozen=True)
class PageInfo:
    """What a page list shows for one page."""

    index: int
    kb: float
    width_mm: float
    height_mm: float
    kind: str
    mode: str


def page_infos(pages: Sequence[Page]) -> list[PageInfo]:
    """Size per page (KB) and its printed size, in order."""
    out = []
    for i, p in enumerate(pages):
        w, h = p.size_mm
        out.append(PageInfo(i, round(p.kb, 1), round(w, 1), round(h, 1), p.kind.value, p.mode))
    return out


def assemble_pdf(pages: Sequence[Page], title: str = "") -> bytes:
    """One PDF with the pages in order, each at its real size (from its dpi).

    Raises ScanError when there is no page or a page cannot be embedded.
    """
    if not pages:
        raise ScanError("scan.no_pages")
    sizes = iter([tuple(img2pdf.mm_to_pt(v) for v in p.size_mm) for p in pages])

    def layout(_w_px: int, _h_px: int, _dpi: tuple[float, float]):
        # img2pdf calls this once per image, in order
        w, h = next(sizes)
        return w, h, w, h

    try:
        return img2pdf.convert(
            [p.data for p in pages], layout_fun=layout, title=title or None, nodate=True
        )
    except (img2pdf.ImageOpenError, img2pdf.PdfTooLargeError, ValueError) as exc:
        raise ScanError("scan.pdf_failed") from exc
