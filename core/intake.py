"""Taking in an application: from a card and a catalog item to a submitted case.

The steps every channel shares (kiosk, counter, village station): start a
case from an item and the applicant's identity, prefill the form from the
card, check the form, check the materials against the checklist (容缺 where
allowed, each material's 补正 deadline from the catalog), and submit with the
promised date in working days, counted from the day the materials are complete
(the last 补正 deadline while some are missing; core.supplements).
"""

from __future__ import annotations

import datetime as dt
import re

from core.case import (
    BundleItem,
    Case,
    CaseMaterial,
    CaseState,
    Company,
    Deficiency,
    MaterialStatus,
    Party,
)
from core.catalog import Catalog, FieldType, FormField, Item, Material
from core.credit_code import CreditCodeError, validate_credit_code
from core.deadlines import WorkCalendar, add_working_days
from core.errors import CaseError, CatalogError, IdentityError
from core.identity import CardType, Identity, nation_name, validate_id_number
from core.messages import Words

# 补正 deadline for materials accepted as missing (容缺后补), in working days, when the
# catalog's material says nothing else (core.catalog.Material.supplement_days).
DEFICIENCY_DAYS = 5

# Materials the applicant's own card, read electronically, is (一证通办): filled from
# the card read instead of asked for under the camera. By code, and by the names a
# catalog gives the applicant's ID (not an agent's or a guardian's: their card is
# not the one read).
CARD_READ_CODES = frozenset({"M-ID-001", "M-ID-004"})  # 申请人 / 原居民身份证
CARD_READ_NAMES = frozenset({"居民身份证", "申请人居民身份证", "申请人身份证"})
ANY_ID_NAMES = frozenset({"身份证明", "申请人身份证明", "申请人有效身份证明"})
CARD_READ = "card_read"  # CaseMaterial.source of a material filled from the card read

# What a material is, by the end of its name (brackets dropped), for the page size
# check and the page's format: a 户口簿 page (105 × 143 mm; 居民户口簿, 户口簿首页,
# 户口簿本人页 — not a 复印件, often on A4), a card (ID-1, 85.6 × 54 mm) or a sheet of
# paper (A4 and the like). No catalogue material is an A5 sheet by name.
_HUKOU = re.compile(r"户口[簿本](?:[^复]{0,6}页)?$")
_CARD_ENDINGS = ("身份证", "居住证", "社会保障卡", "社保卡", "居留证", "通行证")
_SHEET_ENDINGS = ("表", "书", "执照", "证明", "合同", "协议", "决定", "报告", "声明", "说明")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
SIZE_CHECK = "size:"  # CaseMaterial.check of a page whose size contradicts the material


def card_satisfies(name: str, code: str, identity: Identity) -> bool:
    """True when the card just read is this material itself (the applicant's ID card)."""
    if name in ANY_ID_NAMES:
        return True
    return identity.card_type is CardType.RESIDENT and (
        code in CARD_READ_CODES or name in CARD_READ_NAMES
    )


def expected_size(name: str) -> str:
    """ "hukou", "card", "sheet" or "" (nothing known) for a material of this name."""
    base = _BRACKETS.sub("", name).strip()
    if _HUKOU.search(base):
        return "hukou"
    if base.endswith(_CARD_ENDINGS):
        return "card"
    if base.endswith(_SHEET_ENDINGS):
        return "sheet"
    return ""


# Page formats (drivers.camera.codes.PageKind values) that contradict what a material is.
_CONFLICTS = {
    "card": frozenset({"a4", "letter", "a5", "hukou"}),
    "sheet": frozenset({"id1", "hukou"}),
    "hukou": frozenset({"id1"}),  # an A4 page may be a copy of it
}


def size_conflict(name: str, page_kind: str) -> bool:
    """Does a page the detector sized as ``page_kind`` (a4, letter, a5, hukou, id1, other)
    contradict the material? A paper page for a card, a card or a 户口簿 page for a sheet,
    a card for a 户口簿 page; a page of no known format contradicts nothing."""
    return page_kind in _CONFLICTS.get(expected_size(name), frozenset())


