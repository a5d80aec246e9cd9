"""``onewindow backoffice staff …`` and ``backoffice audit`` (issue 11 item 1), in process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from backoffice.store import BackofficeStore
from onewindow.cli import main

PASSWORD = "a long enough password"


def run(monkeypatch: pytest.MonkeyPatch, data: Path, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["backoffice", *args, "--data", str(data)])


def test_staff_accounts_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "bo"
    add = ["staff", "add", "--login", "ann", "--name", "测试员", "--role", "reviewer"]
    assert run(monkeypatch, data, *add, "--hall", "fs01", "--password-stdin",
               stdin=PASSWORD + "\n") == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["hall_code"] == "FS01"
    # asked twice at a terminal; two different answers change nothing
    answers = iter(["first password!", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run(monkeypatch, data, "staff", "passwd", "--login", "ann") == 2
    assert "differ" in capsys.readouterr().err

    assert run(monkeypatch, data, *add, "--password-stdin", stdin=PASSWORD + "\n") == 2
    assert "已存在" in capsys.readouterr().err
    bad_role = ["staff", "add", "--login", "bob", "--name", "B", "--role", "boss"]
    assert run(monkeypatch, data, *bad_role, "--password-stdin", stdin=PASSWORD) == 2
    assert "clerk, reviewer, supervisor, admin" in capsys.readouterr().err
    short = ["staff", "add", "--login", "bob", "--name", "B", "--role", "clerk"]
    assert run(monkeypatch, data, *short, "--password-stdin", stdin="short\n") == 2
    assert "至少 10" in capsys.readouterr().err
    assert run(monkeypatch, data, "staff", "disable") == 2
    assert "--login" in capsys.readouterr().err
    assert run(monkeypatch, data, "staff", "disable", "--login", "nobody") == 2
    assert "staff list" in capsys.readouterr().err

    assert run(monkeypatch, data, "staff", "disable", "--login", "ann") == 0
    assert "disabled: ann" in capsys.readouterr().out
    assert run(monkeypatch, data, "staff", "list") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["login"] for r in rows] == ["ann"] and rows[0]["disabled_at"]
    assert "pw_hash" not in rows[0] and PASSWORD not in json.dumps(rows)
    store = BackofficeStore(data)
    try:
        assert store.sign_in("ann", PASSWORD) is None  # disabled
    finally:
        store.close()
    assert run(monkeypatch, data, "staff", "enable", "--login", "ann") == 0
    assert run(monkeypatch, data, "staff", "passwd", "--login", "ann", "--password-stdin",
               stdin="the new password\n") == 0  # fmt: skip
    store = BackofficeStore(data)
    try:
        assert store.sign_in("ann", PASSWORD) is None
        assert store.sign_in("ann", "the new password") is not None
    finally:
        store.close()

    assert run(monkeypatch, data, "enroll", "--hall", "FS01", "--device", "K01") == 0
    code = capsys.readouterr().out.split()[-1]
    store = BackofficeStore(data)
    try:
        store.enrol(code, "FS01", "K01")
    finally:
        store.close()
    assert run(monkeypatch, data, "revoke", "--hall", "FS01", "--device", "K01") == 0
    capsys.readouterr()
    assert run(monkeypatch, data, "audit") == 0
    entries = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(e["action"], e["target"]) for e in entries] == [
        ("staff.add", "ann"),
        ("staff.disable", "ann"),
        ("staff.enable", "ann"),
        ("staff.passwd", "ann"),
        ("device.enrol_code", "FS01/K01"),
        ("device.revoke", "FS01/K01"),
    ]
    assert all(e["actor"].startswith("cli") for e in entries)
    assert run(monkeypatch, data, "audit", "--only", "staff.passwd") == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert run(monkeypatch, data, "audit", "--limit", "0") == 2


def test_staff_department_moves_an_account(tmp_path, capsys) -> None:
    """`staff department`: a reviewer made before departments existed gets one (audited)."""
    from backoffice.store import BackofficeStore
    from onewindow.cli import main

    data = tmp_path / "bo"
    store = BackofficeStore(data)
    store.add_staff("old.rev", "测试审核", "reviewer", "correct horse battery staple")
    store.close()
    argv = ["backoffice", "staff", "department", "--data", str(data), "--login", "old.rev"]
    assert main([*argv, "--department", "测试局"]) == 0
    assert "测试局" in capsys.readouterr().out
    assert main([*argv[:-1], "nobody", "--department", "测试局"]) == 2
    store = BackofficeStore(data)
    try:
        assert store.staff("old.rev")["department"] == "测试局"
        entries = store.audit_entries(action="staff.department")
        assert [(e["target"], e["outcome"]) for e in entries] == [("old.rev", "ok")]
    finally:
        store.close()
