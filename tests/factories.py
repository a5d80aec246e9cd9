"""Fictitious people and items for tests. No real personal data anywhere."""

from __future__ import annotations

import datetime as dt

from core.catalog import FieldType, FormField, Item, Material
from core.identity import CardType, Gender, Identity, check_digit


def id_number(region: str = "440604", birth: str = "19850315", seq: str = "123") -> str:
    first17 = region + birth + seq
    return first17 + check_digit(first17)


def identity(**kw) -> Identity:
    base = dict(
        card_type=CardType.RESIDENT,
        name="测试甲",
        gender=Gender.MALE,
        nation="01",
        birth=dt.date(1985, 3, 15),
        address="广东省佛山市禅城区测试路1号",
        id_number=id_number(),
        authority="佛山市公安局禅城分局",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2040, 1, 1),
    )
    base.update(kw)
    return Identity(**base)


def item(**kw) -> Item:
    base = dict(
        code="TEST-0001",
        name="测试事项",
        department="测试局",
        window_class="民生",
        promised_days=5,
        statutory_days=20,
        materials=(
            Material(code="M-ID", name="居民身份证", copies=1),
            Material(code="M-PHOTO", name="证件照片", deficiency_allowed=True),
            Material(code="M-PROOF", name="收入证明", commitment_allowed=True),
        ),
        form=(
            FormField(key="name", label="姓名", prefill="name"),
            FormField(
                key="id_number", label="身份证号", type=FieldType.ID_NUMBER, prefill="id_number"
            ),
            FormField(key="phone", label="手机号码", type=FieldType.PHONE),
        ),
    )
    base.update(kw)
    return Item(**base)
