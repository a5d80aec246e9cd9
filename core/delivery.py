"""邮寄送达: the structured address, the recipient's mobile, the waybill number, masks.

The counter takes an express delivery as province / city / district (GB/T 2260
codes from core.divisions) plus the street detail, the recipient's name and an
11-digit mainland mobile number; at 出件 the clerk captures the parcel's waybill
number (a barcode or a scanner gun). Each is checked strictly here and refused with
a DeliveryError whose code names what is wrong (words in core.messages). Plain
functions; any thread.
"""

from __future__ import annotations

import re

from core.case import Delivery, DeliveryMethod
from core.divisions import Divisions
from core.errors import DeliveryError
from core.i18n import N_
from core.identity import mask_address, mask_name, mask_phone

MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
WAYBILL_RE = re.compile(r"^[A-Z0-9]{8,20}$")

# The carriers a hall hands parcels to (code → name); "ems" is the default (政务 EMS).
CARRIERS: dict[str, str] = {
    "ems": N_("中国邮政EMS"),
    "sf": N_("顺丰速运"),
    "jd": N_("京东物流"),
    "zto": N_("中通快递"),
    "yto": N_("圆通速递"),
}
CARRIER_RE = re.compile(r"^(" + "|".join(CARRIERS) + r")$")
_PREFIXES = (("SF", "sf"), ("JD", "jd"))  # waybill prefixes that name their carrier


def parse_mobile(text: str) -> str:
    """The 11-digit mainland mobile number ``text`` holds (surrounding spaces only are
    dropped); DeliveryError ``delivery.phone_length`` / ``delivery.phone_not_mobile``."""
    phone = text.strip()
    if not phone.isascii() or not phone.isdigit() or len(phone) != 11:
        raise DeliveryError("delivery.phone_length", count=len(phone))
    if not MOBILE_RE.match(phone):
        raise DeliveryError("delivery.phone_not_mobile")
    return phone


def parse_waybill(text: str) -> str:
    """A waybill number: 8–20 letters and digits (upper-cased), nothing else; what a
    scanner gun or the barcode gave. DeliveryError ``delivery.bad_waybill``."""
    number = text.strip().upper()
    if not number.isascii() or not WAYBILL_RE.match(number):
        raise DeliveryError("delivery.bad_waybill", count=len(number))
    return number


def carrier_of(waybill: str, default: str = "ems") -> str:
    """The carrier a waybill number's prefix names (SF…: 顺丰, JD…: 京东), else ``default``."""
    for prefix, carrier in _PREFIXES:
        if waybill.upper().startswith(prefix):
            return carrier
    return default


def express_delivery(
    divisions: Divisions,
    *,
    province_code: str,
    city_code: str = "",
    city_name: str = "",
    district_code: str = "",
    district_name: str = "",
    detail: str,
    recipient_name: str,
    phone: str,
) -> Delivery:
    """The checked 邮寄送达 of a case: codes against the table (names from it where it
    has them, else the typed ones), the detail and the recipient's name given, the
    mobile strict. DeliveryError names the first thing wrong."""
    divisions.check(province_code, city_code, district_code, city_name, district_name)
    province = divisions.of(province_code)
    assert province is not None
    city = divisions.of(city_code)
    district = divisions.of(district_code)
    city_text = city.name if city is not None else city_name.strip()
    district_text = district.name if district is not None else district_name.strip()
    street = " ".join(detail.split())
    if len(street) < 4:
        raise DeliveryError("delivery.no_detail")
    if len(street) > 120:
        raise DeliveryError("delivery.detail_too_long", limit=120)
    who = recipient_name.strip()
    if not who or len(who) > 40:
        raise DeliveryError("delivery.no_recipient")
    number = parse_mobile(phone)
    return Delivery(
        method=DeliveryMethod.EXPRESS,
        address=joined_address(province.name, city_text, district_text, street),
        recipient_phone=number,
        recipient_name=who,
        province_code=province.code,
        province=province.name,
        city_code=city.code if city is not None else "",
        city=city_text,
        district_code=district.code if district is not None else "",
        district=district_text,
        detail=street,
    )


def joined_address(province: str, city: str, district: str, detail: str) -> str:
    """The address as one text (``Delivery.address``); a municipality's name once
    (北京市 as province and city)."""
    head = province if city == province else province + city
    return f"{head}{district}{detail}"


def mask_detail(detail: str) -> str:
    """The street detail with all but its first two characters hidden (体育西路1号 → 体育****)."""
    d = detail.strip()
    return d[:2] + "*" * min(6, max(0, len(d) - 2))


def masked_address(delivery: Delivery) -> str:
    """Where a parcel goes, for paper and screens: the city and district in full, the
    detail masked (a typed address: its first six characters)."""
    if delivery.structured:
        return f"{delivery.city}{delivery.district} {mask_detail(delivery.detail)}"
    return mask_address(delivery.address)


def masked_recipient(delivery: Delivery) -> str:
    """收件人 masked: 张*三 138****1234 (what is recorded of the two)."""
    parts = [mask_name(delivery.recipient_name)] if delivery.recipient_name else []
    if delivery.recipient_phone:
        parts.append(mask_phone(delivery.recipient_phone))
    return " ".join(parts)
