"""Paper profiles: what a 58 mm and an 80 mm receipt printer can put on a line.

Both are 203 dpi thermal printers with font A (12x24 dots for ASCII, 24x24
for Chinese). Plain data; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import ConfigError


@dataclass(frozen=True)
class PrinterProfile:
    """Geometry of one paper width, shared by the text and raster renderers."""

    paper_mm: int
    dots: int  # printable width in dots
    columns: int  # font A half-width columns per line
    qr_module: int  # QR module size in dots (about 0.75-1 mm, easy for phone cameras)
    escpos_profile: str  # python-escpos capability profile with this width
    fragment_lines: int = 256  # raster images go out in bands this tall (small printer buffers)
    line_dots: int = 30  # line pitch of font A with the default line spacing
    feed_before_cut: int = 4  # lines fed so the last line clears the cutter


PROFILES = {
    58: PrinterProfile(58, dots=384, columns=32, qr_module=6, escpos_profile="POS-5890"),
    80: PrinterProfile(80, dots=576, columns=48, qr_module=8, escpos_profile="TM-T20II"),
}


def profile_for(paper_mm: int) -> PrinterProfile:
    try:
        return PROFILES[paper_mm]
    except KeyError:
        raise ConfigError(
            "devices.printer.paper_mm", "config.paper_width", paper_mm=paper_mm
        ) from None
