"""进度查询 on the wire: what a device asks the back office (POST /api/v1/progress) and gets.

A device asks for one case by its receipt number and check code (from the
receipt's QR or typed), or for the cases of a card's holder by the ID number
read from the card. The answer holds no personal data but the applicant's
masked name. For 出件 at any window the device also sends the collector's ID
number (read from the card at the window): each answer then says whether
that person may collect (the applicant or the recorded agent) and carries
the case id the hand-over (wire.records.Handover) names. Plain pydantic
data; any thread.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.ids import RECEIPT_RE

ID_NUMBER_PATTERN = r"^$|^[0-9]{17}[0-9Xx]$"


class ProgressRequest(BaseModel):
    """One case (``receipt_no`` + ``check_code``) or a holder's cases (``id_number``)."""

    model_config = ConfigDict(extra="forbid")

    receipt_no: str = Field(default="", pattern=f"^$|{RECEIPT_RE.pattern}", max_length=40)
    check_code: str = Field(default="", max_length=16)
    id_number: str = Field(default="", pattern=ID_NUMBER_PATTERN)
    collector_id: str = Field(default="", pattern=ID_NUMBER_PATTERN)

    @model_validator(mode="after")
    def _one_way(self) -> ProgressRequest:
        by_receipt = bool(self.receipt_no or self.check_code)
        if by_receipt == bool(self.id_number):
            raise ValueError("give receipt_no with check_code, or id_number")
        if by_receipt and not (self.receipt_no and self.check_code):
            raise ValueError("receipt_no and check_code go together")
        return self

    def __repr__(self) -> str:  # never the ID numbers
        return f"ProgressRequest(receipt_no={self.receipt_no!r})"

    __str__ = __repr__


class Mailed(BaseModel):
    """A posted result: the carrier's name (中国邮政EMS …) and the waybill number."""

    carrier: str = Field(max_length=40)
    waybill: str = Field(pattern=r"^[A-Z0-9]{8,20}$")


class ProgressCase(BaseModel):
    """Where one case stands: no personal data but the applicant's masked name."""

    receipt_no: str
    item_code: str
    item_name: str
    hall_code: str
    state: str
    step: str = ""  # 已受理，正在审查 …
    department: str = ""  # who decides it (受办分离)
    reason: str = ""
    promised_date: dt.date | None = None
    outstanding: list[str] = Field(default_factory=list)  # 补正 materials still owed
    applicant: str = ""  # masked: 张*三
    updated_at: str = ""
    case_id: str = ""  # only when a collector was named
    collector: str = Field(default="", pattern="^(|applicant|agent)$")
    # 邮寄送达: chosen at intake; the carrier's name and the waybill once posted.
    express: bool = False
    mailed: Mailed | None = None


class ProgressAnswer(BaseModel):
    """The cases found (one for a receipt number; newest first for a card)."""

    cases: list[ProgressCase]
