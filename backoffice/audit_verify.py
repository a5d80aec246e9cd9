"""``onewindow backoffice audit verify`` and ``export``: check every trail, name the first break.

Three things are checked, in this order, and every break is kept in the
order found (the first one is what the summary names):

1. every stored case: its sealed body opens (AES-GCM: one byte changed at
   rest fails here), its trail's events are numbered 0, 1, 2…, each holds the
   hash of the one before, and each event's hash is its content's SHA-256
   (core.case.CaseEvent.digest), and the row's state and digest are the body's;
2. the audit log: numbered without gaps from 1, each entry's ``prev`` is the
   hash of the entry before it and its ``hash`` is its content's
   (backoffice.store.chain.entry_hash);
3. every checkpoint: signed by this back office's key over (entry, hash,
   time), and the entry it names is still there with that hash (so a log cut
   short, or rewritten from some entry on, shows).

Beside each case's chain, its device's seal (core.case_seal): signed over
the content and the trail's head by a key that device registered at
enrolment. A case without a seal (sent by a device enrolled before devices
signed) is counted as unsigned, not as a break: the back office refused
unsigned cases from every device that registered a key. Reads only; safe
beside a running server. One thread.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from backoffice.store import BackofficeStore
from backoffice.store.chain import entry_hash, key_id, public_key, signature_valid
from core.case import Case
from core.case_seal import key_id_of, seal_problem
from core.errors import StorageError


@dataclasses.dataclass(frozen=True)
class Break:
    """One place where a trail is not what it was: where, what should be, what is.

    Immutable; any thread.
    """

    where: str  # "case <id> event 3", "audit entry 17", "checkpoint 2"
    problem: str
    expected: str = ""
    found: str = ""

    def describe(self) -> str:
        text = f"{self.where}: {self.problem}"
        if self.expected or self.found:
            text += f" (expected {self.expected or '—'}, found {self.found or '—'})"
        return text


@dataclasses.dataclass
class Report:
    """What ``verify`` saw: counts, and every break in the order found. Built and read by
    the thread that runs ``verify``."""

    cases: int = 0
    events: int = 0
    unsigned: int = 0
    entries: int = 0
    checkpoints: int = 0
    breaks: list[Break] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    def summary(self) -> str:
        return (
            f"{self.cases} cases ({self.events} events, {self.unsigned} unsigned), "
            f"{self.entries} audit entries, "
            f"{self.checkpoints} checkpoints: "
            + ("all intact" if self.ok else f"{len(self.breaks)} break(s)")
        )


_SEAL_BROKEN = {
    "storage.crypt_mismatch": "the sealed body fails its authentication: changed at rest",
    "storage.crypt_format": "the sealed body is not in the sealed format: changed at rest",
}


# The case checks' problems in Chinese, for the printed trail (onewindow.trail_pdf); a
# problem not here is printed as it is.
PROBLEMS_ZH = {
    _SEAL_BROKEN["storage.crypt_mismatch"]: "存储的办件内容未通过认证：已被改动",
    _SEAL_BROKEN["storage.crypt_format"]: "存储的办件内容格式不对：已被改动",
    "event out of order": "事件顺序被打乱",
    "does not follow the event before": "与前一事件不衔接（有事件被删改或插入）",
    "content changed": "事件内容被改动",
    "the row's state is not the trail's": "数据库中的状态与全过程记录不符",
    "the row's digest is not the body's": "数据库中的摘要与办件内容不符",
    "signed with a key this device never registered": "签章所用密钥不是该设备登记的",
    "the sealed trail head is not the trail's: events changed after signing": ("签章后事件被改动"),
    "the device's signature does not match the content: changed after signing": (
        "设备签名与内容不符：签章后被改动"
    ),
}


def _short(digest: str) -> str:
    return digest[:16] + "…" if len(digest) > 16 else digest or '""'


def _check_case(case: Case, state: str, digest: str, where: str) -> Break | None:
    prev = ""
    for i, ev in enumerate(case.events):
        at = f"{where} event {i} ({ev.kind})"
        if ev.seq != i:
            return Break(at, "event out of order", f"seq {i}", f"seq {ev.seq}")
        if ev.prev != prev:
            return Break(at, "does not follow the event before", _short(prev), _short(ev.prev))
        if ev.digest() != ev.hash:
            return Break(at, "content changed", _short(ev.digest()), _short(ev.hash))
        prev = ev.hash
    if state != case.state.value:
        return Break(where, "the row's state is not the trail's", case.state.value, state)
    if digest != case.body_digest():
        return Break(where, "the row's digest is not the body's", _short(case.body_digest()),
                     _short(digest))  # fmt: skip
    return None


def _check_seal(case: Case, keys: list[str], where: str) -> Break | None:
    """The device's seal against the keys that device registered (None: it holds)."""
    assert case.seal is not None
    known = [k for k in keys if key_id_of(k) == case.seal.key_id]
    if not known:
        return Break(f"{where} seal", "signed with a key this device never registered",
                     "a registered key", case.seal.key_id)  # fmt: skip
    problem = seal_problem(case, known[0])
    if problem is not None:
        return Break(f"{where} seal", _SEAL_PROBLEMS.get(problem, problem))
    return None


_SEAL_PROBLEMS = {
    "head": "the sealed trail head is not the trail's: events changed after signing",
    "signature": "the device's signature does not match the content: changed after signing",
}


@dataclasses.dataclass(frozen=True)
class CaseCheck:
    """What ``verify``'s case checks found for one stored case: the row, the case (None
    when its sealed body does not open), the break in its trail or row (if any), and
    whether it is signed and its device's seal holds. Immutable; any thread."""

    case_id: str
    receipt_no: str
    state: str
    case: Case | None
    trail: Break | None = None  # the body, the events' chain, the row against the body
    seal: Break | None = None  # the device's seal (None: holds, or unsigned)
    signed: bool = False

    @property
    def ok(self) -> bool:
        return self.trail is None and self.seal is None

    @property
    def breaks(self) -> list[Break]:
        return [b for b in (self.trail, self.seal) if b is not None]


