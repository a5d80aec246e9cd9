"""A printed document as a printer-independent layout of blocks.

A ``Document`` is a list of blocks (title, text, key–value rows, rules, a QR
payload, a picture, a cut). Printer renderers (drivers/printer) turn it into
ESC/POS text mode or a raster image; the virtual printer and the screens can
show it too; the print-job store keeps it as JSON so any job can be printed
again (补打). The builders of each hall document are in core/receipt.py. Text
goes through ``clean_text`` so that characters printer fonts lack but that
have a printable twin (¥ → ￥, • → ·) never reach a printer. Plain data; any
thread.
"""

from __future__ import annotations

import base64
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

Align = Literal["left", "center", "right"]

KINDS = ("ticket", "receipt", "notice", "deficiency", "pickup", "supplement")
KIND_LABELS = {
    "ticket": "取号凭条",
    "receipt": "受理回执",
    "notice": "一次性告知书",
    "deficiency": "补正材料通知书",
    "pickup": "取件凭条",
    "supplement": "补正回执",
    "hotline": "12345工单回执",  # core.hotline_receipt (not a print sample kind)
    "commitment": "告知承诺书",  # services.commitment (not a print sample kind)
}

# Characters with a look-alike that every GB18030 printer font has. The
# originals are four-byte GB18030 sequences (or invisible) and would force
# a raster fallback for nothing.
_TWINS = {
    "\u00a5": "￥",  # YEN SIGN → FULLWIDTH YEN SIGN (the yuan sign on Chinese paper)
    "\u2022": "·",  # BULLET
    "\u2212": "－",  # MINUS SIGN
    "\u2027": "·",  # HYPHENATION POINT
    "\u00a0": " ",  # NO-BREAK SPACE
    "\u3000": "  ",  # IDEOGRAPHIC SPACE: two columns, like the printer's full-width space
    "\t": " ",
    "\r": "",
}
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def clean_text(text: str) -> str:
    """Text as it should go on paper: NFC, printable twins, no control characters.

    Keeps newlines (explicit line breaks). Rare characters (生僻字 such as 𠇔
    or 䶮) are kept as they are: the printer renderer draws what the printer
    font lacks.
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for ch in text:
        if ch in _TWINS:
            out.append(_TWINS[ch])
        elif ch in _INVISIBLE:
            continue
        elif ch == "\n" or unicodedata.category(ch)[0] != "C":
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Title:
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text))


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = "left"
    bold: bool = False
    size: int = 1  # 1 normal, 2 double width and height, 3 triple
    hang: int = 0  # continuation lines start this many columns in (numbered lists)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text))
        object.__setattr__(self, "size", max(1, min(3, int(self.size))))


@dataclass(frozen=True)
class KeyValue:
    key: str
    value: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", clean_text(self.key))
        object.__setattr__(self, "value", clean_text(self.value))


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class QR:
    payload: str
    caption: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "caption", clean_text(self.caption))


@dataclass(frozen=True)
class Picture:
    """A picture (hall emblem, seal, map): PNG bytes in base64, dithered when printed.

    ``width`` is the share of the paper width it takes (0-1).
    """

    png_b64: str
    width: float = 0.5
    align: Align = "center"

    @classmethod
    def from_png(cls, png: bytes, width: float = 0.5, align: Align = "center") -> Picture:
        return cls(base64.b64encode(png).decode("ascii"), width, align)

    @property
    def png(self) -> bytes:
        return base64.b64decode(self.png_b64)


@dataclass(frozen=True)
class Cut:
    pass


Block = Title | Text | KeyValue | Rule | QR | Picture | Cut

_TAGS: dict[type, str] = {
    Title: "title",
    Text: "text",
    KeyValue: "kv",
    Rule: "rule",
    QR: "qr",
    Picture: "picture",
    Cut: "cut",
}
_TYPES = {v: k for k, v in _TAGS.items()}


@dataclass
class Document:
    """A printable document: its kind, a reference (receipt or ticket number) and blocks."""

    kind: str
    blocks: list[Block] = field(default_factory=list)
    ref: str = ""

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def plain_text(self) -> str:
        """The document as plain lines (for transcripts, screens and tests)."""
        out: list[str] = []
        for b in self.blocks:
            match b:
                case Title(text=t):
                    out.append(t)
                case Text(text=t):
                    out.append(t)
                case KeyValue(key=k, value=v):
                    out.append(f"{k}：{v}")
                case Rule(char=c):
                    out.append(c * 24)
                case QR(payload=p, caption=c):
                    out.append(f"[QR {p}]" + (f" {c}" if c else ""))
                case Picture():
                    out.append("[PICTURE]")
                case Cut():
                    out.append("[CUT]")
        return "\n".join(out)

    def qr_payloads(self) -> list[str]:
        return [b.payload for b in self.blocks if isinstance(b, QR)]

    # ---- persistence (the print-job store keeps documents as JSON) --------
    def to_dict(self) -> dict[str, Any]:
        blocks = []
        for b in self.blocks:
            d: dict[str, Any] = {"t": _TAGS[type(b)]}
            d.update(vars(b))
            blocks.append(d)
        return {"v": 1, "kind": self.kind, "ref": self.ref, "blocks": blocks}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """The document ``to_dict`` made; ValueError when the data is not one."""
        try:
            blocks: list[Block] = []
            for raw in data["blocks"]:
                args = {k: v for k, v in raw.items() if k != "t"}
                blocks.append(_TYPES[raw["t"]](**args))
            return cls(kind=str(data["kind"]), blocks=blocks, ref=str(data.get("ref", "")))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a printed document: {exc}") from exc

    @classmethod
    def from_json(cls, text: str | bytes) -> Document:
        return cls.from_dict(json.loads(text))
