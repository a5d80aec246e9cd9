"""Taking in an application: from a card and a catalog item to a submitted case.

The steps every channel shares (kiosk, counter, village station): start a
case from an item and the applicant's identity, prefill the form from the
card, check the form, check the materials against the checklist (容缺 where
allowed), and submit with the promised date in working days.
"""

from __future__ import annotations

import datetime as dt
import re

from core.case import Case, CaseMaterial, CaseState, Deficiency, MaterialStatus, Party
from core.catalog import FieldType, FormField, Item
from core.deadlines import WorkCalendar, add_working_days
from core.errors import CaseError, IdentityError
from core.identity import Identity, nation_name, validate_id_number
from core.messages import Words

# 补正 deadline for materials accepted as missing (容缺后补), in working days.
DEFICIENCY_DAYS = 5

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
) -> Case:
    """A draft case with the materials that apply and the form prefilled."""
    sub_item, materials = item.select(answers)
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
        form=prefill(item.form, subject),
        materials=[
            CaseMaterial(code=m.code, name=m.name, status=MaterialStatus.DEFICIENT)
            for m in materials
        ],
    )
    case.log("created", actor, {"item": item.code, "sub_item": sub_item, "channel": channel})
    return case


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
        due = add_working_days(today, DEFICIENCY_DAYS, calendar)
        deficiencies.append(Deficiency(code=m.code, name=m.name, due=due.due))
        if due.note:
            notes.append(due.note)
    promised = add_working_days(today, item.promised_days, calendar)
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
