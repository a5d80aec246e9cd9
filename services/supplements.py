"""补交材料 (补正): find what a case still owes, take the pages, send them, print the 回执.

Shared by the kiosk and the counter (Qt-free). A case is found by the card
read at the device (the holder's cases, from the back office when it answers
and from the local store always) or by its receipt number with the check
code printed on the receipt (core.ids.check_code). What a case owes comes
from the back office when it answers (a reviewer's 补正 requests and waivers
are there), else from the local case's trail (core.supplements). The pages
of each material become one PDF, encrypted in the local store; a
``wire.records.Supplement`` goes through the outbox with its files (one
transaction), and the 补正回执 is printed through the print-job store. The
network is never on the path of the hand-in itself: offline, a case of this
device is found and completed locally and sent later.

Any thread that may use the runtime's store (the GUI thread for look-ups in
the apps, their background lane for ``hand_in``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.case import Case, CaseState
from core.errors import CaseError, OneWindowError
from core.identity import Identity, mask_name
from core.ids import check_code, normalise_check_code, parse_receipt_number
from core.receipt import Document, supplement_receipt
from core.supplements import Owed, outstanding, promised_after
from services.printing import PrintJob, terminal_label
from services.runtime import Runtime
from wire.records import Supplement, SupplementMaterial

if TYPE_CHECKING:
    from drivers.camera.page import Page

log = logging.getLogger(__name__)

# States in which a case may still be handed materials (not refused, not handed out).
OWING_STATES = (CaseState.SUBMITTED, CaseState.SYNCED, CaseState.ACCEPTED, CaseState.READY)
LOCAL_SCAN_LIMIT = 2000


@dataclass
class OwedCase:
    """A case that owes materials, as a device may show it (the name masked).

    ``local`` when the case is in this device's store; ``owed`` soonest due first.
    Plain data; any thread.
    """

    case_id: str
    receipt_no: str
    item_code: str
    item_name: str
    applicant: str
    state: str
    owed: list[Owed] = field(default_factory=list)
    catalog_version: str = ""
    local: bool = False

    @classmethod
    def of_case(cls, case: Case) -> OwedCase:
        return cls(
            case_id=case.id,
            receipt_no=case.receipt_no,
            item_code=case.item_code,
            item_name=case.item_name,
            applicant=mask_name(case.applicant.name),
            state=case.state.value,
            owed=outstanding(case),
            catalog_version=case.catalog_version,
            local=True,
        )

    @classmethod
    def of_answer(cls, row: Mapping[str, Any], local: bool) -> OwedCase:
        owed = [
            Owed(
                str(m["code"]),
                str(m.get("name", "")),
                dt.date.fromisoformat(str(m["due"])),
                str(m.get("source", "")),
            )
            for m in row.get("materials") or ()
        ]
        return cls(
            case_id=str(row["case_id"]),
            receipt_no=str(row["receipt_no"]),
            item_code=str(row.get("item_code", "")),
            item_name=str(row.get("item_name", "")),
            applicant=str(row.get("applicant", "")),
            state=str(row.get("state", "")),
            owed=owed,
            catalog_version=str(row.get("catalog_version", "")),
            local=local,
        )


def _holds(case: Case, identity: Identity) -> bool:
    number = identity.id_number.strip().upper()
    held = [case.applicant.id_number] + ([case.agent.id_number] if case.agent else [])
    return bool(number) and any(h.strip().upper() == number for h in held)


def _local_case(runtime: Runtime, case_id: str) -> Case | None:
    try:
        return runtime.store.get_case(case_id)
    except CaseError:
        return None


def _ask(runtime: Runtime, **query: str) -> list[dict[str, Any]] | None:
    """The back office's answer, or None when it cannot be asked now (offline, busy,
    not enrolled). NotFound goes through: the back office knows no such case."""
    from sync.errors import NotFound, SyncError

    try:
        return runtime.client.outstanding_supplements(**query)
    except NotFound:
        raise
    except SyncError as exc:
        log.info("补正 look-up at the back office not answered (%s)", type(exc).__name__)
        return None


def find_by_card(runtime: Runtime, identity: Identity) -> list[OwedCase]:
    """The card holder's cases that owe materials (as applicant or recorded agent),
    soonest due first: the back office's answer with this device's own cases."""
    local = [
        c
        for c in runtime.store.list_cases(limit=LOCAL_SCAN_LIMIT, states=OWING_STATES)
        if _holds(c, identity)
    ]
    found: dict[str, OwedCase] = {}
    answer = _ask(runtime, id_number=identity.id_number.strip().upper())
    mine = {c.id for c in local}
    for row in answer or ():
        oc = OwedCase.of_answer(row, local=str(row["case_id"]) in mine)
        found[oc.case_id] = oc
    for case in local:
        if case.id not in found and (answer is None or case.state is CaseState.SUBMITTED):
            # offline, or not yet at the back office: what this device knows
            oc = OwedCase.of_case(case)
            if oc.owed:
                found[oc.case_id] = oc
    return sorted(found.values(), key=lambda c: min(o.due for o in c.owed))


def find_by_receipt(runtime: Runtime, receipt_no: str, code: str) -> OwedCase:
    """The case of ``receipt_no`` whose check code is ``code``, and what it owes.

    CaseError: a badly formed number or code, no such case (or the code does
    not match), a case of another device while the back office cannot be
    asked, or a case that owes nothing.
    """
    from sync.errors import NotFound

    number = receipt_no.strip().upper()
    typed = normalise_check_code(code)
    if parse_receipt_number(number) is None or typed is None:
        raise CaseError("supplement.bad_receipt")
    case = runtime.store.case_by_receipt(number)
    if case is not None and check_code(case.id) != typed:
        raise CaseError("supplement.not_found")
    try:
        answer = _ask(runtime, receipt_no=number, check_code=typed)
    except NotFound:
        answer = [] if case is None or case.state is not CaseState.SUBMITTED else None
    if answer:
        found = OwedCase.of_answer(answer[0], local=case is not None)
    elif case is not None:
        found = OwedCase.of_case(case)
    elif answer is None:
        raise CaseError("supplement.needs_network")
    else:
        raise CaseError("supplement.not_found")
    if not found.owed:
        raise CaseError("supplement.none_owed")
    return found


def owed_now(runtime: Runtime, case: Case) -> list[Owed]:
    """What ``case`` (of this device) owes now: the back office's word when it answers,
    else the local trail's (the pickup check)."""
    from sync.errors import NotFound

    try:
        answer = _ask(runtime, receipt_no=case.receipt_no, check_code=check_code(case.id))
    except NotFound:
        answer = None
    if answer:
        return OwedCase.of_answer(answer[0], local=True).owed
    return outstanding(case)


