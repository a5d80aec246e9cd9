"""The ESC/POS decoder of the virtual printer: bytes in, transcript and preview out.

``EscPosDecoder`` takes what a printer would receive, a chunk at a time, and
turns each job (up to a cut) into a ``Job``: a text transcript with one line
per printed line (an inline column bit image shows as U+FFFC "￼" in its place
and is kept in ``Job.inline_images``; raster images show as ``[RASTER WxH]``,
QR codes as ``[QR payload]`` and cuts as ``[CUT]``) and a PNG preview drawn
with the same glyphs as the printer fonts. Chinese (double-byte GB18030) mode
is off until FS & unless ``chinese_default`` is set, so a missing FS & shows
up as mojibake. Used by emulators/virtual_printer.py; one decoder per
connection, on that connection's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from PIL import Image

from drivers.printer import glyphs
from drivers.printer.raster import qr_image

log = logging.getLogger(__name__)

INLINE_IMAGE = "\ufffc"  # stands for an ESC * bit image in transcripts

BASE_DOTS = 24  # font A Chinese glyphs are 24x24 dots, ASCII 12x24
LINE_DOTS = 30  # default line spacing


@dataclass(frozen=True)
class Job:
    """One printed job (up to a cut): transcript, PNG preview and raw bytes. Plain data."""

    number: int
    transcript: str
    png_path: Path
    raw: bytes
    received_at: float = 0.0  # time.monotonic() when its last byte was taken in
    inline_images: tuple[Image.Image, ...] = ()  # ESC * images, in transcript order

    @property
    def lines(self) -> list[str]:
        return self.transcript.splitlines()

    @property
    def qr_payloads(self) -> list[str]:
        return [ln[4:-1] for ln in self.lines if ln.startswith("[QR ") and ln.endswith("]")]


@dataclass
class _Seg:
    text: str
    bold: bool
    w: int
    h: int


@dataclass
class _Pic:
    img: Image.Image  # "1" image from ESC * (24 dots high)


@dataclass
class JobBuilder:
    raw: bytearray = field(default_factory=bytearray)
    transcript: list[str] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)  # ("line", segs, align) / ("qr"...) ...
    content: bool = False
    inline: list[Image.Image] = field(default_factory=list)
    received_at: float = 0.0


class EscPosDecoder:
    """Incremental decoder for the ESC/POS subset OneWindow and common drivers send.

    Not thread-safe: one per connection. ``respond`` sends real-time answers
    back; ``on_job`` receives each finished job.
    """

    def __init__(
        self,
        respond: Callable[[bytes], None],
        on_job: Callable[[JobBuilder], None],
        status: Callable[[int], int | None],
        chinese_default: bool = False,
    ) -> None:
        self.respond = respond
        self.on_job = on_job
        self.status = status
        self.chinese_default = chinese_default
        self.buf = bytearray()
        self.job = JobBuilder()
        self.unknown: list[str] = []  # each command it does not know, once
        self._reset()

    def _reset(self) -> None:
        self.align = "left"
        self.bold = False
        self.w = 1
        self.h = 1
        self.chinese = self.chinese_default
        self.line: list[_Seg | _Pic] = []
        self.qr_model = 2
        self.qr_module = 3
        self.qr_ec = 0
        self.qr_data = b""

    def _unknown(self, command: str) -> None:
        if command not in self.unknown:  # a connection lives for days: no list without end
            self.unknown.append(command)

    # ---- output -----------------------------------------------------------
    def _char(self, ch: str) -> None:
        last = self.line[-1] if self.line else None
        if isinstance(last, _Seg) and (last.bold, last.w, last.h) == (self.bold, self.w, self.h):
            last.text += ch
        else:
            self.line.append(_Seg(ch, self.bold, self.w, self.h))
        self.job.content = True

    def _end_line(self) -> None:
        text = "".join(s.text if isinstance(s, _Seg) else INLINE_IMAGE for s in self.line)
        text = text.rstrip()
        self.job.transcript.append(text)
        self.job.items.append(("line", self.line, self.align))
        self.line = []

    def _flush_partial(self) -> None:
        if self.line:
            self._end_line()

    def _cut(self) -> None:
        self._flush_partial()
        while self.job.transcript and not self.job.transcript[-1]:
            self.job.transcript.pop()
        if self.job.content:
            self.job.transcript.append("[CUT]")
            self.on_job(self.job)
        self.job = JobBuilder()

    def close(self) -> None:
        """The connection ended: whatever was printed since the last cut is a job."""
        self._flush_partial()
        while self.job.transcript and not self.job.transcript[-1]:
            self.job.transcript.pop()
        if self.job.content:
            self.on_job(self.job)
        self.job = JobBuilder()

    # ---- parsing ----------------------------------------------------------
    def feed(self, data: bytes) -> None:
        self.buf += data
        i = 0
        buf = self.buf
        while i < len(buf):
            n = self._step(buf, i)
            if n == 0:
                break  # incomplete command: wait for more bytes
            i += n
        del buf[:i]

    def _step(self, buf: bytearray, i: int) -> int:
        """Handle the command at ``i``; the bytes used, 0 when incomplete."""
        b = buf[i]
        avail = len(buf) - i
        if b == 0x10:  # DLE: real-time commands (not part of any job)
            if avail < 3:
                return 0
            if buf[i + 1] == 0x04:
                answer = self.status(buf[i + 2])
                if answer is not None:
                    self.respond(bytes([answer]))
                return 3
            if buf[i + 1] == 0x05:
                return 3
            self.job.raw += buf[i : i + 1]
            return 1
        if b == 0x1B:
            n = self._esc(buf, i, avail)
        elif b == 0x1D:
            n = self._gs(buf, i, avail)
        elif b == 0x1C:
            n = self._fs(buf, i, avail)
        elif b >= 0x80:
            n = self._high(buf, i, avail)
        else:
            n = 1
            if b == 0x0A or b == 0x0C:
                self._end_line()
            elif b == 0x09:
                self._char(" ")
            elif b >= 0x20:
                self._char(chr(b))
        if n:
            self.job.raw += buf[i : i + n]
        return n

    def _high(self, buf: bytearray, i: int, avail: int) -> int:
        b = buf[i]
        if not self.chinese:
            self._char(bytes([b]).decode("cp437"))
            return 1
        if not 0x81 <= b <= 0xFE:
            self._char("?")
            return 1
        if avail < 2:
            return 0
        size = 4 if 0x30 <= buf[i + 1] <= 0x39 else 2
        if avail < size:
            return 0
        self._char(bytes(buf[i : i + size]).decode("gb18030", errors="replace"))
        return size

    _ESC_ARGS: ClassVar[dict[int, int]] = {
        ord(c): n
        for c, n in {
            "a": 1, "E": 1, "G": 1, "-": 1, "M": 1, "t": 1, "R": 1, "!": 1, "3": 1, "J": 1,
            "d": 1, "e": 1, "V": 1, "{": 1, "U": 1, " ": 1, "r": 1, "p": 3, "$": 2, "\\": 2,
            "c": 2, "2": 0, "@": 0, "i": 0, "m": 0, "=": 1, "K": 1, "L": 0, "S": 0, "T": 1,
        }.items()
    }  # fmt: skip

    def _esc(self, buf: bytearray, i: int, avail: int) -> int:
        if avail < 2:
            return 0
        c = buf[i + 1]
        if c == ord("*"):  # ESC * m nL nH d1..dk: column bit image, printed in the line
            if avail < 5:
                return 0
            m, cols = buf[i + 2], buf[i + 3] | buf[i + 4] << 8
            rows = 3 if m in (32, 33) else 1
            size = 5 + cols * rows
            if avail < size:
                return 0
            img = _column_image(bytes(buf[i + 5 : i + size]), cols, rows)
            self.line.append(_Pic(img))
            self.job.inline.append(img)
            self.job.content = True
            return size
        if c == ord("D"):  # ESC D n1..nk NUL: tab stops
            end = buf.find(0, i + 2)
            return 0 if end < 0 else end - i + 1
        nargs = self._ESC_ARGS.get(c)
        if nargs is None:
            self._unknown(f"ESC {c:#04x}")
            return 2
        if avail < 2 + nargs:
            return 0
        arg = buf[i + 2] if nargs else 0
        match chr(c):
            case "@":
                self._flush_partial()
                self._reset()
            case "a":
                self.align = {0: "left", 48: "left", 1: "center", 49: "center"}.get(arg, "right")
            case "E" | "G":
                self.bold = bool(arg & 1)
            case "!":
                self.bold = bool(arg & 0x08)
                self.h = 2 if arg & 0x10 else 1
                self.w = 2 if arg & 0x20 else 1
            case "d":
                self._end_line()
                for _ in range(max(0, arg - 1)):
                    self._end_line()
            case "i" | "m":
                self._cut()
        return 2 + nargs

    def _fs(self, buf: bytearray, i: int, avail: int) -> int:
        if avail < 2:
            return 0
        c = chr(buf[i + 1])
        nargs = {"&": 0, ".": 0, "!": 1, "-": 1, "C": 1, "W": 1, "S": 2, "p": 2}.get(c)
        if nargs is None:
            self._unknown(f"FS {buf[i + 1]:#04x}")
            return 2
        if avail < 2 + nargs:
            return 0
        if c == "&":
            self.chinese = True
        elif c == ".":
            self.chinese = False
        elif c == "!":
            arg = buf[i + 2]
            self.w = 2 if arg & 0x04 else 1
            self.h = 2 if arg & 0x08 else 1
        return 2 + nargs

    def _gs(self, buf: bytearray, i: int, avail: int) -> int:
        if avail < 2:
            return 0
        c = chr(buf[i + 1])
        if c == "!":
            if avail < 3:
                return 0
            n = buf[i + 2]
            self.w = ((n >> 4) & 7) + 1
            self.h = (n & 7) + 1
            return 3
        if c == "V":
            if avail < 3:
                return 0
            size = 4 if buf[i + 2] in (65, 66, 97, 98, 103, 104) else 3
            if avail < size:
                return 0
            self._cut()
            return size
        if c == "v":  # GS v 0 m xL xH yL yH d1...dk
            if avail < 8:
                return 0
            xb = buf[i + 4] | buf[i + 5] << 8
            yh = buf[i + 6] | buf[i + 7] << 8
            size = 8 + xb * yh
            if avail < size:
                return 0
            self._flush_partial()
            data = bytes(buf[i + 8 : i + size])
            img = Image.frombytes("1", (xb * 8, yh), bytes(255 - x for x in data))
            self.job.items.append(("raster", img, self.align))
            self.job.transcript.append(f"[RASTER {xb * 8}x{yh}]")
            self.job.content = True
            return size
        if c == "(":  # GS ( fn pL pH data
            if avail < 5:
                return 0
            size = 5 + (buf[i + 3] | buf[i + 4] << 8)
            if avail < size:
                return 0
            if chr(buf[i + 2]) == "k":
                self._code2d(bytes(buf[i + 5 : i + size]))
            elif chr(buf[i + 2]) == "L":
                self.job.transcript.append("[GRAPHICS]")
            return size
        if c == "k":  # barcode
            if avail < 3:
                return 0
            m = buf[i + 2]
            if m <= 6:
                end = buf.find(0, i + 3)
                if end < 0:
                    return 0
                data, size = bytes(buf[i + 3 : end]), end - i + 1
            else:
                if avail < 4:
                    return 0
                size = 4 + buf[i + 3]
                if avail < size:
                    return 0
                data = bytes(buf[i + 4 : i + size])
            self._flush_partial()
            self.job.transcript.append(f"[BARCODE {data.decode('ascii', 'replace')}]")
            self.job.content = True
            return size
        if c == "*":  # GS * x y d: define downloaded image
            if avail < 4:
                return 0
            size = 4 + buf[i + 2] * buf[i + 3] * 8
            return size if avail >= size else 0
        nargs = {"B": 1, "H": 1, "f": 1, "h": 1, "w": 1, "b": 1, "a": 1, "r": 1, "I": 1,
                 "L": 2, "W": 2, "P": 2, "$": 2, "\\": 2, "/": 1}.get(c)  # fmt: skip
        if nargs is None:
            self._unknown(f"GS {buf[i + 1]:#04x}")
            return 2
        return 2 + nargs if avail >= 2 + nargs else 0

    def _code2d(self, data: bytes) -> None:
        if len(data) < 2 or data[0] != 49:  # cn 49 = QR code
            return
        fn, args = data[1], data[2:]
        if fn == 65 and args:
            self.qr_model = args[0] - 48
        elif fn == 67 and args:
            self.qr_module = args[0]
        elif fn == 69 and args:
            self.qr_ec = args[0] - 48
        elif fn == 80:
            self.qr_data = args[1:]
        elif fn == 81:
            self._flush_partial()
            try:
                payload = self.qr_data.decode("utf-8")
            except UnicodeDecodeError:
                payload = self.qr_data.decode("gb18030", errors="replace")
            self.job.items.append(("qr", payload, self.qr_module, self.align))
            self.job.transcript.append(f"[QR {payload}]")
            self.job.content = True


def _column_image(data: bytes, cols: int, rows: int) -> Image.Image:
    """ESC * column data (``rows`` bytes per column, MSB on top) as a "1" image."""
    h = rows * 8
    img = Image.new("1", (max(cols, 1), h), 1)
    px = img.load()
    for x in range(cols):
        for r in range(rows):
            byte = data[x * rows + r]
            for bit in range(8):
                if byte & (0x80 >> bit):
                    px[x, r * 8 + bit] = 0
    return img


def render_preview(items: list[tuple], width: int) -> Image.Image:
    """Draw decoded job items like the printer would, as a greyscale image.

    Text lines are drawn with the same glyph grid as the raster renderer
    (``glyphs``), so a text-mode job and a raster-mode job of the same
    document look alike and a line drawn by ``glyphs.line_image`` can be
    found in either preview.
    """
    parts: list[Image.Image] = []
    aligns: list[str] = []
    for item in items:
        kind = item[0]
        if kind == "line":
            parts.append(_render_line(item[1]))
            aligns.append(item[2])
        elif kind == "qr":
            payload, module, where = item[1], max(1, item[2]), item[3]
            code = qr_image(payload, module, border=4).convert("L")
            parts.append(code)
            aligns.append(where)
        elif kind == "raster":
            parts.append(item[1].convert("L"))
            aligns.append(item[2])
    height = sum(p.height for p in parts) + 2 * BASE_DOTS
    out = Image.new("L", (width, max(height, LINE_DOTS)), 255)
    y = BASE_DOTS
    for p, where in zip(parts, aligns, strict=True):
        pw = min(p.width, width)
        x = {"center": (width - pw) // 2, "right": width - pw}.get(where, 0)
        out.paste(p.crop((0, 0, pw, p.height)), (x, y))
        y += p.height
    return out


def _render_line(segs: list[_Seg | _Pic]) -> Image.Image:
    h = max((s.h for s in segs if isinstance(s, _Seg)), default=1)
    pitch = glyphs.line_pitch(h)
    total = sum(
        s.img.width if isinstance(s, _Pic) else glyphs.text_width(s.text, s.w) for s in segs
    )
    img = Image.new("L", (max(total, 1), pitch), 255)
    x = 0
    for s in segs:
        if isinstance(s, _Pic):  # inline bit image, bottom-aligned with the 24-dot cell row
            img.paste(s.img.convert("L"), (x, pitch - (pitch - BASE_DOTS) // 2 - s.img.height))
            x += s.img.width
        else:
            top = (pitch - BASE_DOTS * s.h) // 2
            x = glyphs.draw_text(img, x, top, s.text, scale=s.w, bold=s.bold, hscale=s.h)
    return img
