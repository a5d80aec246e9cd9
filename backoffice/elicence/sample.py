"""样例数据: the sample e-licence registry (NOT real people's licences).

The holders are the emulators' sample ID cards (emulators/virtual_reader.py),
so the demo and the tests find licences for the card they present. A real
deployment replaces this module with the province's 电子证照库 behind the same
``Licence`` answer. The plain ID numbers live only here, in this shipped
sample; the back office indexes them by HMAC (backoffice.elicence.registry).
Any thread (constants).
"""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_NOTE = "样例数据"  # on every licence drawn and on the screens that list them

# licence type (core.catalog.Material.e_licence) → its title and issuer
TYPES: dict[str, tuple[str, str]] = {
    "household": ("居民户口簿", "佛山市公安局禅城分局"),
    "marriage": ("结婚证", "佛山市禅城区民政局"),
    "property": ("不动产权证书", "佛山市自然资源局"),
    "birth": ("出生医学证明", "佛山市妇幼保健院"),
    "business": ("营业执照", "佛山市禅城区市场监督管理局"),
}


@dataclass(frozen=True)
class Licence:
    """One licence in the registry: its type, number, holder's name on record, the date
    it was issued and the lines it states."""

    kind: str
    number: str
    name: str
    issued_on: str  # YYYY-MM-DD
    lines: tuple[str, ...]


# ID number → the person's licences (the sample cards' numbers and names)
PERSONS: dict[str, tuple[Licence, ...]] = {
    "440604198806153716": (
        Licence(
            "household",
            "HK440604-2015-000318",
            "张小三",
            "2015-03-18",
            ("户别：家庭户", "户主姓名：张小三", "住址：广东省佛山市禅城区样例路1号"),
        ),
        Licence(
            "marriage",
            "J440604-2016-004521",
            "张小三",
            "2016-10-01",
            ("持证人：张小三", "登记机关：佛山市禅城区民政局", "结婚登记日期：2016年10月01日"),
        ),
        Licence(
            "property",
            "粤(2019)佛禅不动产权第0012345号",
            "张小三",
            "2019-06-20",
            ("权利人：张小三", "坐落：佛山市禅城区样例花园3座1201房", "用途：住宅"),
        ),
    ),
    "120101197909092463": (
        Licence(
            "household",
            "HK440604-2008-001207",
            "王芳",
            "2008-05-06",
            ("户别：家庭户", "户主姓名：王芳", "住址：广东省佛山市禅城区样例街8号"),
        ),
        Licence(
            "birth",
            "Q440610221",
            "王芳",
            "2012-08-09",
            ("新生儿：王小芳（样例）", "母亲：王芳", "出生地点：佛山市妇幼保健院"),
        ),
    ),
}

# credit code → (the 法定代表人's ID number, the licence); found only for that person's card
COMPANIES: dict[str, tuple[str, Licence]] = {
    "91440604MA4W12345N": (
        "440604198806153716",
        Licence(
            "business",
            "91440604MA4W12345N",
            "佛山市禅城区样例科技有限公司",
            "2017-04-12",
            ("类型：有限责任公司", "法定代表人：张小三", "住所：佛山市禅城区样例路1号"),
        ),
    ),
}
