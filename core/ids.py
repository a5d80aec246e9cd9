"""Client-generated identifiers: UUIDv7 and receipt numbers.

UUIDv7 (RFC 9562) sorts by creation time, so ids made offline on thousands
of devices never collide and still index well at the back office. Receipt
numbers are unique by construction: hall code, device code, date and a
per-device daily sequence that the local store allocates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import uuid

RECEIPT_RE = re.compile(
    r"^(?P<hall>[A-Z0-9]{2,12})-(?P<device>[A-Z0-9]{2,8})-(?P<date>\d{8})-(?P<seq>\d{4,})$"
)


def uuid7(now_ms: int | None = None) -> str:
    """A UUIDv7 string: 48-bit Unix milliseconds, version, 74 random bits."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def receipt_number(hall_code: str, device_code: str, day: dt.date, seq: int) -> str:
    """FS01-K01-20261124-0007: readable aloud, unique per device and day."""
    return f"{hall_code}-{device_code}-{day:%Y%m%d}-{seq:04d}"


def parse_receipt_number(text: str) -> dict[str, str] | None:
    m = RECEIPT_RE.fullmatch(text.strip().upper())
    return m.groupdict() if m else None
