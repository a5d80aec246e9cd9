"""Identities read from cards: GB 11643 checks, expiry and masking.

An ``Identity`` is what a GA/T 467 reader, a social security card or the
virtual reader produced. ``check_identity`` is run on every read: it refuses
what must be refused (bad checksum, birth date or gender that disagree with
the number, expired card) and returns warnings for what is only suspicious
(unknown region code).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from core.errors import IdentityError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")

# First two digits of GB/T 2260 region codes, plus 81/82/83 used by the
# Hong Kong, Macao and Taiwan residence permits and 9x used by the 2023
# foreign permanent resident card. Finer codes change every year; only the
# province level is checked, and a miss is a warning, never a refusal.
PROVINCE_CODES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
    "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
    "37": "山东",
    "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
    "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    "71": "台湾", "81": "香港", "82": "澳门", "83": "台湾居民",
    "91": "外国人", "92": "外国人", "93": "外国人", "94": "外国人", "95": "外国人",
    "96": "外国人", "97": "外国人", "98": "外国人",
}  # fmt: skip


# GB 3304 nation codes 01-56 in order, as resident ID cards carry them.
_NATION_NAMES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)  # fmt: skip
NATIONS = {f"{i:02d}": n for i, n in enumerate(_NATION_NAMES, start=1)} | {
    "97": "其他",
    "98": "外国血统中国籍人士",
}


def nation_name(code: str) -> str:
    """01 → 汉族; a value that is not a known code is returned as it is."""
    return NATIONS.get(code.strip(), code.strip())


class CardType(StrEnum):
    """Which card an identity was read from."""

    RESIDENT = "resident"  # 居民身份证
    PERMIT_HMT = "permit_hmt"  # 港澳台居民居住证 (type flag J)
    FOREIGN_OLD = "foreign_old"  # 外国人永久居留身份证, old layout (I)
    FOREIGN_2023 = "foreign_2023"  # 外国人永久居留身份证, 2023 layout (Y)
    SOCIAL_SECURITY = "social_security"  # 社会保障卡 over PC/SC


class Gender(StrEnum):
    """GB/T 2261.1 gender codes as the card carries them."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSTATED = "9"


class Identity(BaseModel):
    """A person as read from a card. Personal data: never log it.

    Plain data; any thread may create or read one.
    """

    model_config = ConfigDict(frozen=True)

    card_type: CardType = CardType.RESIDENT
    name: str
    gender: Gender = Gender.UNKNOWN
    nation: str = ""  # nation code 01-56/97/98 for resident cards; nationality otherwise
    birth: dt.date | None = None
    address: str = ""
    id_number: str
    authority: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None  # None means 长期 (no expiry)
    english_name: str = ""
    card_number: str = ""  # social security card number, when read from one
    photo: bytes = Field(default=b"", repr=False)  # raw WLT bytes or an image

    def __repr__(self) -> str:  # keep personal data out of tracebacks and logs
        return f"Identity(card_type={self.card_type.value}, id={mask_id_number(self.id_number)})"

    __str__ = __repr__

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)


def check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def birth_from_id(id_number: str) -> dt.date:
    """The birth date encoded in digits 7-14; raises IdentityError."""
    try:
        return dt.datetime.strptime(id_number[6:14], "%Y%m%d").date()
    except ValueError:
        raise IdentityError("identity.id_number_birth_invalid") from None


def gender_from_id(id_number: str) -> Gender:
    """Odd sequence digit means male, even female."""
    return Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE


def validate_id_number(id_number: str) -> str:
    """Normalise and check a GB 11643 number; returns it upper-cased.

    Raises IdentityError naming what is wrong (format, check digit, birth date).
    """
    number = id_number.strip().upper()
    if not _ID_RE.fullmatch(number):
        raise IdentityError("identity.id_number_format")
    if check_digit(number[:17]) != number[17]:
        raise IdentityError("identity.id_number_check")
    birth = birth_from_id(number)
    if birth > dt.date.today() or birth.year < 1900:
        raise IdentityError("identity.id_number_birth_implausible")
    return number


def region_known(id_number: str) -> bool:
    return id_number[:2] in PROVINCE_CODES


def check_identity(identity: Identity, today: dt.date | None = None) -> list[str]:
    """Check an identity on every read. Returns warnings; raises IdentityError.

    Refused: invalid number, birth date or gender disagreeing with the number,
    expired card. Warned: unknown region code.
    """
    today = today or dt.date.today()
    if identity.card_type is CardType.FOREIGN_OLD:
        return _check_foreign_old(identity, today)
    number = validate_id_number(identity.id_number)
    warnings: list[str] = []
    if identity.birth is not None and identity.birth != birth_from_id(number):
        raise IdentityError("identity.birth_mismatch")
    if identity.gender in (Gender.MALE, Gender.FEMALE) and identity.gender != gender_from_id(
        number
    ):
        raise IdentityError("identity.gender_mismatch")
    if identity.valid_to is not None and identity.valid_to < today:
        raise IdentityError("identity.expired", valid_to=identity.valid_to)
    if not region_known(number):
        warnings.append("身份证号码的地区代码未知，请工作人员核验")
    return warnings


_FOREIGN_OLD_RE = re.compile(r"^[A-Z]{3}\d{12}$")


def _check_foreign_old(identity: Identity, today: dt.date) -> list[str]:
    """The old foreign permanent resident card (type I) has a 15-character number.

    Three letters of nationality, then digits with the birth date (YYMMDD) at
    positions 6-11; it has no GB 11643 check digit, so only its shape, the
    birth date (a warning: the layout is less certain) and the expiry are checked.
    """
    number = identity.id_number.strip().upper()
    if not _FOREIGN_OLD_RE.fullmatch(number):
        raise IdentityError("identity.permit_number_format")
    warnings: list[str] = []
    if identity.birth is not None and number[5:11] != f"{identity.birth:%y%m%d}":
        warnings.append("永久居留证号码与出生日期不一致，请工作人员核验")
    if identity.valid_to is not None and identity.valid_to < today:
        raise IdentityError("identity.expired", valid_to=identity.valid_to)
    return warnings


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明; Latin names keep initials."""
    name = name.strip()
    if not name:
        return ""
    if name.isascii():
        parts = name.split()
        return " ".join(p[0] + "*" * (len(p) - 1) for p in parts)
    if len(name) == 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(id_number: str) -> str:
    """110105199001011234 → 110***********1234 (first 3, last 4 kept)."""
    n = id_number.strip()
    if len(n) <= 7:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678."""
    p = phone.strip()
    if len(p) < 7:
        return "*" * len(p)
    return p[:3] + "*" * (len(p) - 7) + p[-4:]


def mask_address(address: str) -> str:
    """Keep the first six characters (province/city/district), hide the rest."""
    a = address.strip()
    return a[:6] + "*" * min(8, max(0, len(a) - 6))


def mask_date(value: dt.date | str | None) -> str:
    """1990-01-01 → 1990-**-** (the year kept); "" for no date."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else value.strip()
    if len(text) >= 5 and text[4] in "-年/.":
        return text[:5] + "".join("*" if c.isdigit() else c for c in text[5:])
    return "*" * len(text)
