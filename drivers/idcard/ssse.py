"""The social security card's SSSE application: names, files and record formats.

Third-generation social security cards (社会保障卡) carry the SSSE
application (AID ``sx1.sh.社会保障`` in GBK). Two of its files are readable
without a PSAM on most cards:

* EF05, card data: 01 card id (16), 02 card type (1), 03 spec version (4),
  04 issuer code (12), 05 issue date (4, BCD), 06 expiry date (4, BCD),
  07 card number (9).
* EF06, holder data: 08 social security number = ID number (18), 09 name
  (30, GBK), 0A sex (1, "1" male / "2" female), 0B nation (1, BCD),
  0C birth place (3, BCD), 0D birth date (4, BCD).

Each record is stored as tag, length, value, the tag being the record
number. Pure functions, any thread; bad input raises SsseDataError.
"""

from __future__ import annotations

import datetime as dt

from core.errors import DeviceError
from core.identity import CardType, Gender, Identity

SSSE_AID = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")
EF_CARD = bytes.fromhex("EF05")
EF_HOLDER = bytes.fromhex("EF06")

# record number → (name, length)
CARD_RECORDS = {
    0x01: ("card_id", 16),
    0x02: ("card_type", 1),
    0x03: ("spec_version", 4),
    0x04: ("issuer", 12),
    0x05: ("issue_date", 4),
    0x06: ("expiry_date", 4),
    0x07: ("card_number", 9),
}
HOLDER_RECORDS = {
    0x08: ("id_number", 18),
    0x09: ("name", 30),
    0x0A: ("sex", 1),
    0x0B: ("nation", 1),
    0x0C: ("birth_place", 3),
    0x0D: ("birth", 4),
}
# What OneWindow reads (the rest it leaves alone).
READ_CARD = (0x05, 0x06, 0x07)
READ_HOLDER = (0x08, 0x09, 0x0A, 0x0B, 0x0D)


class SsseDataError(DeviceError):
    """A social security card record that does not parse."""

    code = "ssse_data"


def encode_record(tag: int, value: bytes) -> bytes:
    return bytes([tag, len(value)]) + value


def record_value(tag: int, record: bytes) -> bytes:
    """The value of a tag-length-value record; plain values are taken as they are."""
    if len(record) >= 2 and record[0] == tag and record[1] == len(record) - 2:
        return record[2:]
    if len(record) >= 2 and record[0] == tag and record[1] < len(record) - 2:
        return record[2 : 2 + record[1]]  # padded record
    if record[:1] == bytes([tag]):
        raise SsseDataError("ssse_data.length")
    return record


def bcd(value: bytes) -> str:
    digits = value.hex().upper()
    if not digits.isdigit():
        raise SsseDataError("ssse_data.digits")
    return digits


def to_bcd(digits: str) -> bytes:
    return bytes.fromhex(digits)


def bcd_date(value: bytes, *, what: str) -> dt.date | None:
    if not value or set(value) <= {0x00} or set(value) <= {0xFF}:
        return None
    s = bcd(value)
    if len(s) != 8:
        raise SsseDataError("ssse_data.date_format", field=what)
    try:
        return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        raise SsseDataError("ssse_data.date_invalid", field=what) from None


def text(value: bytes, *, what: str) -> str:
    raw = value.rstrip(b"\x00\xff ")
    try:
        return raw.decode("gb18030").strip()
    except UnicodeDecodeError:
        raise SsseDataError("ssse_data.encoding", field=what) from None


def ascii_text(value: bytes, *, what: str) -> str:
    raw = value.rstrip(b"\x00\xff ")
    if not raw.isascii():
        raise SsseDataError("ssse_data.number_format", field=what)
    return raw.decode("ascii").strip()


def parse_records(records: dict[int, bytes]) -> Identity:
    """EF05 and EF06 records (by record number, as read) → Identity."""

    def value(tag: int) -> bytes:
        rec = records.get(tag)
        if rec is None:
            return b""
        return record_value(tag, rec)

    id_number = ascii_text(value(0x08), what="id_number").upper()
    name = text(value(0x09), what="name")
    if not id_number or not name:
        raise SsseDataError("ssse_data.no_holder")
    sex = ascii_text(value(0x0A), what="sex") or "0"
    try:
        gender = Gender(sex)
    except ValueError:
        raise SsseDataError("ssse_data.gender") from None
    nation_raw = value(0x0B)
    nation = bcd(nation_raw)[-2:] if nation_raw else ""
    return Identity(
        card_type=CardType.SOCIAL_SECURITY,
        name=name,
        gender=gender,
        nation=nation,
        birth=bcd_date(value(0x0D), what="birth"),
        id_number=id_number,
        card_number=ascii_text(value(0x07), what="card_number"),
        valid_from=bcd_date(value(0x05), what="issue_date"),
        valid_to=bcd_date(value(0x06), what="expiry_date"),
    )


def _pad(raw: bytes, n: int, fill: bytes = b"\x00") -> bytes:
    if len(raw) > n:
        raise ValueError(f"value longer than {n} bytes")
    return raw + fill * (n - len(raw))


def identity_records(identity: Identity, *, issuer: str = "440600", card_id: bytes = b"") -> dict:
    """The EF05 and EF06 records a card holding ``identity`` carries (for the virtual card)."""

    def day(d: dt.date | None) -> bytes:
        return to_bcd(f"{d:%Y%m%d}") if d else bytes(4)

    return {
        0x01: encode_record(0x01, _pad(card_id or identity.id_number[:16].encode(), 16)),
        0x02: encode_record(0x02, b"3"),
        0x03: encode_record(0x03, b"3.00"),
        0x04: encode_record(0x04, _pad(issuer.encode(), 12, b" ")),
        0x05: encode_record(0x05, day(identity.valid_from)),
        0x06: encode_record(0x06, day(identity.valid_to)),
        0x07: encode_record(0x07, _pad(identity.card_number.encode(), 9, b" ")),
        0x08: encode_record(0x08, _pad(identity.id_number.encode(), 18, b" ")),
        0x09: encode_record(0x09, _pad(identity.name.encode("gb18030"), 30)),
        0x0A: encode_record(0x0A, identity.gender.value.encode()),
        0x0B: encode_record(0x0B, to_bcd((identity.nation or "00")[-2:])),
        0x0C: encode_record(0x0C, to_bcd(identity.id_number[:6])),
        0x0D: encode_record(0x0D, day(identity.birth)),
    }
