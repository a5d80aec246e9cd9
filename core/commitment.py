"""告知承诺: the 承诺书's wording, which materials it replaces, who may use it.

The catalog says where a commitment may replace a proof (``Material.commitment_allowed``)
but holds no wording: the 承诺书 is this module's one template (``TEMPLATE``, versioned
by ``TEXT_VERSION``), filled with the item's name, the applicant and the materials it
replaces (``letter``). A signed 承诺书 is a ``Commitment`` on the case (when, which text
by version and hash, which materials, which files) and each replaced material is a
``CaseMaterial`` with status COMMITMENT whose file is the rendered 承诺书.

Whether the applicant may sign one is the back office's answer (its credit list, 信用记录)
as an ``Eligibility``; without an answer the device follows ``[commitment] offline``
(``offline_eligibility``). Refusals carry a reason code whose words are
``commitment.refused.<reason>`` in core.messages. Pure functions and plain data; any thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from core.case import Case, CaseMaterial, Commitment, MaterialStatus
from core.catalog import Item
from core.errors import CatalogError
from core.identity import mask_id_number

TEXT_VERSION = "gzcn-2026.1"  # change it with any change of TEMPLATE's words

# The standard 告知承诺 wording (证明事项告知承诺制): the authority has told the applicant
# what is required; the applicant declares to meet it, accepts checks, and the legal and
# credit consequences of a false commitment.
TEMPLATE = (
    "申请人{name}（证件号码：{id_number}）申请办理“{item}”。",
    "行政机关已告知本人该事项的办理条件、标准和要求，以及以下证明材料可以书面承诺代替：",
    "{materials}",
    "本人郑重承诺：",
    "一、本人已知晓告知的全部内容，所填写的信息真实、准确、完整；",
    "二、本人符合上述条件、标准和要求，能够在约定期限内提交相关材料或接受核查；",
    "三、本人愿意接受行政机关的事中事后核查，如承诺不实，愿意承担撤销决定等法律责任，"
    "并同意将不实承诺情况记入信用记录；",
    "四、本承诺书是本人真实意思的表示，一式两份，申请人和受理机关各执一份。",
)
TITLE = "证明事项告知承诺书"

__all__ = ["Commitment", "Eligibility", "letter", "offline_eligibility", "replaceable"]

REASONS = ("dishonest", "false_commitment", "offline")
"""Why an applicant may not use 告知承诺: on the credit list as 失信被执行人 (dishonest),
a false commitment before (false_commitment), no answer and the offline rule refuses."""


@dataclass(frozen=True)
class Eligibility:
    """May this applicant sign a 承诺书: ``allowed``, else ``reason`` (one of REASONS).
    ``offline``: the back office was not asked (the offline rule decided). Any thread."""

    allowed: bool
    reason: str = ""
    offline: bool = False

    @property
    def words_code(self) -> str:
        """The catalogue code of the refusal's words ("" when allowed)."""
        return "" if self.allowed else f"commitment.refused.{self.reason or 'dishonest'}"


def offline_eligibility(rule: str) -> Eligibility:
    """What the device decides when the back office cannot be asked (``[commitment]
    offline`` = allow | refuse)."""
    if rule == "allow":
        return Eligibility(True, offline=True)
    return Eligibility(False, "offline", offline=True)


def replaceable(case: Case, item: Item) -> list[CaseMaterial]:
    """The case's materials a 承诺书 would replace now: required, allowed to be replaced
    by the catalog, and not handed in (no file). [] when the item allows no commitment."""
    out = []
    for m in case.materials:
        if m.files and m.status is not MaterialStatus.COMMITMENT:
            continue
        try:
            cat = item.material(m.code)
        except CatalogError:  # a material the catalog no longer has
            continue
        if cat.required and cat.commitment_allowed:
            out.append(m)
    return out


def letter(case: Case, item: Item, names: list[str]) -> list[str]:
    """The 承诺书's paragraphs for this applicant and these materials (ID number masked)."""
    materials = "\n".join(f"{i}. {n}" for i, n in enumerate(names, 1))
    values = {
        "name": case.applicant.name,
        "id_number": mask_id_number(case.applicant.id_number),
        "item": item.name,
        "materials": materials,
    }
    return [p.format(**values) for p in TEMPLATE]


def text_sha256(paragraphs: list[str]) -> str:
    return hashlib.sha256("\n".join(paragraphs).encode()).hexdigest()


def signed_line(signed_at: dt.datetime) -> str:
    return f"签署日期：{signed_at:%Y年%m月%d日 %H:%M}"
