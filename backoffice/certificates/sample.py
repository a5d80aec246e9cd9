"""样例数据: the sample registry of certificates (NOT real people's records).

The holders are the emulators' sample ID cards (emulators/virtual_reader.py),
so the demo and the tests find a record for the card they present. A real
deployment replaces this module with its department's system (the social
insurance fund's, the police's) behind the same ``Record`` answer. The plain
ID numbers live only here, in this shipped sample; the back office indexes
them by HMAC (backoffice.certificates.issue) and stores no number.
"""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_NOTE = "样例数据"  # printed on every certificate and shown on the verification page


@dataclass(frozen=True)
class Kind:
    """A kind of certificate: its catalog item, title, issuer and how long it is valid."""

    kind: str
    item_code: str
    title: str
    issuer: str
    valid_days: int


KINDS: dict[str, Kind] = {
    "social_insurance": Kind(
        "social_insurance",
        "440604-MS-0001",
        "社会保险参保缴费证明",
        "佛山市社会保险基金管理局禅城分局",
        90,
    ),
    "no_crime": Kind("no_crime", "440604-GA-0009", "无犯罪记录证明", "佛山市公安局禅城分局", 90),
}
KIND_OF_ITEM = {k.item_code: k for k in KINDS.values()}


@dataclass(frozen=True)
class Record:
    """What the registry says about one holder for one kind: the name on record and
    the certificate's statements (lines of text; rows of a table when it has one)."""

    name: str
    lines: tuple[str, ...]
    table: tuple[tuple[str, ...], ...] = ()


def _insurance(unit: str, since: str, months: int) -> Record:
    return Record(
        "",
        (
            f"参保单位：{unit}",
            f"首次参保时间：{since}",
            "当前参保状态：正常参保缴费",
        ),
        (
            ("险种", "累计缴费月数", "参保状态"),
            ("企业职工基本养老保险", str(months), "参保缴费"),
            ("职工基本医疗保险", str(months), "参保缴费"),
            ("失业保险", str(months), "参保缴费"),
            ("工伤保险", str(months), "参保缴费"),
        ),
    )


_NO_CRIME = (
    "经查询全国违法犯罪人员信息系统，截至出具之日，",
    "未发现该人员有犯罪记录。",
    "本证明仅证明在中国境内的情况。",
)

# id_number → kind → record (the sample cards' numbers and names).
_SAMPLE: dict[str, tuple[str, dict[str, Record]]] = {
    "440604198806153716": (
        "张小三",
        {
            "social_insurance": _insurance("佛山市禅城区样例科技有限公司", "2010年07月", 185),
            "no_crime": Record("", _NO_CRIME),
        },
    ),
    "420106196211030533": (
        "李四",
        {"social_insurance": _insurance("佛山市样例机械厂", "1985年03月", 452)},
    ),
    "120101197909092463": (
        "王芳",
        {
            "social_insurance": _insurance("佛山市样例商贸有限公司", "2003年09月", 262),
            "no_crime": Record("", _NO_CRIME),
        },
    ),
    "330106200102284283": ("欧阳明华", {"no_crime": Record("", _NO_CRIME)}),
}


def sample_records() -> dict[str, tuple[str, dict[str, Record]]]:
    """The sample registry: ID number → (name, kind → record). Any thread."""
    return {
        number: (name, {k: Record(name, r.lines, r.table) for k, r in records.items()})
        for number, (name, records) in _SAMPLE.items()
    }
