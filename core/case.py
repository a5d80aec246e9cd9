"""The case (办件): one application, its materials and its event trail.

A case is created as a draft on the device, submitted (then frozen: what the
citizen signed is what travels), synced to the back office, and then follows
the back office's decisions. Every step is an event in an append-only log
whose entries are hash-chained, so any later edit of the trail shows
(全过程留痕). Plain data: any thread may use these models, but only the
thread that owns the local store should persist them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_serializer

from core.case_seal import CaseSeal
from core.credit_code import CreditCodeError, validate_credit_code
from core.errors import CaseError
from core.i18n import N_
from core.identity import Identity
from core.ids import uuid7
from core.messages import Term


class CaseState(StrEnum):
    """Life of a case, device side and back-office side."""

    DRAFT = "draft"
    SUBMITTED = "submitted"  # saved locally, receipt printed, queued for sync
    SYNCED = "synced"  # the back office has it
    ACCEPTED = "accepted"  # 受理
    REJECTED = "rejected"  # 不予受理, with a reason
    READY = "ready"  # result ready for pickup (待出件)
    DELIVERED = "delivered"  # handed out or sent (已出件)


STATE_LABELS = {
    CaseState.DRAFT: N_("草稿"),
    CaseState.SUBMITTED: N_("已提交"),
    CaseState.SYNCED: N_("已上报"),
    CaseState.ACCEPTED: N_("已受理"),
    CaseState.REJECTED: N_("不予受理"),
    CaseState.READY: N_("待取件"),
    CaseState.DELIVERED: N_("已出件"),
}

TRANSITIONS: dict[CaseState, set[CaseState]] = {
    CaseState.DRAFT: {CaseState.SUBMITTED},
    CaseState.SUBMITTED: {CaseState.SYNCED},
    CaseState.SYNCED: {CaseState.ACCEPTED, CaseState.REJECTED},
    CaseState.ACCEPTED: {CaseState.READY, CaseState.REJECTED},
    CaseState.REJECTED: set(),
    CaseState.READY: {CaseState.DELIVERED},
    CaseState.DELIVERED: set(),
}


class Party(BaseModel):
    """An applicant or agent (代办人) as the case records them."""

    model_config = ConfigDict(frozen=True)

    name: str
    id_number: str
    card_type: str = "resident"
    phone: str = ""

    @classmethod
    def from_identity(cls, identity: Identity, phone: str = "") -> Party:
        return cls(
            name=identity.name,
            id_number=identity.id_number,
            card_type=identity.card_type.value,
            phone=phone,
        )

    def __repr__(self) -> str:
        return "Party(***)"

    __str__ = __repr__


class Company(BaseModel):
    """A legal person (法人或其他组织) applying: the 单位 the 经办人 at the window acts for.

    ``credit_code`` is the GB 32100 统一社会信用代码, checked when the model is made
    (core.credit_code); ``legal_representative`` the 法定代表人（负责人）'s name.
    ``represented`` says the 经办人 whose card was read is that 法定代表人 (no
    授权委托书 then). Plain data; any thread. Personal data (the representative's
    name) inside: never log ``repr`` of its fields.
    """

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=200)
    credit_code: str = Field(min_length=18, max_length=18)
    legal_representative: str = Field(min_length=1, max_length=60)
    address: str = Field(default="", max_length=200)
    represented: bool = False  # 经办人即法定代表人

    @field_validator("credit_code", mode="before")
    @classmethod
    def _check_code(cls, value: Any) -> Any:
        # A ValueError, so a bad code in a body read at the back office is a validation
        # error like any other; screens check first (core.credit_code) for the words.
        if not isinstance(value, str):
            return value
        try:
            return validate_credit_code(value)
        except CreditCodeError as exc:
            raise ValueError(exc.code) from None

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict) and not data.get("address"):
            data.pop("address", None)
        return data

    def __repr__(self) -> str:
        return "Company(***)"

    __str__ = __repr__


class FileRef(BaseModel):
    """A scanned file of a material, addressed by its client id and hash."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=uuid7)
    name: str
    media_type: str = "image/jpeg"
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class MaterialStatus(StrEnum):
    RECEIVED = "received"
    DEFICIENT = "deficient"  # 容缺: to be supplied by the 补正 deadline
    COMMITMENT = "commitment"  # 告知承诺 replaces the proof


