"""The 256-byte text block of the four cards a GA/T 467 reader reads.

UTF-16LE, space padded. Bytes 248-249 hold the type flag: a space for the
resident ID card (居民身份证), ``J`` for the Hong Kong/Macao/Taiwan residence
permit (港澳台居民居住证), ``I`` for the old and ``Y`` for the 2023 foreign
permanent resident ID card (外国人永久居留身份证). Each has its own layout
(byte offset, length):

======  ===================  ==================  ==================  =====================
offset  resident (space)     permit ``J``        foreign old ``I``   foreign 2023 ``Y``
======  ===================  ==================  ==================  =====================
0       name 30              name 30             English name 120    Chinese name 30
30      gender 2             gender 2                                gender 2
32      nation 4             reserved 4                              renewal count 4
36      birth 16             birth 16                                birth 16
52      address 70           address 70                              English name 70
120                                              gender 2
122     ID number 36         ID number 36        permit number 30    ID number 36
152                                              nationality 6
158     authority 30         authority 30        Chinese name 30     reserved 30
188     valid from 16        valid from 16       valid from 16       valid from 16
204     valid to 16          valid to 16         valid to 16         valid to 16
220     reserved 36          pass number 18      birth 16            English name (2) 22
236                                              card version 4
238                          issue count 4
240                                              authority code 8
242                          reserved 6                              nationality 6
248     type flag (space)    type flag J         type flag I         type flag Y
250                          reserved 6          reserved 6          old number link 6
======  ===================  ==================  ==================  =====================

Dates are ``YYYYMMDD``; "valid to" may be ``长期`` (no expiry). Pure
functions, any thread. Every malformed block raises CardDataError.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.identity import CardType, Gender, Identity
from drivers.idcard.ga467_codec import TEXT_LEN, Ga467Error

TYPE_FLAG_OFFSET = 248
LONG_TERM = "长期"


class CardDataError(Ga467Error):
    """The text block read from a card does not parse (damaged or unknown layout)."""

    code = "card_data"


# field name → (offset, length in bytes)
Layout = dict[str, tuple[int, int]]

RESIDENT: Layout = {
    "name": (0, 30),
    "gender": (30, 2),
    "nation": (32, 4),
    "birth": (36, 16),
    "address": (52, 70),
    "id_number": (122, 36),
    "authority": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
}
PERMIT_HMT: Layout = {
    "name": (0, 30),
    "gender": (30, 2),
    "birth": (36, 16),
    "address": (52, 70),
    "id_number": (122, 36),
    "authority": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
    "pass_number": (220, 18),
    "issue_count": (238, 4),
}
FOREIGN_OLD: Layout = {
    "english_name": (0, 120),
    "gender": (120, 2),
    "id_number": (122, 30),
    "nationality": (152, 6),
    "name": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
    "birth": (220, 16),
    "card_version": (236, 4),
    "authority": (240, 8),
}
FOREIGN_2023: Layout = {
    "name": (0, 30),
    "gender": (30, 2),
    "renewal_count": (32, 4),
    "birth": (36, 16),
    "english_name": (52, 70),
    "id_number": (122, 36),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
    "english_name_more": (220, 22),
    "nationality": (242, 6),
    "previous_number_link": (250, 6),
}

FLAGS: dict[str, tuple[CardType, Layout]] = {
    " ": (CardType.RESIDENT, RESIDENT),
    "J": (CardType.PERMIT_HMT, PERMIT_HMT),
    "I": (CardType.FOREIGN_OLD, FOREIGN_OLD),
    "Y": (CardType.FOREIGN_2023, FOREIGN_2023),
}
FLAG_OF = {ct: flag for flag, (ct, _layout) in FLAGS.items()}

# Fields that are not part of Identity but are shown by `onewindow card decode`.
EXTRA_FIELDS = (
    "pass_number",
    "issue_count",
    "card_version",
    "renewal_count",
    "previous_number_link",
)


@dataclass(frozen=True)
class TextBlock:
    """A parsed text block: its card type and every field as text.

    Personal data: never log it. Plain data, any thread.
    """

    card_type: CardType
    fields: dict[str, str] = field(default_factory=dict)

    def extras(self) -> dict[str, str]:
        return {k: v for k, v in self.fields.items() if k in EXTRA_FIELDS and v}


def _text(raw: bytes, what: str) -> str:
    try:
        s = raw.decode("utf-16-le")
    except UnicodeDecodeError:
        raise CardDataError("card_data.encoding", field=what) from None
    return s.replace("\x00", " ").strip()


def _date(value: str, what: str, *, allow_long_term: bool = False) -> dt.date | None:
    if not value:
        return None
    if allow_long_term and value == LONG_TERM:
        return None
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise CardDataError("card_data.date_format", field=what)
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise CardDataError("card_data.date_invalid", field=what) from None


def _gender(value: str) -> Gender:
    try:
        return Gender(value or "0")
    except ValueError:
        raise CardDataError("card_data.gender", field="gender") from None


def type_flag(text: bytes) -> str:
    """The type flag character of a 256-byte text block."""
    if len(text) != TEXT_LEN:
        raise CardDataError("card_data.text_length")
    try:
        flag = text[TYPE_FLAG_OFFSET : TYPE_FLAG_OFFSET + 2].decode("utf-16-le")
    except UnicodeDecodeError:
        flag = "?"
    return " " if flag in (" ", "\x00") else flag


def parse_text(text: bytes) -> TextBlock:
    """A 256-byte text block → TextBlock; raises CardDataError when it does not parse."""
    flag = type_flag(text)
    if flag not in FLAGS:
        raise CardDataError("card_data.unknown_type", flag=flag)
    card_type, layout = FLAGS[flag]
    fields = {name: _text(text[o : o + n], name) for name, (o, n) in layout.items()}
    block = TextBlock(card_type, fields)
    to_identity(block)  # validates dates, gender and required fields now, not later
    return block


def to_identity(block: TextBlock, photo: bytes = b"") -> Identity:
    """The Identity a TextBlock describes. Raises CardDataError on bad values."""
    f = block.fields
    id_number = f.get("id_number", "")
    if not id_number:
        raise CardDataError("card_data.no_number")
    name = f.get("name", "")
    english = (f.get("english_name", "") + f.get("english_name_more", "")).strip()
    if not name and not english:
        raise CardDataError("card_data.no_name")
    birth = _date(f.get("birth", ""), "birth")
    if birth is None:
        raise CardDataError("card_data.no_birth")
    nation = f.get("nation", "") or f.get("nationality", "")
    return Identity(
        card_type=block.card_type,
        name=name or english,
        gender=_gender(f.get("gender", "")),
        nation=nation,
        birth=birth,
        address=f.get("address", ""),
        id_number=id_number,
        authority=f.get("authority", ""),
        valid_from=_date(f.get("valid_from", ""), "valid_from"),
        valid_to=_date(f.get("valid_to", ""), "valid_to", allow_long_term=True),
        english_name=english,
        photo=photo,
    )


# ---- encoding (the emulator and the tests) ------------------------------------------------------
def _put(buf: bytearray, offset: int, length: int, value: str) -> None:
    raw = value.encode("utf-16-le")
    if len(raw) > length:
        raise ValueError(f"value does not fit in {length} bytes at offset {offset}")
    buf[offset : offset + length] = raw + " ".encode("utf-16-le") * ((length - len(raw)) // 2)


def encode_text(card_type: CardType, fields: dict[str, str]) -> bytes:
    """A 256-byte text block for ``card_type`` with ``fields`` (missing ones blank)."""
    flag = FLAG_OF[card_type]
    layout = FLAGS[flag][1]
    buf = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    for name, value in fields.items():
        if name not in layout:
            raise ValueError(f"{card_type.value} has no field {name}")
        _put(buf, *layout[name], value)
    _put(buf, TYPE_FLAG_OFFSET, 2, flag)
    return bytes(buf)


def identity_fields(identity: Identity, extras: dict[str, str] | None = None) -> dict[str, str]:
    """The text fields that describe ``identity`` on its card type's layout."""
    layout = FLAGS[FLAG_OF[identity.card_type]][1]

    def day(d: dt.date | None, long_term: bool = False) -> str:
        if d is None:
            return LONG_TERM if long_term else ""
        return f"{d:%Y%m%d}"

    values = {
        "name": identity.name if identity.name != identity.english_name else "",
        "gender": identity.gender.value,
        "nation": identity.nation,
        "nationality": identity.nation,
        "birth": day(identity.birth),
        "address": identity.address,
        "id_number": identity.id_number,
        "authority": identity.authority,
        "valid_from": day(identity.valid_from),
        "valid_to": day(identity.valid_to, long_term=True),
    }
    if identity.card_type is CardType.FOREIGN_2023:
        values["english_name"] = identity.english_name[:35]
        values["english_name_more"] = identity.english_name[35:46]
    else:
        values["english_name"] = identity.english_name
    values.update(extras or {})
    return {k: v for k, v in values.items() if k in layout}


def encode_identity(identity: Identity, extras: dict[str, str] | None = None) -> bytes:
    """The 256-byte text block a card holding ``identity`` carries."""
    return encode_text(identity.card_type, identity_fields(identity, extras))
