"""The printed 12345 ticket (12345工单回执): the ticket number, its check code, what was
asked, and where to read the answer.

The check code (core.ids.ticket_check_code) is printed beside the number; with
both the citizen reads the answer at any kiosk or on the public page the QR
opens. The callback phone is masked, the text is not printed (a bystander
may pick the paper up). Pure functions; any thread.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from core.document import QR, Cut, Document, KeyValue, Rule, Text, Title
from core.identity import mask_phone

KIND = "hotline"
LABEL = "12345工单回执"
CATEGORY_LABELS = {"consult": "咨询", "complaint": "投诉", "suggestion": "建议", "help": "求助"}


def ticket_url(base_url: str, ticket_no: str, check_code: str) -> str:
    """The public answer page of a ticket: ``{base}/hotline/{ticket}?c={code}``."""
    return f"{base_url.rstrip('/')}/hotline/{quote(ticket_no, safe='')}?c={quote(check_code)}"


def hotline_ticket(
    *,
    ticket_no: str,
    check_code: str,
    category: str,
    hall_name: str,
    terminal: str,
    department: str = "",
    item_name: str = "",
    phone: str = "",
    answer_due: dt.date | None = None,
    public_url: str = "",
    printed_at: dt.datetime | None = None,
) -> Document:
    """12345工单回执: number and check code big, type, routing, masked phone, the QR."""
    printed_at = printed_at or dt.datetime.now()
    d = Document(KIND, ref=ticket_no)
    d.add(Text(hall_name, align="center"), Title(LABEL))
    d.add(Text(ticket_no, align="center", bold=True, size=2))
    d.add(KeyValue("工单编号", ticket_no), KeyValue("校验码", check_code))
    d.add(KeyValue("诉求类型", CATEGORY_LABELS.get(category, category)))
    if department:
        d.add(KeyValue("承办部门", department))
    if item_name:
        d.add(KeyValue("相关事项", item_name))
    d.add(KeyValue("回电号码", mask_phone(phone) if phone else "不需回电"))
    if answer_due is not None:
        d.add(
            KeyValue(
                "答复期限", f"{answer_due.year}年{answer_due.month:02d}月{answer_due.day:02d}日前"
            )
        )
    d.add(KeyValue("受理地点", terminal), KeyValue("受理时间", f"{printed_at:%Y-%m-%d %H:%M}"))
    d.add(
        Rule(), Text("凭工单编号和校验码，可在自助终端“咨询投诉”查看答复并评价，或拨打12345查询。")
    )
    if public_url:
        d.add(QR(ticket_url(public_url, ticket_no, check_code), caption="扫码查看答复"))
    d.add(Cut())
    return d