class CaseMaterial(BaseModel):
    """One material of the checklist and what was received for it.

    ``source`` is "card_read" when the file is the card's face drawn from the
    card read (not a scan), "reuse" when it is a copy from the back office's
    电子材料库 and "elicence" when it is an e-licence (电子证照) fetched from its
    registry (``reference`` then names the entry or the licence); ``check``
    says what staff should look at (e.g. "size:a4": a page of A4 size kept for
    a card). All three are left out of the
    body when empty, so cases saved before they existed keep their digest.
    """

    code: str
    name: str
    status: MaterialStatus = MaterialStatus.RECEIVED
    pages: int = Field(default=0, ge=0)
    files: list[FileRef] = Field(default_factory=list)
    source: str = Field(default="", pattern=r"^[a-z_]{0,16}$")
    check: str = Field(default="", pattern=r"^[a-z0-9_:]{0,32}$")
    # Where a reused material came from: the 电子材料库 entry id (source "reuse") or the
    # e-licence's number in the registry (source "elicence"); "" for a scan.
    reference: str = Field(default="", pattern=r"^[A-Za-z0-9_:.-]{0,64}$")

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for key in ("source", "check", "reference"):
                if not data.get(key):
                    data.pop(key, None)
        return data


class Deficiency(BaseModel):
    """A material accepted as missing (容缺受理), due by ``due``."""

    code: str
    name: str
    due: dt.date


class BundleItem(BaseModel):
    """One item of a 一件事 case (its code and name as the catalog had them). Any thread."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)


class DeliveryMethod(StrEnum):
    WINDOW = "window"  # 窗口取件
    EXPRESS = "express"  # 快递送达


class Delivery(BaseModel):
    """How the result reaches the applicant: 窗口自取, or 邮寄送达 to an address.

    The counter records the address structured (GB/T 2260 codes and names of the
    province, city and district, the street detail) with the recipient's name and
    11-digit mobile (core.delivery checks them); ``address`` is the joined text,
    which the kiosk's typed address and readers made before fill alone. The
    structured fields are left out of the body when empty, so cases saved before
    they existed keep their digest. Personal data: never log it. Any thread.
    """

    method: DeliveryMethod = DeliveryMethod.WINDOW
    address: str = ""
    recipient_phone: str = ""
    recipient_name: str = Field(default="", max_length=40)
    province_code: str = Field(default="", pattern=r"^([1-8][0-9]{5})?$")
    province: str = Field(default="", max_length=20)
    city_code: str = Field(default="", pattern=r"^([1-8][0-9]{5})?$")
    city: str = Field(default="", max_length=30)
    district_code: str = Field(default="", pattern=r"^([1-8][0-9]{5})?$")
    district: str = Field(default="", max_length=30)
    detail: str = Field(default="", max_length=120)

    @model_serializer(mode="wrap")
    def _drop_empty(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for key in STRUCTURED_ADDRESS:
                if not data.get(key):
                    data.pop(key, None)
        return data

    @property
    def structured(self) -> bool:
        """The address was chosen province / city / district plus detail (the counter)."""
        return bool(self.province)


STRUCTURED_ADDRESS = (
    "recipient_name",
    "province_code",
    "province",
    "city_code",
    "city",
    "district_code",
    "district",
    "detail",
)


class Consent(BaseModel):
    """The citizen's 同意 to the kiosk's privacy notice, given before the card was read.

    ``notice_version`` names the notice's text as it was shown (the notice is
    versioned where it is written, kiosk/pages/consent.py); ``at`` is when 同意
    was touched. Plain data; any thread.
    """

    model_config = ConfigDict(frozen=True)

    notice_version: str = Field(min_length=1, max_length=40)
    at: dt.datetime


class Commitment(BaseModel):
    """A signed 承诺书 (告知承诺, core.commitment) on a case. ``text_sha256`` is the hash
    of the words shown and signed (``letter``); ``file_id`` the rendered 承诺书 (PDF),
    ``signature_file_id`` the signature image (PNG), both files of each replaced material;
    ``eligibility`` how the device knew it could be used: "allowed" (the back office
    said so) or "offline" (the offline rule). Plain data; any thread."""

    model_config = ConfigDict(frozen=True)

    signed_at: dt.datetime
    text_version: str = Field(min_length=1, max_length=40)
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    materials: list[str] = Field(min_length=1)
    file_id: str = Field(min_length=1, max_length=64)
    signature_file_id: str = Field(min_length=1, max_length=64)
    eligibility: str = Field(default="allowed", pattern=r"^(allowed|offline)$")


REUSE_SCOPES = ("library", "elicence")  # 电子材料库, 电子证照库
REUSE_HOW = ("screen", "oral", "written")


class ReuseConsent(BaseModel):
    """The citizen's 同意 that this case may look up and reuse their materials kept from
    earlier cases (``library``) and fetch their e-licences (``elicence``).

    Separate from the privacy notice's ``Consent``: asked at the window after the
    card read. ``how`` says how it was given: touched on the customer screen, or
    said (oral) / signed on paper (written) and recorded by the clerk ``recorded_by``.
    Plain data; any thread.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: dt.datetime
    scope: tuple[str, ...] = Field(min_length=1, max_length=len(REUSE_SCOPES))
    how: str = Field(pattern=r"^(screen|oral|written)$")
    recorded_by: str = Field(default="", max_length=40)

    @field_validator("scope")
    @classmethod
    def _known_scopes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value or any(s not in REUSE_SCOPES for s in value) or len(set(value)) != len(value):
            raise ValueError("scope: library and/or elicence")
        return value

    def covers(self, scope: str) -> bool:
        return scope in self.scope


