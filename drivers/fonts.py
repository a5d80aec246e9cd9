"""Finding and loading the CJK font used to draw Chinese text into images.

The raster receipt, the virtual printer's preview and the sample document
script all draw Chinese with Pillow. The font is Noto Sans CJK (Debian's
fonts-noto-cjk) found through fontconfig; a few well-known paths are tried
when ``fc-list`` is not available. Any thread may call these functions.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from PIL import ImageFont

from core.errors import DeviceError

_KNOWN = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-{w}.ttc",
)
# Face index of "Noto Sans CJK SC" (simplified Chinese glyph forms) in the
# .ttc collections; the other faces are JP, KR, TC, HK.
_SC_INDEX = 2


@functools.cache
def cjk_font_path(bold: bool = False) -> Path:
    """Path of a Noto Sans CJK collection; raises DeviceError when none is installed."""
    weight = "Bold" if bold else "Regular"
    for pattern in _KNOWN:
        p = Path(pattern.format(w=weight))
        if p.exists():
            return p
    if shutil.which("fc-list"):
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10
        ).stdout
        files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
        preferred = [f for f in files if "SansCJK" in f and weight in f]
        for f in preferred or [f for f in files if "CJK" in f] or files:
            if Path(f).exists():
                return Path(f)
    raise DeviceError("device.no_cjk_font")


@functools.cache
def cjk_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The CJK font at ``size`` pixels (cached; Pillow fonts are safe to share for drawing)."""
    path = cjk_font_path(bold)
    index = _SC_INDEX if path.suffix.lower() == ".ttc" else 0
    try:
        return ImageFont.truetype(str(path), size, index=index)
    except OSError:
        return ImageFont.truetype(str(path), size)
