"""What else travels through the outbox besides cases: 补正, 好差评, 12345, 出件 and 呼叫.

A supplement (补正) adds materials to a case that was already submitted (the
case itself is frozen); an evaluation (好差评) rates one service; a 12345
consultation or complaint is taken at the kiosk and routed by the back
office; a hand-over (出件) says the result was given out at the window; a help
request (呼叫工作人员) asks staff to come to a kiosk. Each has a
client-generated id (UUIDv7), so the back office keeps it
exactly once, and a stable digest of its content, so the same id with other
content is a conflict. Plain pydantic data, shared by the device's store and
the back office; any thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from core.case import FileRef
from core.i18n import N_
from core.ids import TICKET_PATTERN, uuid7

RECORD_KINDS = ("supplement", "evaluation", "consultation", "handover", "help")


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=uuid7, pattern=r"^[0-9a-fA-F-]{36}$")
    hall_code: str = Field(pattern=r"^[A-Z0-9]{2,12}$")
    device_code: str = Field(pattern=r"^[A-Z0-9]{2,8}$")
    at: dt.datetime = Field(default_factory=_now)

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def digest(self) -> str:
        raw = json.dumps(self.body(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()


class SupplementMaterial(BaseModel):
    """The pages supplied for one material of the case's checklist."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=32)
    name: str = Field(default="", max_length=100)
    files: list[FileRef] = Field(min_length=1)


class Supplement(_Record):
    """补正: materials supplied after the case was submitted (容缺后补)."""

    kind: str = Field(default="supplement", pattern="^supplement$")
    case_id: str = Field(pattern=r"^[0-9a-fA-F-]{36}$")
    receipt_no: str
    actor: str = Field(min_length=1, max_length=64)
    materials: list[SupplementMaterial] = Field(min_length=1)

    def file_refs(self) -> list[FileRef]:
        return [f for m in self.materials for f in m.files]


class EvaluationLevel(IntEnum):
    """好差评 levels (国办发〔2019〕51号), 5 best."""

    VERY_SATISFIED = 5  # 非常满意
    SATISFIED = 4  # 满意
    FAIR = 3  # 基本满意
    DISSATISFIED = 2  # 不满意
    VERY_DISSATISFIED = 1  # 非常不满意


# The five official level names, best first (what the buttons say).
EVALUATION_LEVEL_NAMES: dict[EvaluationLevel, str] = {
    EvaluationLevel.VERY_SATISFIED: N_("非常满意"),
    EvaluationLevel.SATISFIED: N_("满意"),
    EvaluationLevel.FAIR: N_("基本满意"),
    EvaluationLevel.DISSATISFIED: N_("不满意"),
    EvaluationLevel.VERY_DISSATISFIED: N_("非常不满意"),
}
# Levels that count as 差评 and ask for a reason (citizens tap reasons, they do not type).
NEGATIVE_LEVELS = frozenset({EvaluationLevel.DISSATISFIED, EvaluationLevel.VERY_DISSATISFIED})
# Reasons offered for a 差评: stable code (what is stored and counted) → label.
# New codes may be added here; the back office accepts any well-formed code.
EVALUATION_REASONS: dict[str, str] = {
    "wait_long": N_("等候时间长"),
    "materials_unclear": N_("材料要求不清楚"),
    "staff_attitude": N_("工作人员态度"),
    "process_long": N_("办理时间长"),
    "device_hard": N_("设备不好用"),
    "other": N_("其他"),
}
ReasonCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class Evaluation(_Record):
    """好差评: one rating of a service, optionally tied to a case.

    ``reasons`` (codes of EVALUATION_REASONS) only come with 不满意 or
    非常不满意; ``staff`` is the clerk's staff number at a window (empty at
    a kiosk). No citizen name or ID number is kept: the case id links it.
    """

    kind: str = Field(default="evaluation", pattern="^evaluation$")
    case_id: str | None = Field(default=None, pattern=r"^[0-9a-fA-F-]{36}$")
    receipt_no: str = ""
    level: EvaluationLevel
    reasons: list[ReasonCode] = Field(default_factory=list, max_length=8)
    comment: str = Field(default="", max_length=500)
    channel: str = Field(default="kiosk", pattern="^(kiosk|counter|station)$")
    staff: str = Field(default="", max_length=64)

    @model_validator(mode="after")
    def _reasons_fit_the_level(self) -> Evaluation:
        if self.reasons and self.level not in NEGATIVE_LEVELS:
            raise ValueError("reasons come only with a DISSATISFIED or VERY_DISSATISFIED level")
        if len(set(self.reasons)) != len(self.reasons):
            raise ValueError("a reason is listed twice")
        return self


class ConsultationKind(StrEnum):
    CONSULT = "consult"  # 咨询
    COMPLAINT = "complaint"  # 投诉
    SUGGESTION = "suggestion"  # 建议
    HELP = "help"  # 求助


# The four 12345 types, in the order the buttons show them (Chinese first).
CONSULTATION_KIND_NAMES: dict[ConsultationKind, str] = {
    ConsultationKind.CONSULT: N_("咨询"),
    ConsultationKind.COMPLAINT: N_("投诉"),
    ConsultationKind.SUGGESTION: N_("建议"),
    ConsultationKind.HELP: N_("求助"),
}
PHONE_PATTERN = r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})?$"