class QueueVisit(BaseModel):
    """The hall queue's part of a case taken in at a window: the ticket called (none for
    直接办理), how long the citizen waited and how long the service took until the case
    was submitted. Plain data, no personal data; any thread."""

    model_config = ConfigDict(frozen=True)

    number: str = Field(default="", pattern=r"^([A-Z][0-9]{3})?$")  # "" for a walk-in
    category: str = Field(default="", pattern=r"^[A-Z]?$")
    window: str = Field(default="", pattern=r"^[0-9A-Z]{0,4}$")
    walk_in: bool = False
    called_at: dt.datetime | None = None
    started_at: dt.datetime
    wait_s: int | None = Field(default=None, ge=0)  # arrival (transfers keep it) to call
    service_s: int = Field(ge=0)  # start of service to this case's submission
    recalls: int = Field(default=0, ge=0)


class Assistant(BaseModel):
    """帮办: the staff member who helped a citizen at a kiosk (signed in there with the
    staff account). Staff numbers and names are staff data, not the citizen's; any thread."""

    model_config = ConfigDict(frozen=True)

    staff_no: str = Field(pattern=r"^[A-Z0-9._-]{1,40}$")
    name: str = Field(default="", max_length=60)

    @property
    def label(self) -> str:
        return f"{self.staff_no} {self.name}".strip()


class CaseEvent(BaseModel):
    """One entry of the audit trail; ``hash`` chains it to the one before."""

    model_config = ConfigDict(frozen=True)

    seq: int
    at: dt.datetime
    kind: str
    actor: str  # "citizen", a clerk id, "backoffice"
    device: str
    detail: dict[str, Any] = Field(default_factory=dict)
    prev: str = ""
    hash: str = ""

    def digest(self) -> str:
        body = self.model_dump(mode="json", exclude={"hash"})
        raw = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()