def check_case(
    store: BackofficeStore,
    row: tuple[str, str, str, str, bytes],
    keys: dict[tuple[str, str], list[str]],
) -> CaseCheck:
    """One row of ``store.sealed_cases()`` checked as ``verify`` does, against the device
    keys of ``store.device_keys()``."""
    case_id, receipt_no, state, digest, body = row
    where = f"case {case_id} (receipt {receipt_no})"
    try:
        case = store.open_sealed_case(case_id, body)
    except StorageError as exc:
        return CaseCheck(
            case_id, receipt_no, state, None, Break(where, _SEAL_BROKEN.get(exc.code, exc.code))
        )
    except ValueError as exc:  # opens, but is no case: written with this key, not by us
        found = Break(where, f"the body is not a case ({type(exc).__name__})")
        return CaseCheck(case_id, receipt_no, state, None, found)
    if (found := _check_case(case, state, digest, where)) is not None:
        return CaseCheck(case_id, receipt_no, state, case, found, signed=case.seal is not None)
    if case.seal is None:
        return CaseCheck(case_id, receipt_no, state, case)
    bad = _check_seal(case, keys.get((case.hall_code, case.device_code), []), where)
    return CaseCheck(case_id, receipt_no, state, case, None, bad, signed=True)


def check_one_case(store: BackofficeStore, case_id: str) -> CaseCheck | None:
    """``check_case`` for the case ``case_id`` (None when there is no such case)."""
    row = store.sealed_case(case_id)
    return None if row is None else check_case(store, row, store.device_keys())


def _check_cases(store: BackofficeStore, report: Report) -> None:
    keys = store.device_keys()
    for row in store.sealed_cases():
        report.cases += 1
        found = check_case(store, row, keys)
        if found.case is not None:
            report.events += len(found.case.events)
        if found.trail is None and not found.signed:
            report.unsigned += 1
        report.breaks.extend(found.breaks)


def _check_audit(store: BackofficeStore, report: Report) -> dict[int, str]:
    """The audit chain; the hash recorded for each seq (what checkpoints name)."""
    hashes: dict[int, str] = {}
    expected_seq, prev = 1, ""
    for seq, at, actor, action, target, outcome, detail, stored_prev, digest in store.audit_chain():
        report.entries += 1
        hashes[seq] = digest
        where = f"audit entry {seq} ({action})"
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            report.breaks.append(
                Break(where, f"entries missing before it ({missing})", f"seq {expected_seq}")
            )
        if stored_prev != prev:
            report.breaks.append(
                Break(where, "does not follow the entry before", _short(prev), _short(stored_prev))
            )
        recomputed = entry_hash(seq, at, actor, action, target, outcome, detail, stored_prev)
        if recomputed != digest:
            report.breaks.append(
                Break(where, "content changed", _short(recomputed), _short(digest))
            )
        expected_seq, prev = seq + 1, digest
    return hashes


def _check_checkpoints(
    store: BackofficeStore, report: Report, hashes: dict[int, str], trusted: Ed25519PublicKey
) -> None:
    trusted_id = key_id(trusted)
    for cp in store.audit_checkpoints():
        report.checkpoints += 1
        where = f"checkpoint {cp['id']} (of audit entry {cp['audit_seq']})"
        if cp["key_id"] != trusted_id:
            report.breaks.append(Break(where, "signed by another key", trusted_id, cp["key_id"]))
        elif not signature_valid(trusted, cp["audit_seq"], cp["head"], cp["at"], cp["signature"]):
            report.breaks.append(Break(where, "bad signature"))
        elif cp["audit_seq"] and cp["audit_seq"] not in hashes:
            report.breaks.append(Break(where, "the entry it signed is gone", _short(cp["head"])))
        elif cp["audit_seq"] and hashes[cp["audit_seq"]] != cp["head"]:
            report.breaks.append(
                Break(
                    where,
                    "the entry it signed is not the one there now",
                    _short(cp["head"]),
                    _short(hashes[cp["audit_seq"]]),
                )
            )


def verify(store: BackofficeStore, public_hex: str = "") -> Report:
    """Check every case trail, the audit chain and every checkpoint.

    Checkpoints are checked against ``public_hex`` when given (the key written
    down away from this host, so a rewrite with the key file shows too; a
    ValueError when it is no key), else against the data folder's own key.
    """
    trusted = public_key(public_hex) if public_hex else store.audit_signer.public
    report = Report()
    _check_cases(store, report)
    hashes = _check_audit(store, report)
    _check_checkpoints(store, report, hashes, trusted)
    return report


def export_trail(store: BackofficeStore, case_id: str) -> dict[str, Any] | None:
    """A case's full trail as JSON-ready data (no applicant data), or None when unknown.

    Raises core.errors.StorageError when the stored body was changed at rest.
    """
    case = store.get_case(case_id)
    return None if case is None else trail_data(case)


def trail_data(case: Case) -> dict[str, Any]:
    """What ``export_trail`` writes for ``case``: codes, state, digest, every event."""
    return {
        "case_id": case.id,
        "receipt_no": case.receipt_no,
        "item_code": case.item_code,
        "item_name": case.item_name,
        "hall_code": case.hall_code,
        "device_code": case.device_code,
        "channel": case.channel,
        "state": case.state.value,
        "body_digest": case.body_digest(),
        "trail_intact": case.verify_trail(),
        "events": [ev.model_dump(mode="json") for ev in case.events],
    }