_PHONE_RE = re.compile(r"^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")


def prefill(fields: list[FormField] | tuple[FormField, ...], identity: Identity) -> dict[str, str]:
    """Values for the fields that prefill from the ID card (一证通办)."""
    values: dict[str, str] = {}
    for f in fields:
        if f.prefill is None:
            continue
        v = getattr(identity, f.prefill, "")
        if f.prefill == "nation":
            v = nation_name(str(v or ""))
        elif isinstance(v, dt.date):
            v = v.isoformat()
        elif hasattr(v, "value"):
            v = {"1": "男", "2": "女"}.get(v.value, "")
        values[f.key] = str(v or "")
    return values


# The 授权委托书 a company's 经办人 hands in when not its 法定代表人 (the standard material
# the catalog lists for every item a legal person applies for).
AUTHORISATION_CODE = "M-AGT-001"
# Form fields a company record fills (key → Company attribute), besides the credit code
# field (any key, by its type) and the fields labelled 法定代表人 (its representative).
COMPANY_KEYS = {"entity_name": "name", "company_name": "name", "entity_address": "address"}
_REPRESENTATIVE_LABEL = "法定代表人"


def company_prefill(
    fields: list[FormField] | tuple[FormField, ...], company: Company
) -> dict[str, str]:
    """Values for the fields the company record gives: its name, credit code, 法定代表人
    (a field labelled so) and address (when it has one)."""
    values: dict[str, str] = {}
    for f in fields:
        if f.type is FieldType.CREDIT_CODE:
            values[f.key] = company.credit_code
        elif f.key in COMPANY_KEYS and getattr(company, COMPANY_KEYS[f.key]):
            values[f.key] = getattr(company, COMPANY_KEYS[f.key])
        elif f.label.startswith(_REPRESENTATIVE_LABEL):
            values[f.key] = company.legal_representative
    return values


def company_materials(
    item: Item, materials: list[Material], company: Company | None
) -> list[Material]:
    """The checklist with the 授权委托书 when a company's 经办人 is not its 法定代表人
    (and without it when they are, whatever a scenario answer brought in)."""
    if company is None:
        return materials
    rest = [m for m in materials if m.code != AUTHORISATION_CODE]
    if company.represented:
        return rest
    try:
        letter = item.material(AUTHORISATION_CODE)
    except CatalogError:  # a catalog without it: nothing to ask for (目录之外无证明)
        return materials
    return [*rest, letter]


def check_form(
    fields: list[FormField] | tuple[FormField, ...], values: dict[str, str]
) -> dict[str, str]:
    """Field key → what is wrong with it, in words a citizen understands."""
    errors: dict[str, str] = {}  # values are core.messages.Words
    for f in fields:
        v = values.get(f.key, "").strip()
        if not v:
            if f.required:
                errors[f.key] = Words("form.required", label=f.label)
            continue
        if f.type is FieldType.PHONE and not _PHONE_RE.fullmatch(v):
            errors[f.key] = Words("form.phone")
        elif f.type is FieldType.ID_NUMBER:
            try:
                validate_id_number(v)
            except IdentityError as exc:
                errors[f.key] = exc.message_words()
        elif f.type is FieldType.CREDIT_CODE:
            try:
                validate_credit_code(v)
            except CreditCodeError as exc:
                errors[f.key] = exc.message_words()
        elif f.type is FieldType.DATE:
            try:
                dt.date.fromisoformat(v)
            except ValueError:
                errors[f.key] = Words("form.date")
        elif f.type is FieldType.CHOICE and v not in f.choices:
            errors[f.key] = Words("form.choice", label=f.label)
    return errors