class Case(BaseModel):
    """A case (办件). Personal data inside: never log ``repr`` of its fields."""

    id: str = Field(default_factory=uuid7)
    receipt_no: str = ""
    item_code: str
    item_name: str
    # The catalog version (core.catalog.Catalog.version) the case was made under: the
    # back office takes the item in under that version, so a case queued offline is
    # not refused when the item later leaves the catalog. "" in cases made before.
    catalog_version: str = ""
    sub_item: str = ""
    bundle_code: str = ""
    # 一件事: the bundle's items (the lead item is ``item_code``); [] for a single item
    # and in cases made before (left out of the digest when empty).
    bundle_items: list[BundleItem] = Field(default_factory=list)
    channel: str = "kiosk"  # kiosk | counter | station
    hall_code: str
    device_code: str
    applicant: Party
    agent: Party | None = None
    # Who the card read belongs to: "self" (the applicant's own card), "agent"
    # (代他人办理: the agent's card was read, the applicant's details typed),
    # "" in cases made before this was recorded (and by the counter, which reads both).
    applied_by: str = Field(default="", pattern=r"^(|self|agent)$")
    # A legal person applying (单位办理: an item whose form asks for a 统一社会信用代码):
    # the company; ``applicant`` is then the 经办人 at the window, whose card was read
    # (the 法定代表人 when ``company.represented``). None for a natural person and in
    # cases made before (left out of the digest when None).
    company: Company | None = None
    # The privacy notice's 同意 at the kiosk; None where no notice is shown (the
    # counter) and in cases made before.
    consent: Consent | None = None
    # 材料复用 / 电子证照: the citizen's separate consent to reuse (ReuseConsent); None
    # when not asked, and in cases made before (left out of the digest when None).
    reuse_consent: ReuseConsent | None = None
    # The hall queue's ticket, wait and service times of a case taken in at a window
    # (the counter's calling panel); None elsewhere and in cases made before.
    queue: QueueVisit | None = None
    # 帮办 at a kiosk: the clerk who helped; None for the citizen alone, at the counter
    # (the clerk is the trail's actor there) and in cases made before.
    assisted_by: Assistant | None = None
    form: dict[str, str] = Field(default_factory=dict)
    materials: list[CaseMaterial] = Field(default_factory=list)
    deficiencies: list[Deficiency] = Field(default_factory=list)
    delivery: Delivery = Field(default_factory=Delivery)
    # True when a 告知承诺 replaced proofs; ``commitment`` is the signed 承诺书 (None in
    # cases made before it was recorded, whose flag alone said so: left out of the digest).
    commitment_signed: bool = False
    commitment: Commitment | None = None
    promised_date: dt.date | None = None
    deadline_note: str = ""
    state: CaseState = CaseState.DRAFT
    state_reason: str = ""
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now().astimezone())
    events: list[CaseEvent] = Field(default_factory=list)
    # The submitting device's signature over the content and the trail's head
    # (core.case_seal); None in cases made before devices signed.
    seal: CaseSeal | None = None

    def __repr__(self) -> str:
        return f"Case(id={self.id}, receipt_no={self.receipt_no}, state={self.state.value})"

    __str__ = __repr__

    @property
    def frozen(self) -> bool:
        return self.state is not CaseState.DRAFT

    def log(self, kind: str, actor: str, detail: dict[str, Any] | None = None) -> CaseEvent:
        """Append an event to the trail (the only way to add one)."""
        prev = self.events[-1].hash if self.events else ""
        ev = CaseEvent(
            seq=len(self.events),
            at=dt.datetime.now().astimezone(),
            kind=kind,
            actor=actor,
            device=self.device_code,
            detail=detail or {},
            prev=prev,
        )
        ev = ev.model_copy(update={"hash": ev.digest()})
        self.events.append(ev)
        return ev

    def verify_trail(self) -> bool:
        """True when no event of the trail was altered, removed or reordered."""
        prev = ""
        for i, ev in enumerate(self.events):
            if ev.seq != i or ev.prev != prev or ev.digest() != ev.hash:
                return False
            prev = ev.hash
        return True

    def transition(self, to: CaseState, actor: str, reason: str = "") -> None:
        if to not in TRANSITIONS[self.state]:
            raise CaseError(
                "case.bad_transition",
                frm=self.state.value,
                to=to.value,
                from_label=Term(STATE_LABELS[self.state]),
                to_label=Term(STATE_LABELS[to]),
            )
        self.log("state", actor, {"from": self.state.value, "to": to.value, "reason": reason})
        self.state = to
        self.state_reason = reason

    def ensure_editable(self) -> None:
        if self.frozen:
            raise CaseError("case.frozen")

    def add_file(self, material_code: str, ref: FileRef, pages: int = 1) -> None:
        self.ensure_editable()
        for m in self.materials:
            if m.code == material_code:
                m.files.append(ref)
                m.pages += pages
                m.status = MaterialStatus.RECEIVED
                return
        raise CaseError("case.no_material", material=material_code)

    def body(self) -> dict[str, Any]:
        """What travels to the back office (JSON-ready, stable)."""
        return self.model_dump(mode="json")

    def body_digest(self) -> str:
        """Hash of the submitted content, excluding state the back office owns.

        An empty ``catalog_version``, ``applied_by``, ``consent``, ``reuse_consent``,
        ``bundle_items``, ``queue``, ``company``, ``assisted_by`` or ``commitment`` is
        left out,
        so a case saved before the field existed keeps the digest it was saved
        and sent with.
        """
        exclude = {"state", "state_reason", "events", "seal"}
        if not self.catalog_version:
            exclude.add("catalog_version")
        if not self.applied_by:
            exclude.add("applied_by")
        if self.consent is None:
            exclude.add("consent")
        if self.reuse_consent is None:
            exclude.add("reuse_consent")
        if not self.bundle_items:
            exclude.add("bundle_items")
        if self.queue is None:
            exclude.add("queue")
        if self.company is None:
            exclude.add("company")
        if self.assisted_by is None:
            exclude.add("assisted_by")
        if self.commitment is None:
            exclude.add("commitment")
        body = self.model_dump(mode="json", exclude=exclude)
        raw = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()