class Consultation(_Record):
    """A 12345 consultation, complaint, suggestion or request for help taken on the device.

    ``ticket_no`` (工单编号, core.ids.ticket_number) is allocated offline by
    the device's store; the ticket's check code comes from the id
    (core.ids.ticket_check_code). ``department`` and ``item_code`` say where
    it goes when the citizen knows. A callback phone needs ``phone_consent``
    (the citizen agreed to be called back on it) on a ticket.
    ``holder_id_number`` is the card holder's, when a card was read, so the
    answer can be found by card (the back office indexes it by a keyed hash
    only). The body is encrypted at rest on both sides. Plain data; any thread.
    """

    kind: str = Field(default="consultation", pattern="^consultation$")
    category: ConsultationKind
    topic: str = Field(default="", max_length=100)
    text: str = Field(min_length=1, max_length=2000)
    contact_name: str = Field(default="", max_length=50)
    contact_phone: str = Field(default="", max_length=20)
    wants_reply: bool = False
    ticket_no: str = Field(default="", pattern=r"^$|" + TICKET_PATTERN)
    department: str = Field(default="", max_length=60)
    item_code: str = Field(default="", pattern=r"^[0-9A-Za-z-]{0,40}$")
    item_name: str = Field(default="", max_length=100)
    phone_consent: bool = False
    holder_id_number: str = Field(default="", pattern=r"^([0-9]{17}[0-9X])?$")
    channel: str = Field(default="kiosk", pattern="^(kiosk|counter|station)$")
    staff: str = Field(default="", max_length=64)

    @model_validator(mode="after")
    def _phone_needs_consent(self) -> Consultation:
        if self.ticket_no and self.contact_phone and not self.phone_consent:
            raise ValueError("a callback phone on a ticket needs the citizen's consent")
        if self.contact_phone and not re.fullmatch(PHONE_PATTERN, self.contact_phone):
            raise ValueError("the callback phone is not a phone number")
        return self

    def __repr__(self) -> str:
        return f"Consultation(id={self.id}, category={self.category.value})"

    __str__ = __repr__


class Handover(_Record):
    """出件: the result of a READY case was handed out at a comprehensive window.

    ``collector`` says who took it (the applicant or the agent the case
    records; the card was read and matched), ``staff`` the clerk's staff
    number. No name or ID number travels: the case id links them.

    邮寄送达 (issue 16, item 8): ``collector`` "express", the result posted with
    ``carrier`` (a core.delivery.CARRIERS code) and ``waybill``; both are left out of
    the body when empty, so hand-overs made before keep their digest.
    """

    kind: str = Field(default="handover", pattern="^handover$")
    case_id: str = Field(pattern=r"^[0-9a-fA-F-]{36}$")
    receipt_no: str = Field(min_length=1, max_length=40)
    staff: str = Field(min_length=1, max_length=64)
    collector: str = Field(pattern="^(applicant|agent|express)$")
    carrier: str = Field(default="", pattern=r"^([a-z]{2,8})?$")
    waybill: str = Field(default="", pattern=r"^([A-Z0-9]{8,20})?$")

    @model_validator(mode="after")
    def _mailed_has_waybill(self) -> Handover:
        if (self.collector == "express") != bool(self.waybill and self.carrier):
            raise ValueError("an express hand-over carries its carrier and waybill, no other")
        return self

    def body(self) -> dict[str, Any]:
        data = super().body()
        for key in ("carrier", "waybill"):
            if not data.get(key):
                data.pop(key, None)
        return data

    def reason(self) -> str:
        """The case's state reason once handed out: 窗口出件, or 邮寄送达 when posted."""
        return "邮寄送达" if self.collector == "express" else "窗口出件"

    def mailed_detail(self) -> dict[str, str]:
        """The trail's "mailed" event detail (carrier + waybill), {} when not posted."""
        if self.collector != "express":
            return {}
        return {"handover": self.id, "carrier": self.carrier, "waybill": self.waybill}


class HelpRequest(_Record):
    """呼叫工作人员: a citizen at a device asks for staff to come.

    Only what the staff need to find the citizen: which hall and device
    (from ``_Record``), the page the citizen was on and when. No name, no ID
    number, no case: a citizen may call before any card is read.
    """

    kind: str = Field(default="help", pattern="^help$")
    page: str = Field(default="", pattern=r"^[a-z_]{0,32}$")
    channel: str = Field(default="kiosk", pattern="^(kiosk|counter|station)$")


RECORD_MODELS: dict[str, type[_Record]] = {
    "supplement": Supplement,
    "evaluation": Evaluation,
    "consultation": Consultation,
    "handover": Handover,
    "help": HelpRequest,
}


def redacted(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """The record with personal data removed (after the retention period)."""
    out = dict(body)
    if kind == "consultation":
        out.update(
            text="（已按保留期限清除）", contact_name="", contact_phone="", holder_id_number=""
        )
    elif kind == "evaluation":
        out["comment"] = ""
    return out
