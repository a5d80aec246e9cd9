"""Client-generated identifiers: UUIDv7 and receipt numbers.

UUIDv7 (RFC 9562) sorts by creation time, so ids made offline on thousands
of devices never collide and still index well at the back office. Receipt
numbers are unique by construction: hall code, device code, date and a
per-device daily sequence that the local store allocates. A case's check
code (校验码) is derived from its id, so an offline device can print it next
to the receipt number; together they let another hall look the case up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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


# Crockford base32: no I, L, O, U, so a code read off paper is typed right.
CHECK_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_CODE_LENGTH = 8
_CHECK_RE = re.compile(f"[{CHECK_ALPHABET}]{{{CHECK_CODE_LENGTH}}}")


def check_code(case_id: str) -> str:
    """The case's 8-character check code (40 bits of SHA-256 over its id), e.g. "7K3M9QXD".

    The case id is random (74 bits of a UUIDv7) and is printed only inside the
    receipt's QR code, so the code cannot be worked out from the receipt
    number alone: whoever holds the paper can ask, others cannot. The back
    office, which holds the id, computes the same code to check a cross-hall
    look-up.
    """
    digest = hashlib.sha256(b"onewindow-check-code:" + case_id.strip().lower().encode()).digest()
    value = int.from_bytes(digest[:5], "big")
    return "".join(
        CHECK_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(CHECK_CODE_LENGTH))
    )


def normalise_check_code(text: str) -> str | None:
    """What a citizen typed ("7k3m-9qxd", "7K3M 9QXD", O for 0) as a check code, or None."""
    code = "".join(ch for ch in text.upper() if ch not in " -")
    code = code.replace("O", "0").replace("I", "1").replace("L", "1")
    return code if _CHECK_RE.fullmatch(code) else None


# ---------------------------------------------------------------- 12345 tickets

TICKET_RE = re.compile(
    r"^(?P<hall>[A-Z0-9]{2,12})-(?P<device>[A-Z0-9]{2,8})-(?P<date>\d{8})-H(?P<seq>\d{4,})$"
)
TICKET_PATTERN = TICKET_RE.pattern
TICKET_SEQUENCE_SUFFIX = "-H"  # the device's own 12345 sequence beside its receipt numbers


def ticket_number(hall_code: str, device_code: str, day: dt.date, seq: int) -> str:
    """FS01-K01-20261202-H0007: a 12345 ticket (工单), unique per device and day like
    receipt numbers (the H keeps it apart from them), allocated offline."""
    return f"{hall_code}-{device_code}-{day:%Y%m%d}-H{seq:04d}"


def parse_ticket_number(text: str) -> dict[str, str] | None:
    m = TICKET_RE.fullmatch(text.strip().upper())
    return m.groupdict() if m else None


def ticket_check_code(record_id: str) -> str:
    """The 12345 ticket's 8-character check code, from the record's random id (printed
    on the ticket; the back office, which holds the id, computes the same)."""
    digest = hashlib.sha256(b"onewindow-ticket-code:" + record_id.strip().lower().encode()).digest()
    value = int.from_bytes(digest[:5], "big")
    return "".join(
        CHECK_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(CHECK_CODE_LENGTH))
    )
