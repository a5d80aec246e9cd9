"""``onewindow backoffice audit verify|checkpoint|export`` (issue 13 item 8): every trail checked.

A store with cases, staff decisions and audit entries verifies; one byte
changed in a stored case, an audit entry changed, deleted or reordered, a
checkpoint with a bad signature: each is found and named. Edits go straight
to the database (SQLite or PostgreSQL), as someone with the database but not
the keys would do.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import backoffice.store.audit as audit_mod
from backoffice.store import BackofficeStore
from backoffice.store.chain import SIGNING_KEY_FILE, AuditSigner
from backoffice.store.schema import MIGRATIONS, _m008_audit_chain
from core.case import Case, CaseState
from onewindow.cli import main
from sync.store import LocalStore
from tests._backoffice_fixture import make_submitted_case
from tests._legacy_store import make_legacy_db


def _receive(bo: BackofficeStore, device: LocalStore) -> Case:
    """A device's submitted case, its file and body received by the back office."""
    case = make_submitted_case(device)
    for m in case.materials:
        for ref in m.files:
            bo.put_file(ref.id, device.read_file(ref.id), ref.sha256, owner="FS01/K01")
    bo.put_case(case)
    return case


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """A back-office data folder with two cases (one decided) and a few audit entries."""
    device = LocalStore(tmp_path / "device")
    bo = BackofficeStore(tmp_path / "bo")
    try:
        first = _receive(bo, device)
        _receive(bo, device)
        bo.audit("staff:ann", "staff.sign_in", "ann")
        bo.set_state(first.id, CaseState.ACCEPTED, actor="ann", audit_as="staff:ann")
        bo.audit("cli:root", "staff.add", "bob", "ok", {"role": "clerk"})
        bo.audit_checkpoint()
        bo.audit("staff:ann", "staff.sign_out", "ann")
    finally:
        bo.close()
        device.close()
    yield tmp_path / "bo"


def verify(monkeypatch: pytest.MonkeyPatch, data: Path, *extra: str) -> int:
    return main(["backoffice", "audit", "verify", "--data", str(data), *extra])


