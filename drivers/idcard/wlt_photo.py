"""The card photo: 1024 bytes of WLT, decoded only by a vendor library.

The resident ID card stores its photo in the proprietary WLT format. Only a
vendor library (``libwlt.so``, ``libwlt2bmp.so``...) decodes it; when one is
configured (``devices.id_reader.wlt_library``) it is loaded with ctypes and
its ``unpack(src, dst, bmp)`` turns the 1024 bytes into a 102×126 BMP, which
is kept as PNG. Without one the raw WLT bytes are kept as they are and the
screens show a neutral placeholder instead.
"""

from __future__ import annotations

import ctypes
import io
import logging
import threading
from functools import lru_cache
from pathlib import Path

from core.errors import DeviceError

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 102, 126
BMP_SIZE = 54 + (WIDTH * 3 + 2) * HEIGHT  # rows padded to 4 bytes: 38862
RAW_SIZE = WIDTH * 3 * HEIGHT  # 38556
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class WltDecoder:
    """A vendor WLT library loaded with ctypes.

    Vendor libraries are rarely thread-safe: ``decode`` takes a lock, so any
    thread may call it (in practice the reader's I/O thread).
    """

    def __init__(self, path: str, symbol: str = "unpack") -> None:
        self.path = path
        try:
            lib = ctypes.CDLL(path)
            fn = getattr(lib, symbol)
        except (OSError, AttributeError) as exc:
            raise DeviceError("id_reader.wlt_unloadable", path=path) from exc
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        fn.restype = ctypes.c_int
        self._fn = fn
        self._lib = lib
        self._lock = threading.Lock()

    def decode(self, wlt: bytes) -> bytes | None:
        """PNG bytes for a 1024-byte WLT photo, or None when the library refuses it."""
        if len(wlt) != 1024:
            return None
        src = ctypes.create_string_buffer(bytes(wlt), len(wlt))
        dst = ctypes.create_string_buffer(BMP_SIZE + 1024)
        with self._lock:
            ret = self._fn(src, dst, 1)
        if ret != 1:
            log.info("WLT library returned %d", ret)
            return None
        return _to_png(dst.raw)


def _to_png(out: bytes) -> bytes | None:
    from PIL import Image, UnidentifiedImageError

    try:
        if out[:2] == b"BM":
            img = Image.open(io.BytesIO(out[:BMP_SIZE]))
            img.load()
        else:
            img = Image.frombytes("RGB", (WIDTH, HEIGHT), out[:RAW_SIZE], "raw", "BGR", 0, -1)
    except (UnidentifiedImageError, OSError, ValueError):
        log.info("WLT library output is not an image")
        return None
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "PNG")
    return buf.getvalue()


def load_decoder(path: str) -> WltDecoder | None:
    """The decoder for a configured path; None when none is configured."""
    if not path:
        return None
    if not Path(path).exists() and "/" in path:
        raise DeviceError("id_reader.wlt_missing", path=path)
    return WltDecoder(path)


def is_image(photo: bytes) -> bool:
    return photo.startswith(PNG_MAGIC)


@lru_cache(maxsize=1)
def placeholder_png() -> bytes:
    """A neutral head-and-shoulders silhouette, 102×126, for cards whose photo is not decoded."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (WIDTH, HEIGHT), (226, 230, 236))
    d = ImageDraw.Draw(img)
    grey = (160, 168, 180)
    d.ellipse((31, 18, 71, 62), fill=grey)
    d.rounded_rectangle((13, 70, 89, 140), radius=30, fill=grey)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def photo_png(photo: bytes) -> bytes:
    """What to show for an identity's photo: the decoded image, else the placeholder."""
    return photo if is_image(photo) else placeholder_png()
