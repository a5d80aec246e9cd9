"""进度查询 for the kiosk and the counter (Qt-free): one case by its receipt's QR or by
receipt number and check code, or all of a card holder's cases.

The back office answers first (``POST /api/v1/progress``: cases of every
device and hall, through its holders' index). A case this device made that
has not reached the back office yet is answered from the local store, and
when the back office cannot be reached the local store answers alone and
the result says it is offline (the screen says so). Answers carry no
personal data but the applicant's masked name. Network calls block: run
them off the GUI thread (the apps' background lane). Any thread.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass, field

from core.case import Case, CaseState
from core.errors import CaseError, CatalogError
from core.identity import Identity, mask_name
from core.ids import check_code
from core.tracking import Lookup, parse_lookup
from services.runtime import Runtime
from sync.errors import NotFound, Offline, ServerBusy, Unauthorized
from wire.progress import ProgressCase

log = logging.getLogger(__name__)

LOCAL_SCAN_LIMIT = 2000
"""How many local cases a card look-up reads (newest first)."""

LOCAL_STEPS = {
    CaseState.SUBMITTED: "已提交，等待上传",
    CaseState.SYNCED: "已收件，等待受理",
    CaseState.ACCEPTED: "已受理，正在审查",
    CaseState.REJECTED: "不予受理",
    CaseState.READY: "已办结，待取件",
    CaseState.DELIVERED: "已出件",
}


@dataclass
class ProgressResult:
    """The cases found, newest first; ``offline`` when only the local store answered."""

    cases: list[ProgressCase] = field(default_factory=list)
    offline: bool = False


def read_lookup(text: str, *, need_check: bool = True) -> Lookup:
    """What was scanned or typed, as a look-up; CaseError saying what to do otherwise."""
    found = parse_lookup(text)
    if found is None:
        raise CaseError("progress.bad_input")
    if need_check and not found.check_code:
        raise CaseError("progress.need_check_code")
    return found


def _department(runtime: Runtime, code: str) -> str:
    try:
        return runtime.catalog.item(code).department
    except CatalogError:
        return ""


def local_progress(runtime: Runtime, case: Case) -> ProgressCase:
    """A local case as a progress answer (masked name only)."""
    return ProgressCase(
        receipt_no=case.receipt_no,
        item_code=case.item_code,
        item_name=case.item_name,
        hall_code=case.hall_code,
        state=case.state.value,
        step=LOCAL_STEPS.get(case.state, ""),
        department=_department(runtime, case.item_code),
        reason=case.state_reason,
        promised_date=case.promised_date,
        outstanding=[d.name for d in case.deficiencies],
        applicant=mask_name(case.applicant.name),
    )


def _local_by_check(runtime: Runtime, lookup: Lookup) -> Case | None:
    case = runtime.store.case_by_receipt(lookup.receipt_no)
    if case is None:
        return None
    if lookup.check_code and not hmac.compare_digest(lookup.check_code, check_code(case.id)):
        return None
    return case


def progress_by_receipt(runtime: Runtime, lookup: Lookup) -> ProgressResult:
    """Where the case of a receipt stands. CaseError ``progress.not_found`` when neither
    the back office nor this device has it (or the check code does not match),
    ``progress.offline_not_here`` when offline and this device does not have it."""
    body = {"receipt_no": lookup.receipt_no, "check_code": lookup.check_code}
    try:
        rows = runtime.client.progress(body)
    except NotFound:
        local = _local_by_check(runtime, lookup)
        if local is None:
            raise CaseError("progress.not_found", receipt_no=lookup.receipt_no) from None
        return ProgressResult([local_progress(runtime, local)])
    except (Offline, ServerBusy, Unauthorized):
        local = _local_by_check(runtime, lookup)
        if local is None:
            raise CaseError("progress.offline_not_here") from None
        return ProgressResult([local_progress(runtime, local)], offline=True)
    return ProgressResult([ProgressCase.model_validate(r) for r in rows])


def progress_by_card(runtime: Runtime, identity: Identity) -> ProgressResult:
    """All the card holder's cases: the back office's (every hall) and this device's not
    uploaded yet; this device's alone, ``offline``, when the back office cannot answer."""
    number = identity.id_number.strip().upper()
    local = [
        c
        for c in runtime.store.list_cases(limit=LOCAL_SCAN_LIMIT)
        if c.applicant.id_number.strip().upper() == number
    ]
    try:
        rows = runtime.client.progress({"id_number": number})
    except (Offline, ServerBusy, Unauthorized):
        return ProgressResult([local_progress(runtime, c) for c in local], offline=True)
    found = [ProgressCase.model_validate(r) for r in rows]
    known = {c.receipt_no for c in found}
    pending = [local_progress(runtime, c) for c in local if c.receipt_no not in known]
    return ProgressResult(pending + found)
