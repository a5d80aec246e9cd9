"""The builders of each hall document, on the layout of core/document.py.

The builders make the paper of a visit:

- ``queue_ticket``       取号凭条
- ``acceptance_receipt`` 受理回执 (what the citizen keeps and scans to track the case)
- ``one_time_notice``    一次性告知书 (everything a catalog item needs)
- ``deficiency_notice``  补正材料通知书 (what to supply, by when)
- ``pickup_slip``        取件凭条 (the result is ready at the window)
- ``supplement_receipt`` 补正回执 (materials handed in later, what is still owed)

Personal data is masked on paper (张*三, 440***********3716, the street part
of an address). Pure functions; any thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from core.case import Case, CaseEvent, CaseMaterial, DeliveryMethod, MaterialStatus, Party
from core.catalog import Item, Material
from core.delivery import masked_address, masked_recipient
from core.document import (
    KIND_LABELS,
    KINDS,
    QR,
    Align,
    Block,
    Cut,
    Document,
    KeyValue,
    Picture,
    Rule,
    Text,
    Title,
    clean_text,
)
from core.errors import CaseError
from core.identity import mask_address, mask_id_number, mask_name
from core.ids import check_code
from core.tracking import DEFAULT_PUBLIC_URL, tracking_url

# The document model moved to core/document.py; its names stay importable from here.
__all__ = [
    "KINDS",
    "KIND_LABELS",
    "QR",
    "Align",
    "Block",
    "Cut",
    "Document",
    "KeyValue",
    "Picture",
    "Rule",
    "Text",
    "Title",
    "acceptance_receipt",
    "clean_text",
    "deficiency_notice",
    "mark_reprint",
    "one_time_notice",
    "pickup_slip",
    "queue_ticket",
    "remote_pickup_slip",
    "supplement_receipt",
    "tracking_payload",
]

# --------------------------------------------------------------------------- helpers


def tracking_payload(case: Case, public_url: str = DEFAULT_PUBLIC_URL) -> str:
    """What the receipt's QR carries: the case's public tracking address (core.tracking),
    its receipt number and check code; no personal data."""
    return tracking_url(public_url, case.receipt_no, case.id)


def _tracking(d: Document, case: Case, public_url: str, *, cut: bool = False) -> None:
    """The QR to the tracking page, and the check code under it for typing."""
    d.add(QR(tracking_payload(case, public_url), caption="扫码查询办理进度"))
    d.add(Text(f"校验码：{check_code(case.id)}", align="center", bold=True))
    if cut:
        d.add(Cut())


DELIVERY_LABELS = {"window": "窗口取件", "express": "快递送达"}
CHANNEL_LABELS = {"kiosk": "自助终端", "counter": "受理窗口", "station": "便民服务站"}
STATUS_LABELS = {
    MaterialStatus.RECEIVED: "已收",
    MaterialStatus.DEFICIENT: "容缺后补",
    MaterialStatus.COMMITMENT: "告知承诺",
}


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def _time(t: dt.datetime) -> str:
    return f"{t:%Y-%m-%d %H:%M}"


def masked_party(p: Party) -> str:
    """张*三（440***********3716）: who, as paper may show it."""
    return f"{mask_name(p.name)}（{mask_id_number(p.id_number)}）"


def submitted_at(case: Case) -> dt.datetime | None:
    """When the case was submitted (its trail's "submitted" event), local time."""
    for ev in reversed(case.events):
        if ev.kind == "submitted":
            return ev.at.astimezone() if ev.at.tzinfo else ev.at
    return None


def counts_text(m: Material) -> str:
    """原件1份、复印件2份 (or 电子版 when no paper is asked for)."""
    parts = []
    if m.originals:
        parts.append(f"原件{m.originals}份")
    if m.copies:
        parts.append(f"复印件{m.copies}份")
    return "、".join(parts) if parts else "电子版"


def time_limit_text(days: int) -> str:
    return "即办件，当场办结" if days == 0 else f"{days}个工作日"


COUNTS_FROM_COMPLETE = "自材料补齐之日起计算"  # 《行政许可法》第三十二条


def _promised_lines(d: Document, case: Case, item: Item | None) -> None:
    """The time limit and the promised date; with materials outstanding both say the
    limit counts from the day they are complete, and the date is the latest one (the
    materials handed in by their 补正 deadline), so it never falls before a deadline."""
    pending = bool(case.deficiencies)
    if item is not None:
        limit = time_limit_text(item.promised_days)
        d.add(KeyValue("承诺时限", f"{limit}（{COUNTS_FROM_COMPLETE}）" if pending else limit))
    if case.promised_date and pending:
        d.add(Text(f"承诺办结日期：按期补齐材料的，不晚于{_date(case.promised_date)}", bold=True))
        d.add(Text("补齐当日起计算承诺时限，补正回执上写明确切日期。"))
    elif case.promised_date:
        d.add(Text(f"承诺办结日期：{_date(case.promised_date)}", bold=True))


def _item_material(item: Item | None, code: str) -> Material | None:
    if item is None:
        return None
    try:
        return item.material(code)
    except Exception:  # a case made from an older catalog: print without counts
        return None


def _header(d: Document, title: str, hall_name: str) -> None:
    d.add(Title(title), Text(hall_name, align="center"), Rule())


def _numbered(d: Document, lines: Iterable[str], empty: str = "（无）") -> None:
    n = 0
    for n, line in enumerate(lines, 1):
        d.add(Text(f"{n}. {line}", hang=len(f"{n}. ")))
    if n == 0:
        d.add(Text(empty))


def _place(terminal: str, channel: str) -> KeyValue:
    return KeyValue(CHANNEL_LABELS.get(channel, "受理终端"), terminal)


def mark_reprint(doc: Document, at: dt.datetime, by: str = "") -> Document:
    """A copy of ``doc`` marked 补打 with the time (and who), right under its title."""
    mark = Text(f"【补打】{_time(at)}" + (f" {by}" if by else ""), align="center", bold=True)
    blocks = list(doc.blocks)
    pos = next((i + 1 for i, b in enumerate(blocks) if isinstance(b, Title)), 0)
    blocks.insert(pos, mark)
    return replace(doc, blocks=blocks)


# --------------------------------------------------------------------------- builders


def queue_ticket(
    number: str,
    category: str,
    waiting: int,
    hall_name: str,
    at: dt.datetime | None = None,
    *,
    area: str = "",
    expected_wait_min: int = 0,
    offline: bool = False,
) -> Document:
    """取号凭条: number, category, people waiting, time (and where to wait); an
    ``offline`` one (from the kiosk's reserved block) says so."""
    at = at or dt.datetime.now()
    d = Document("ticket", ref=number).add(
        Text(hall_name, align="center"),
        Title("排队号"),
        Text(number, align="center", bold=True, size=3),
        KeyValue("业务类别", category),
        KeyValue("前面等候", f"{waiting}人"),
    )
    if expected_wait_min > 0:
        d.add(KeyValue("预计等候", f"约{expected_wait_min}分钟"))
    if area:
        d.add(KeyValue("等候区域", area))
    if offline:
        d.add(Text("离线取号：号码有效，请留意叫号", align="center"))
    d.add(
        KeyValue("取号时间", _time(at)),
        Text("请留意叫号，过号请重新取号。", align="center"),
        Cut(),
    )
    return d


def acceptance_receipt(
    case: Case,
    *,
    hall_name: str,
    terminal: str,
    clerk: str = "",
    printed_at: dt.datetime | None = None,
    item: Item | None = None,
    public_url: str = DEFAULT_PUBLIC_URL,
) -> Document:
    """受理回执: what was received, what is missing and by when, when it will be done.

    ``terminal`` is the window or self-service terminal that took the case
    (labelled by the case's channel); ``item`` (the catalog entry) adds the
    time limit in working days, the original/copy counts and the phone for
    questions, and may be None when the catalog no longer has the item.
    """
    printed_at = printed_at or dt.datetime.now()
    d = Document("receipt", ref=case.receipt_no)
    _header(d, "受理回执", hall_name)
    d.add(KeyValue("受理编号", case.receipt_no), KeyValue("办理事项", case.item_name))
    if case.sub_item:
        d.add(KeyValue("办理情形", case.sub_item))
    if case.company is not None:  # 单位办理: the company, and its 经办人 at the window
        # ("单位经办人": the receipt's own 经办人 is the clerk)
        d.add(KeyValue("申请单位", case.company.name))
        d.add(KeyValue("统一社会信用代码", case.company.credit_code))
        who = "单位经办人（法定代表人）" if case.company.represented else "单位经办人"
        d.add(KeyValue(who, masked_party(case.applicant)))
    else:
        d.add(KeyValue("申请人", masked_party(case.applicant)))
    if case.agent:
        d.add(KeyValue("代办人", masked_party(case.agent)))
    online = _last_event(case, "online_application")
    if online is not None:  # 网上预审件, taken in at the window
        d.add(KeyValue("网上申报号", str(online.detail.get("number", ""))))
    _bundle_items(d, case)

    d.add(Rule(), Text("已收材料", bold=True))
    received = [m for m in case.materials if m.status is MaterialStatus.RECEIVED]
    _numbered(d, (_received_line(m, _item_material(item, m.code)) for m in received))
    for m in case.materials:
        if m.status is MaterialStatus.COMMITMENT:
            d.add(Text(f"告知承诺：{m.name}（以书面承诺代替证明）"))
    if case.deficiencies:
        d.add(Rule(), Text("待补正材料（容缺受理）", bold=True))
        _numbered(d, (f"{x.name}，请于{_date(x.due)}前补交" for x in case.deficiencies))
        d.add(Text("补齐材料后方可出件。"))

    d.add(Rule())
    decided = _last_event(case, "decided_on_spot")
    if decided is not None:  # 即办: decided at the window, nothing to pick up later
        d.add(Text("当场办结", bold=True, align="center"))
        d.add(KeyValue("办理结果", str(decided.detail.get("decision", ""))))
        d.add(KeyValue("办结时间", _time(decided.at)))
        d.add(Text("本事项已当场办结，无需再来取件。"))
    else:
        _promised_lines(d, case, item)
        if case.deadline_note:
            d.add(Text(f"注：{case.deadline_note}"))
        d.add(KeyValue("送达方式", _delivery_text(case)))
    d.add(_place(terminal, case.channel))
    if clerk:
        d.add(KeyValue("经办人", clerk))
    if case.assisted_by is not None:  # 帮办 at the kiosk
        d.add(KeyValue("帮办人员", case.assisted_by.label))
    d.add(KeyValue("受理时间", _time(submitted_at(case) or printed_at)))
    if item is not None and item.consult_phone:
        d.add(KeyValue("咨询电话", item.consult_phone))
    _tracking(d, case, public_url)
    d.add(Text("请妥善保管本回执，凭此查询和取件。", align="center"), Cut())
    return d


def _bundle_items(d: Document, case: Case) -> None:
    """一件事: the items applied for together, one numbered line each (nothing for one item)."""
    if case.bundle_items:
        d.add(Rule(), Text(f"一件事联办事项（共{len(case.bundle_items)}项）", bold=True))
        _numbered(d, (f"{b.name}（{b.code}）" for b in case.bundle_items))


def _last_event(case: Case, kind: str) -> CaseEvent | None:
    return next((e for e in reversed(case.events) if e.kind == kind), None)


def _received_line(m: CaseMaterial, cat: Material | None) -> str:
    if m.source == "card_read":  # the card's face drawn from the electronic read
        return f"{m.name}（读卡获取）"
    if m.source == "online":  # the online upload, its original checked at the window
        return f"{m.name}（网上申报材料，原件已核验）"
    if m.source == "reuse":  # a copy from the 电子材料库
        return f"{m.name}（材料复用，{m.pages}页）"
    if m.source == "elicence":  # fetched from the e-licence registry
        return f"{m.name}（电子证照）"
    kind = f"{counts_text(cat)}，" if cat is not None else ""
    return f"{m.name}（{kind}{m.pages}页）"


def _delivery_text(case: Case) -> str:
    label = DELIVERY_LABELS.get(case.delivery.method.value, "")
    if case.delivery.method is DeliveryMethod.EXPRESS and case.delivery.structured:
        where = masked_address(case.delivery)
        return f"{label}（{where}，收件人 {masked_recipient(case.delivery)}）"
    if case.delivery.method is DeliveryMethod.EXPRESS and case.delivery.address:
        return f"{label}（{mask_address(case.delivery.address)}）"
    return label


def one_time_notice(
    item: Item, *, hall_name: str, printed_at: dt.datetime | None = None
) -> Document:
    """一次性告知书: everything an item needs, from its catalog entry, on one paper."""
    printed_at = printed_at or dt.datetime.now()
    d = Document("notice", ref=item.code)
    _header(d, "一次性告知书", hall_name)
    d.add(KeyValue("事项名称", item.name), KeyValue("事项编码", item.code))
    d.add(KeyValue("事项类型", item.type), KeyValue("实施机关", item.department))
    if item.tags:
        d.add(KeyValue("办理方式", "、".join(item.tags)))
    if item.legal_basis:
        d.add(KeyValue("设定依据", item.legal_basis))

    d.add(Rule(), Text("一、申请条件", bold=True))
    _numbered(d, item.conditions, empty="无特别条件")
    d.add(Rule(), Text("二、申请材料", bold=True))
    _numbered(d, (_material_line(m) for m in item.materials))
    if item.optional_materials:
        d.add(Text("视情形提交：", bold=True))
        _numbered(d, (_material_line(m) for m in item.optional_materials))
    d.add(Text("本告知书所列材料之外，不要求申请人提交其他证明材料。"))
    if item.process:
        d.add(Rule(), Text("三、办理流程", bold=True))
        _numbered(d, item.process)

    d.add(Rule(), Text("四、办理时限与收费", bold=True))
    d.add(KeyValue("法定时限", time_limit_text(item.statutory_days)))
    d.add(KeyValue("承诺时限", time_limit_text(item.promised_days)))
    d.add(KeyValue("收费标准", item.fee or "不收费"))
    d.add(Rule(), Text("五、办理地点", bold=True))
    d.add(KeyValue("办理地点", item.place or hall_name))
    if item.hours:
        d.add(KeyValue("办理时间", item.hours))
    visits = "无需到现场（零跑动）" if item.onsite_visits == 0 else "最多跑一次"
    d.add(KeyValue("到现场次数", f"{item.onsite_visits}次，{visits}"))
    if item.commitment_allowed:
        d.add(Text("本事项可实行告知承诺，部分证明可由申请人书面承诺代替。"))
    d.add(Rule())
    d.add(KeyValue("咨询电话", item.consult_phone or "12345"))
    d.add(KeyValue("打印时间", _time(printed_at)))
    d.add(Text("材料齐全后可到任一综合窗口或自助终端办理。", align="center"), Cut())
    return d


def _material_line(m: Material) -> str:
    notes = [counts_text(m)]
    if not m.required:
        notes.append("非必需")
    if m.deficiency_allowed:
        notes.append("可容缺后补")
    if m.commitment_allowed:
        notes.append("可告知承诺")
    if m.electronic:
        notes.append("可用电子证照")
    line = f"{m.name}（{'，'.join(notes)}）"
    for extra in (m.note, f"示例样本：{m.sample}" if m.sample else ""):
        if extra:
            line += f"\n   {extra}"
    return line


def deficiency_notice(
    case: Case,
    *,
    hall_name: str,
    terminal: str,
    clerk: str = "",
    printed_at: dt.datetime | None = None,
    item: Item | None = None,
    public_url: str = DEFAULT_PUBLIC_URL,
) -> Document:
    """补正材料通知书: each missing material, what to bring, and the deadline.

    Raises CaseError when the case has nothing to supply.
    """
    if not case.deficiencies:
        raise CaseError("case.no_deficiency")
    printed_at = printed_at or dt.datetime.now()
    due = min(x.due for x in case.deficiencies)
    on = submitted_at(case) or printed_at
    d = Document("deficiency", ref=case.receipt_no)
    _header(d, "补正材料通知书", hall_name)
    d.add(KeyValue("受理编号", case.receipt_no), KeyValue("办理事项", case.item_name))
    d.add(KeyValue("申请人", masked_party(case.applicant)))
    if case.agent:
        d.add(KeyValue("代办人", masked_party(case.agent)))
    d.add(Rule())
    d.add(
        Text(
            f"您于{_date(on.date())}申请的上述事项已容缺受理。根据《中华人民共和国"
            "行政许可法》第三十二条，现一次性告知需补正的材料如下："
        )
    )
    for n, x in enumerate(case.deficiencies, 1):
        cat = _item_material(item, x.code)
        counts = f"（{counts_text(cat)}）" if cat is not None else ""
        d.add(
            Text(f"{n}. {x.name}{counts}", hang=len(f"{n}. ")),
            Text(f"   补正期限：{_date(x.due)}前", hang=3),
        )
    d.add(Rule())
    d.add(Text(f"请于{_date(due)}前携带本通知书和上述材料，到本中心综合窗口或自助终端补交。"))
    d.add(Text("逾期未补正的，将按规定终止办理。补齐材料后方可出件。"))
    if item is not None and case.promised_date:
        d.add(
            Text(
                f"承诺时限{time_limit_text(item.promised_days)}，{COUNTS_FROM_COMPLETE}；"
                f"按期补齐的，不晚于{_date(case.promised_date)}办结。"
            )
        )
    d.add(_place(terminal, case.channel))
    if clerk:
        d.add(KeyValue("经办人", clerk))
    d.add(KeyValue("通知时间", _time(printed_at)))
    if item is not None and item.consult_phone:
        d.add(KeyValue("咨询电话", item.consult_phone))
    _tracking(d, case, public_url, cut=True)
    return d


def pickup_slip(
    case: Case,
    *,
    hall_name: str,
    window: str,
    printed_at: dt.datetime | None = None,
    ready_on: dt.date | None = None,
    handed_at: dt.datetime | None = None,
    clerk: str = "",
    collector: Party | None = None,
    public_url: str = DEFAULT_PUBLIC_URL,
    mailed: tuple[str, str] | None = None,
) -> Document:
    """取件凭条: the result is ready; where to collect it and what to bring.

    With ``handed_at`` it is the slip of a hand-over (出件) instead: who
    collected (``collector``, masked; the applicant or the agent), when and
    which clerk, in place of what to bring. With ``mailed`` (the carrier's name and
    the waybill number) the result was posted (邮寄送达): the waybill, the masked
    address and recipient take the collector's place.
    """
    printed_at = printed_at or dt.datetime.now()
    d = Document("pickup", ref=case.receipt_no)
    _header(d, "取件凭条", hall_name)
    d.add(KeyValue("受理编号", case.receipt_no), KeyValue("办理事项", case.item_name))
    d.add(KeyValue("申请人", masked_party(case.applicant)))
    _bundle_items(d, case)
    result = "已邮寄" if mailed else "已出件" if handed_at else "已办结，待取件"
    d.add(KeyValue("办理结果", result))
    if ready_on:
        d.add(KeyValue("办结日期", _date(ready_on)))
    if handed_at and mailed:
        carrier, waybill = mailed
        d.add(KeyValue("快递公司", carrier), KeyValue("运单号", waybill))
        d.add(KeyValue("收件地址", masked_address(case.delivery)))
        d.add(KeyValue("收件人", masked_recipient(case.delivery)))
        d.add(KeyValue("交寄时间", _time(handed_at)), KeyValue("交寄地点", f"{hall_name} {window}"))
        if clerk:
            d.add(KeyValue("经办人", clerk))
        d.add(Rule(), Text("凭运单号可在快递公司查询投递进度；扫描下方二维码查询办理进度。"))
    elif handed_at:
        if collector is not None and collector != case.applicant:
            d.add(KeyValue("领取人", f"代办人 {masked_party(collector)}"))
        else:
            d.add(KeyValue("领取人", "申请人本人"))
        d.add(KeyValue("出件时间", _time(handed_at)), KeyValue("出件地点", f"{hall_name} {window}"))
        if clerk:
            d.add(KeyValue("经办人", clerk))
        d.add(Rule(), Text("请当场核对领取的结果文书或证照，如有疑问请向窗口工作人员提出。"))
    else:
        d.add(KeyValue("取件地点", f"{hall_name} {window}"))
        d.add(Rule(), Text("取件时请携带", bold=True))
        d.add(Text("1. 本凭条或受理回执"), Text("2. 申请人身份证原件"))
        d.add(Text("3. 代领的，另带代领人身份证原件和授权委托书"))
    d.add(Rule())
    d.add(KeyValue("打印时间", _time(printed_at)))
    _tracking(d, case, public_url, cut=True)
    return d


def remote_pickup_slip(
    *,
    receipt_no: str,
    case_id: str,
    item_name: str,
    applicant: str,
    by_agent: bool,
    hall_name: str,
    window: str,
    handed_at: dt.datetime,
    clerk: str = "",
    printed_at: dt.datetime | None = None,
    public_url: str = DEFAULT_PUBLIC_URL,
) -> Document:
    """取件凭条 of a hand-over of another device's or hall's case (通办出件): what the back
    office answered, ``applicant`` already masked; no ID number travels."""
    printed_at = printed_at or dt.datetime.now()
    d = Document("pickup", ref=receipt_no)
    _header(d, "取件凭条", hall_name)
    d.add(KeyValue("受理编号", receipt_no), KeyValue("办理事项", item_name))
    d.add(KeyValue("申请人", applicant), KeyValue("办理结果", "已出件"))
    d.add(KeyValue("领取人", "受理时登记的代办人" if by_agent else "申请人本人"))
    d.add(KeyValue("出件时间", _time(handed_at)), KeyValue("出件地点", f"{hall_name} {window}"))
    if clerk:
        d.add(KeyValue("经办人", clerk))
    d.add(Rule(), Text("请当场核对领取的结果文书或证照，如有疑问请向窗口工作人员提出。"))
    d.add(Rule(), KeyValue("打印时间", _time(printed_at)))
    d.add(QR(tracking_url(public_url, receipt_no, case_id), caption="扫码查询办理进度"))
    d.add(Text(f"校验码：{check_code(case_id)}", align="center", bold=True), Cut())
    return d


def supplement_receipt(
    *,
    receipt_no: str,
    item_name: str,
    applicant: str,
    supplied: Iterable[tuple[str, int]],
    still_owed: Iterable[tuple[str, dt.date]],
    hall_name: str,
    terminal: str,
    channel: str,
    promised_days: int | None = None,
    promised_date: dt.date | None = None,
    clerk: str = "",
    printed_at: dt.datetime | None = None,
) -> Document:
    """补正回执: the materials handed in later (name, pages), what is still owed (name, due).

    ``applicant`` is already masked (张*三); with nothing owed any more the
    time limit starts counting on the day of this 补正, and ``promised_date``
    (counted from it) is printed; otherwise the receipt says that the limit
    waits for the rest.
    """
    printed_at = printed_at or dt.datetime.now()
    owed = list(still_owed)
    d = Document("supplement", ref=receipt_no)
    _header(d, "补正回执", hall_name)
    d.add(KeyValue("受理编号", receipt_no), KeyValue("办理事项", item_name))
    d.add(KeyValue("申请人", applicant))
    d.add(Rule(), Text("本次补交材料", bold=True))
    _numbered(d, (f"{name}（{pages}页）" for name, pages in supplied))
    d.add(Rule())
    if owed:
        d.add(Text("仍待补正材料", bold=True))
        _numbered(d, (f"{name}，请于{_date(due)}前补交" for name, due in owed))
        d.add(Text("补齐材料后方可出件；承诺时限自材料补齐之日起计算。"))
    else:
        d.add(Text("材料已补齐。", bold=True))
        d.add(KeyValue("补齐日期", _date(printed_at.date())))
        if promised_days is not None:
            d.add(
                KeyValue("承诺时限", f"{time_limit_text(promised_days)}（{COUNTS_FROM_COMPLETE}）")
            )
        if promised_date is not None:
            d.add(Text(f"承诺办结日期：{_date(promised_date)}", bold=True))
    d.add(_place(terminal, channel))
    if clerk:
        d.add(KeyValue("经办人", clerk))
    d.add(KeyValue("补交时间", _time(printed_at)))
    d.add(Text("请妥善保管本回执，凭受理回执和本回执取件。", align="center"), Cut())
    return d
