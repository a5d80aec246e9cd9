"""Receipt documents as a printer-independent layout.

A ``Document`` is a list of blocks (title, text, key–value rows, emphasis,
rules, a QR payload, a cut). Printer renderers (drivers/printer) turn it into
ESC/POS text mode or a raster image; the virtual printer and the screens can
show it too. Builders here make the documents of a visit: the acceptance
receipt (受理回执) and the queue ticket. Plain data; any thread.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Literal

from core.case import Case, MaterialStatus
from core.identity import mask_id_number, mask_name

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = "left"
    bold: bool = False
    size: int = 1  # 1 normal, 2 double width and height


@dataclass(frozen=True)
class KeyValue:
    key: str
    value: str


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class QR:
    payload: str
    caption: str = ""


@dataclass(frozen=True)
class Cut:
    pass


Block = Title | Text | KeyValue | Rule | QR | Cut


@dataclass
class Document:
    """A printable document: a kind (receipt, ticket...) and its blocks."""

    kind: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def plain_text(self) -> str:
        """The document as plain lines (for transcripts, screens and tests)."""
        out: list[str] = []
        for b in self.blocks:
            match b:
                case Title(text=t):
                    out.append(t)
                case Text(text=t):
                    out.append(t)
                case KeyValue(key=k, value=v):
                    out.append(f"{k}：{v}")
                case Rule(char=c):
                    out.append(c * 24)
                case QR(payload=p, caption=c):
                    out.append(f"[QR {p}]" + (f" {c}" if c else ""))
                case Cut():
                    out.append("[CUT]")
        return "\n".join(out)


def tracking_payload(case: Case) -> str:
    """What the receipt's QR carries: enough to look the case up, no personal data."""
    return json.dumps(
        {"t": "onewindow-case", "r": case.receipt_no, "id": case.id},
        separators=(",", ":"),
    )


DELIVERY_LABELS = {"window": "窗口取件", "express": "快递送达"}


def acceptance_receipt(
    case: Case,
    *,
    hall_name: str,
    terminal: str,
    clerk: str = "",
    printed_at: dt.datetime | None = None,
) -> Document:
    """受理回执: what the citizen keeps to track the case."""
    printed_at = printed_at or dt.datetime.now()
    d = Document("receipt")
    d.add(Title("受理回执"), Text(hall_name, align="center"), Rule())
    d.add(KeyValue("受理编号", case.receipt_no), KeyValue("办理事项", case.item_name))
    if case.sub_item:
        d.add(KeyValue("办理情形", case.sub_item))
    d.add(
        KeyValue(
            "申请人",
            f"{mask_name(case.applicant.name)}（{mask_id_number(case.applicant.id_number)}）",
        )
    )
    if case.agent:
        d.add(
            KeyValue(
                "代办人",
                f"{mask_name(case.agent.name)}（{mask_id_number(case.agent.id_number)}）",
            )
        )
    d.add(Rule(), Text("已收材料", bold=True))
    received = [m for m in case.materials if m.status is MaterialStatus.RECEIVED]
    for i, m in enumerate(received, 1):
        d.add(Text(f"{i}. {m.name}（{m.pages}页）"))
    if not received:
        d.add(Text("（无）"))
    committed = [m for m in case.materials if m.status is MaterialStatus.COMMITMENT]
    for m in committed:
        d.add(Text(f"告知承诺：{m.name}"))
    if case.deficiencies:
        d.add(Rule(), Text("待补正材料（容缺受理）", bold=True))
        for dfc in case.deficiencies:
            d.add(Text(f"· {dfc.name}，请于{dfc.due:%Y年%m月%d日}前补交"))
    d.add(Rule())
    if case.promised_date:
        d.add(Text(f"承诺办结：{case.promised_date:%Y年%m月%d日}", bold=True))
    if case.deadline_note:
        d.add(Text(f"注：{case.deadline_note}"))
    d.add(KeyValue("送达方式", DELIVERY_LABELS.get(case.delivery.method.value, "")))
    d.add(KeyValue("受理终端", terminal))
    if clerk:
        d.add(KeyValue("经办人", clerk))
    d.add(KeyValue("打印时间", f"{printed_at:%Y-%m-%d %H:%M}"))
    d.add(QR(tracking_payload(case), caption="扫码查询办理进度"))
    d.add(Text("请妥善保管本回执，凭此查询和取件。", align="center"), Cut())
    return d


def queue_ticket(
    number: str, category: str, waiting: int, hall_name: str, at: dt.datetime | None = None
) -> Document:
    """取号凭条."""
    at = at or dt.datetime.now()
    return Document("ticket").add(
        Text(hall_name, align="center"),
        Title("排队号"),
        Text(number, align="center", bold=True, size=2),
        KeyValue("业务类别", category),
        KeyValue("前面等候", f"{waiting}人"),
        KeyValue("取号时间", f"{at:%Y-%m-%d %H:%M}"),
        Text("请留意叫号，过号请重新取号。", align="center"),
        Cut(),
    )
