"""What a material's file is, by its first bytes: the types a case may carry.

Scans are PDFs made on the device; an online application's uploads (网上申报) may
also be JPEG or PNG, and a material reused from such a case keeps its type. Pure
functions; any thread.
"""

from __future__ import annotations

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


def media_type_of(data: bytes) -> str:
    """The file's type by its first bytes ("" when not JPEG, PNG or PDF)."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), "")