def sql(data: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Change the database behind the back office's back (its append-only triggers dropped
    first), on whichever engine the test runs (the store's own connection, no key used)."""
    bo = BackofficeStore(data)
    try:
        with bo._lock:
            for s in ("DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete", *statements):
                if s.startswith("DROP TRIGGER "):  # PostgreSQL names the table too
                    name = s.removeprefix("DROP TRIGGER ")
                    on = f" ON {name.rsplit('_no_', 1)[0]}" if bo.dialect == "postgresql" else ""
                    s = f"DROP TRIGGER IF EXISTS {name}{on}"
                bo._db.execute(s, params if "?" in s else ())
    finally:
        bo.close()


def case_ids(data: Path) -> list[str]:
    bo = BackofficeStore(data)
    try:
        return [row[0] for row in bo.sealed_cases()]
    finally:
        bo.close()


def test_an_untouched_store_verifies(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(monkeypatch, data) == 0
    out = capsys.readouterr().out
    assert "2 cases" in out and "4 audit entries" in out and "1 checkpoints" in out
    assert "all intact" in out
    key = data / SIGNING_KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_bytes().hex() not in out


def test_one_byte_changed_in_a_stored_case_is_found_and_named(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = case_ids(data)[1]
    bo = BackofficeStore(data)
    (body,) = bo._db.execute("SELECT body FROM cases WHERE id = ?", (victim,)).fetchone()
    changed = bytearray(body)
    changed[len(changed) // 2] ^= 0x01
    bo._db.execute("UPDATE cases SET body = ? WHERE id = ?", (bytes(changed), victim))
    bo.close()
    assert verify(monkeypatch, data) == 1
    out = capsys.readouterr().out
    assert f"first break: case {victim}" in out and "changed at rest" in out
    assert main(["backoffice", "audit", "export", victim, "--data", str(data)]) == 1


def test_an_event_rewritten_with_the_key_is_named_by_its_number(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # whoever holds the sealing key can re-seal a body: the trail's own chain still shows
    victim = case_ids(data)[0]
    bo = BackofficeStore(data)
    try:
        case = bo.get_case(victim)
        assert case is not None
        ev = case.events[1]
        case.events[1] = ev.model_copy(update={"actor": "someone else"})
        sealed = bo._seal(case)
    finally:
        bo.close()
    sql(data, "UPDATE cases SET body = ? WHERE id = ?", params=(sealed, victim))
    assert verify(monkeypatch, data) == 1
    out = capsys.readouterr().out
    assert f"first break: case {victim}" in out and f"event 1 ({ev.kind}): content changed" in out
    assert ev.hash[:16] in out


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("UPDATE audit SET target = 'mallory' WHERE seq = 2", "audit entry 2 (case.decision)"),
        ("DELETE FROM audit WHERE seq = 2", "audit entry 3 (staff.add): entries missing"),
        (  # two entries swap places (their numbers stay)
            "UPDATE audit SET actor = CASE seq WHEN 1 THEN 'staff:ann' ELSE 'staff:ann' END,"
            " action = CASE seq WHEN 1 THEN 'staff.sign_out' ELSE 'staff.sign_in' END"
            " WHERE seq IN (1, 4)",
            "audit entry 1 (staff.sign_out): content changed",
        ),
        ("DELETE FROM audit WHERE seq >= 3", "checkpoint 1 (of audit entry 3)"),
    ],
    ids=["changed", "deleted", "reordered", "cut-short"],
)
def test_an_audit_entry_changed_deleted_or_reordered_is_found(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    change: str,
    named: str,
) -> None:
    sql(data, change)
    assert verify(monkeypatch, data) == 1
    out = capsys.readouterr().out
    assert f"first break: {named}" in out, out


def test_a_checkpoint_with_a_bad_signature_is_found(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sql(
        data,
        "DROP TRIGGER audit_checkpoints_no_update",
        "UPDATE audit_checkpoints SET signature = substr(signature, 3) || '00' WHERE id = 1",
    )
    assert verify(monkeypatch, data) == 1
    assert "first break: checkpoint 1 (of audit entry 3): bad signature" in capsys.readouterr().out


@pytest.mark.sqlite_only  # a database from before Alembic is a SQLite file by definition
def test_checkpoints_come_every_n_entries_and_the_old_log_is_chained_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a store from before the chain (and before Alembic), with entries, is upgraded:
    # its rows chained once by the legacy step, then stamped and carried on by Alembic
    path = make_legacy_db(tmp_path / "bo", MIGRATIONS[: MIGRATIONS.index(_m008_audit_chain)])
    with sqlite3.connect(path) as old:
        for login in ("ann", "bob"):
            old.execute(
                "INSERT INTO audit (at, actor, action, target, outcome, detail)"
                " VALUES ('2026-01-01T00:00:00.000+00:00', 'cli', 'staff.add', ?, 'ok', '{}')",
                (login,),
            )
    old.close()
    monkeypatch.setattr(audit_mod, "CHECKPOINT_EVERY", 3)
    bo = BackofficeStore(tmp_path / "bo")
    try:
        for _ in range(4):
            bo.audit("staff:ann", "staff.sign_in", "ann")
        assert [cp["audit_seq"] for cp in bo.audit_checkpoints()] == [3, 6]
        assert [e["target"] for e in bo.audit_entries()][:2] == ["ann", "bob"]
    finally:
        bo.close()
    assert verify(monkeypatch, tmp_path / "bo") == 0
    assert "6 audit entries, 2 checkpoints: all intact" in capsys.readouterr().out


def test_a_case_trail_exports_as_json(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = case_ids(data)[0]
    out = tmp_path / "trail.json"
    assert (
        main(["backoffice", "audit", "export", victim, "--data", str(data), "--out", str(out)]) == 0
    )
    trail = json.loads(out.read_text(encoding="utf-8"))
    assert trail["case_id"] == victim and trail["trail_intact"] is True
    assert [e["seq"] for e in trail["events"]] == list(range(len(trail["events"])))
    assert trail["events"][-1]["detail"]["to"] == "accepted"
    assert "applicant" not in trail
    assert main(["backoffice", "audit", "export", "no-such-case", "--data", str(data)]) == 2
    assert main(["backoffice", "audit", "export", "--data", str(data)]) == 2
    assert main(["backoffice", "audit", "verify", "--data", str(tmp_path / "none")]) == 2
    capsys.readouterr()


def test_checkpoints_verify_against_a_public_key_kept_elsewhere(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the key written down off the host: a log re-signed with a new key file shows
    assert main(["backoffice", "audit", "checkpoint", "--data", str(data)]) == 0
    public = capsys.readouterr().out.split("public key: ")[1].strip()
    assert verify(monkeypatch, data, "--public-key", public) == 0
    other = AuditSigner(Ed25519PrivateKey.generate()).public_hex()
    assert verify(monkeypatch, data, "--public-key", other) == 1
    assert "first break: checkpoint 1 (of audit entry 3): signed by another key" in (
        capsys.readouterr().out
    )
    assert verify(monkeypatch, data, "--public-key", "not hex") == 2


def test_a_row_that_disagrees_with_its_sealed_body_is_found(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    decided = case_ids(data)[0]  # received first, then accepted
    sql(data, "UPDATE cases SET state = 'rejected' WHERE id = ?", params=(decided,))
    assert verify(monkeypatch, data) == 1
    assert f"first break: case {decided} (receipt" in (out := capsys.readouterr().out)
    assert "the row's state is not the trail's (expected accepted, found rejected)" in out
    sql(
        data,
        "UPDATE cases SET state = 'accepted', digest = ? WHERE id = ?",
        params=("0" * 64, decided),
    )
    assert verify(monkeypatch, data) == 1
    assert "the row's digest is not the body's" in capsys.readouterr().out