def start_case(
    item: Item,
    applicant: Identity,
    *,
    hall_code: str,
    device_code: str,
    channel: str,
    actor: str,
    answers: dict[str, int] | None = None,
    agent: Identity | None = None,
    catalog_version: str = "",
    bundle: tuple[Catalog, str] | None = None,
    company: Company | None = None,
) -> Case:
    """A draft case with the materials that apply and the form prefilled.

    ``catalog_version``: the version of the catalog ``item`` was taken from (the
    back office takes the case in under it even if the item is withdrawn later).
    ``bundle``: (catalog, bundle code) for a 一件事 case; ``item`` is then
    ``catalog.bundle_item(code)`` and the case carries the bundle and its items.
    ``company``: the legal person applying (单位办理); ``applicant`` is then its 经办人
    (whose card was read), the checklist gains the 授权委托书 unless the 经办人 is the
    法定代表人, and the form takes the company's name, code and representative.
    """
    sub_item, materials = item.select(answers)
    materials = company_materials(item, materials, company)
    subject = applicant
    case = Case(
        item_code=item.code,
        item_name=item.name,
        sub_item=sub_item,
        channel=channel,
        hall_code=hall_code,
        device_code=device_code,
        applicant=Party.from_identity(subject),
        agent=Party.from_identity(agent) if agent else None,
        form={
            **prefill(item.form, subject),
            **(company_prefill(item.form, company) if company else {}),
        },
        company=company,
        catalog_version=catalog_version,
        bundle_code=bundle[1] if bundle else "",
        bundle_items=bundle_items(*bundle) if bundle else [],
        materials=[
            CaseMaterial(code=m.code, name=m.name, status=MaterialStatus.DEFICIENT)
            for m in materials
        ],
    )
    detail = {"item": item.code, "sub_item": sub_item, "channel": channel}
    if bundle:
        detail["bundle"] = bundle[1]
    if company is not None:  # no name or code in the trail's detail: only that it is one
        detail["company"] = "represented" if company.represented else "authorised"
    case.log("created", actor, detail)
    return case


def bundle_items(catalog: Catalog, code: str) -> list[BundleItem]:
    """The items of bundle ``code`` as a case records them (CatalogError if unknown)."""
    return [BundleItem(code=c, name=catalog.item(c).name) for c in catalog.bundle(code).items]


def submit_case(
    case: Case,
    item: Item,
    *,
    receipt_no: str,
    actor: str,
    today: dt.date | None = None,
    calendar: WorkCalendar | None = None,
) -> Case:
    """Check and freeze a draft: receipt number, deficiencies, promised date.

    Raises CaseError naming the first problem (a required material missing
    that may not be supplied later, a form error).
    """
    case.ensure_editable()
    today = today or dt.date.today()
    errors = check_form(item.form, case.form)
    if errors:
        key, msg = next(iter(errors.items()))
        code, params = (msg.code, msg.params) if isinstance(msg, Words) else ("error", {})
        raise CaseError(code, field=key, **params)
    deficiencies: list[Deficiency] = []
    notes: list[str] = []
    for cm in case.materials:
        if cm.status is not MaterialStatus.DEFICIENT:
            continue
        m = item.material(cm.code)
        if not m.required:
            continue
        if m.commitment_allowed and case.commitment_signed:
            cm.status = MaterialStatus.COMMITMENT
            continue
        if not m.deficiency_allowed:
            raise CaseError("case.material_missing", material=m.code, material_name=m.name)
        due = add_working_days(today, m.supplement_days, calendar)
        deficiencies.append(Deficiency(code=m.code, name=m.name, due=due.due))
        if due.note:
            notes.append(due.note)
    # The time limit counts from complete materials (材料补齐之日起计算): with materials
    # outstanding, the promised date is counted from the last 补正 deadline, so it never
    # falls before a material is due; the 补正 that completes the case says the real one.
    start = max((d.due for d in deficiencies), default=today)
    promised = add_working_days(start, item.promised_days, calendar)
    if promised.note:
        notes.append(promised.note)
    case.deficiencies = deficiencies
    case.receipt_no = receipt_no
    case.promised_date = promised.due
    case.deadline_note = notes[0] if notes else ""
    case.transition(CaseState.SUBMITTED, actor)
    case.log(
        "submitted",
        actor,
        {
            "receipt_no": receipt_no,
            "materials": [m.code for m in case.materials if m.files],
            "deficiencies": [d.code for d in deficiencies],
        },
    )
    return case