@dataclass
class HandInResult:
    """What a 补正 left: its record, what is still owed, the promised date when complete,
    and the 补正回执's print job (None, with ``print_error``, when it could not be kept)."""

    record: Supplement
    still_owed: list[Owed]
    promised_date: dt.date | None
    document: Document
    job: PrintJob | None
    print_error: OneWindowError | None = None


def hand_in(
    runtime: Runtime,
    found: OwedCase,
    pages: Mapping[str, Sequence[Page]],
    *,
    actor: str,
    clerk: str = "",
    today: dt.date | None = None,
) -> HandInResult:
    """Keep the pages of each owed material (one PDF each), send the ``Supplement``
    through the outbox and print the 补正回执.

    ``pages`` maps a material code to its pages in order; codes not owed raise
    CaseError, as does nothing scanned. StorageError when it could not be
    saved (nothing is sent then). A printer problem does not undo the 补正.
    """
    from drivers.camera.pdf import assemble_pdf

    owed = {o.code: o for o in found.owed}
    given = {code: list(p) for code, p in pages.items() if p}
    if not given:
        raise CaseError("supplement.nothing_scanned")
    for code in given:
        if code not in owed:
            raise CaseError("supplement.not_owed", material=code)
    cfg = runtime.config
    materials = []
    for code, ps in given.items():
        pdf = assemble_pdf(ps, title=owed[code].name)
        ref = runtime.store.save_file(pdf, f"{code}.pdf", "application/pdf")
        materials.append(SupplementMaterial(code=code, name=owed[code].name, files=[ref]))
    record = Supplement(
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        case_id=found.case_id,
        receipt_no=found.receipt_no,
        actor=actor,
        materials=materials,
    )
    runtime.store.submit_record(record, case_elsewhere=not found.local)
    log.info("补正 %s of case %s saved (%d material(s))", record.id, found.case_id, len(given))
    runtime.sync.sync_now()
    still = [o for o in found.owed if o.code not in given]
    today = today or dt.date.today()
    item = _item(runtime, found)
    days = item.promised_days if item is not None else None
    promised = None
    if not still and days is not None:
        promised = promised_after(today, days, getattr(runtime, "calendar", None))
    doc = supplement_receipt(
        receipt_no=found.receipt_no,
        item_name=found.item_name,
        applicant=found.applicant,
        supplied=[(m.name, len(given[m.code])) for m in materials],
        still_owed=[(o.name, o.due) for o in still],
        hall_name=cfg.hall_name,
        terminal=terminal_label(runtime),
        channel=cfg.role.value,
        promised_days=days,
        promised_date=promised,
        clerk=clerk,
    )
    try:
        job = runtime.printing.print(
            doc, case_id=found.case_id if found.local else None, actor=clerk or actor
        )
    except OneWindowError as exc:
        return HandInResult(record, still, promised, doc, None, exc)
    return HandInResult(record, still, promised, doc, job)


def _item(runtime: Runtime, found: OwedCase) -> Any:
    find = getattr(runtime, "item_for", None)
    if find is None:
        return None
    return find(found.item_code, found.catalog_version)


def due_cases(runtime: Runtime, today: dt.date | None = None) -> list[tuple[Case, str, Owed]]:
    """This device's cases owing materials, with "overdue" or "due" and the first owed,
    overdue first then soonest (the counter's list)."""
    today = today or dt.date.today()
    out = []
    for case in runtime.store.list_cases(limit=LOCAL_SCAN_LIMIT, states=OWING_STATES):
        owed = outstanding(case)
        if owed:
            first = owed[0]
            out.append((case, "overdue" if first.due < today else "due", first))
    return sorted(out, key=lambda t: (t[2].due, t[0].receipt_no))
