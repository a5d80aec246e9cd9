"""The words of an item's full guide (办事指南, 八统一) as rich text for the kiosk's screen.

The same facts the printed one-time notice (core.receipt.one_time_notice)
carries, in the order a citizen reads them: what it is and how long it
takes, who may apply, what to bring, how it goes, on what legal basis,
where and when, whom to ask. Headings are translated; the catalog's own
words (names, conditions…) stay as the catalog has them.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from core.catalog import Bundle, Catalog, Item, Material
from core.search import item_tags
from widgets.i18n import tr
from widgets.pages import time_limit

AMBER = "#b26a00"


def _section(heading: str) -> str:
    return f"<h3 style='color:#1f5fae;margin-top:14px'>{escape(heading)}</h3>"


def _numbered(lines: Iterable[str], empty: str = "") -> str:
    rows = [f"<li>{escape(s)}</li>" for s in lines]
    if not rows:
        return f"<p>{escape(empty)}</p>" if empty else ""
    return f"<ol>{''.join(rows)}</ol>"


def _days(days: int) -> str:
    return tr("当场办结") if days == 0 else tr("%d个工作日").replace("%d", str(days))


def header_html(it: Item, bundle_code: str = "") -> str:
    """Name, code, department, tags; time limits, fee, visits; the conditions.
    ``bundle_code``: ``it`` is a 一件事's merged item, shown under the bundle's code."""
    tags = "　".join(f"<span style='color:{AMBER}'>{escape(tr(t))}</span>" for t in item_tags(it))
    visits = tr("无需到现场（零跑动）") if it.onsite_visits == 0 else tr("最多跑一次")
    return (
        ("" if bundle_code else f"<h2>{escape(it.name)}</h2>")  # a bundle's is bundle_html's
        + (
            f"<p>{escape(tr('一件事编码'))}：{escape(bundle_code)}</p>"
            if bundle_code
            else f"<p>{escape(tr('事项编码'))}：{escape(it.code)}　{escape(tr('事项类型'))}："
            f"{escape(it.type)}</p>"
        )
        + f"<p>{escape(tr('实施机关'))}：{escape(it.department)}</p>"
        + (f"<p>{tags}</p>" if tags else "")
        + _section(tr("办理时限与收费"))
        + f"<p>{escape(tr('法定时限'))}：{_days(it.statutory_days)}　"
        f"{escape(tr('承诺时限'))}：{escape(time_limit(it))}</p>"
        f"<p>{escape(tr('收费'))}：{escape(it.fee or tr('不收费'))}　"
        f"{escape(tr('到现场次数'))}：{it.onsite_visits}（{escape(visits)}）</p>"
        + _section(tr("申请条件"))
        + _numbered(it.conditions, tr("无特别条件"))
    )


def bundle_html(b: Bundle, catalog: Catalog) -> str:
    """一件事: what the bundle is and its items, each with its department and time limit
    (shown above the merged guide of core.catalog.Catalog.bundle_item, which has no name)."""
    rows = []
    for code in b.items:
        it = catalog.item(code)
        rows.append(
            f"<li><b>{escape(it.name)}</b>（{escape(it.department)}，"
            f"{escape(tr('承诺时限'))}：{escape(time_limit(it))}）</li>"
        )
    return (
        f"<h2>{escape(b.name)}</h2>"
        f"<p style='color:{AMBER}'><b>{escape(tr('一件事：一次申请，一表填报，材料只交一次'))}"
        f"</b></p><p>{escape(b.description)}</p>"
        + _section(tr("本次一并办理的事项（%n项）").replace("%n", str(len(b.items))))
        + f"<ol>{''.join(rows)}</ol>"
    )


def material_line(m: Material) -> str:
    notes = []
    if m.originals:
        notes.append(tr("原件%n份").replace("%n", str(m.originals)))
    if m.copies:
        notes.append(tr("复印件%n份").replace("%n", str(m.copies)))
    if not notes:
        notes.append(tr("电子版"))
    if not m.required:
        notes.append(tr("非必需"))
    if m.deficiency_allowed:
        notes.append(f"<i style='color:{AMBER}'>{escape(tr('可容缺后补'))}</i>")
    if m.commitment_allowed:
        notes.append(escape(tr("可告知承诺")))
    if m.electronic:
        notes.append(escape(tr("可用电子证照")))
    extra = ""
    if m.note:
        extra += f"<br><span style='color:#546e7a'>{escape(m.note)}</span>"
    if m.sample:
        sample = f"{escape(tr('示例样本'))}：{escape(m.sample)}"
        extra += f"<br><span style='color:#546e7a'>{sample}</span>"
    return f"<li><b>{escape(m.name)}</b>（{'，'.join(notes)}）{extra}</li>"


def materials_html(it: Item, answers: dict[str, int] | None) -> str:
    """The materials: exactly those of the answers when all are given, else all by case."""
    if it.scenario and answers is not None:
        _sub, mats = it.select(answers)
        return (
            _section(tr("按您的情形需要的材料"))
            + f"<ul>{''.join(material_line(m) for m in mats)}</ul>"
            + f"<p>{escape(tr('本指南所列材料之外，不要求申请人提交其他证明材料。'))}</p>"
        )
    out = _section(tr("申请材料")) + f"<ul>{''.join(material_line(m) for m in it.materials)}</ul>"
    if it.optional_materials:
        out += f"<p><b>{escape(tr('视情形提交（回答上面的问题后列出您需要的）'))}</b></p>"
        out += f"<ul>{''.join(material_line(m) for m in it.optional_materials)}</ul>"
    return out + f"<p>{escape(tr('本指南所列材料之外，不要求申请人提交其他证明材料。'))}</p>"


def rest_html(it: Item, hall_name: str) -> str:
    """How it goes, the legal basis, where and when, the phone to ask."""
    out = ""
    if it.process:
        out += _section(tr("办理流程")) + _numbered(it.process)
    if it.legal_basis:
        out += _section(tr("设定依据")) + f"<p>{escape(it.legal_basis)}</p>"
    out += _section(tr("办理地点和时间"))
    out += f"<p>{escape(tr('办理地点'))}：{escape(it.place or hall_name)}</p>"
    if it.hours:
        out += f"<p>{escape(tr('办理时间'))}：{escape(it.hours)}</p>"
    if it.commitment_allowed:
        out += f"<p>{escape(tr('本事项可实行告知承诺，部分证明可由申请人书面承诺代替。'))}</p>"
    phone = escape(it.consult_phone or "12345")
    out += _section(tr("咨询电话")) + f"<p style='font-size:24px'><b>{phone}</b></p>"
    return out
