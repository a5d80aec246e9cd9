"""``onewindow backoffice staff …`` and ``backoffice audit [verify|checkpoint|export]``.

Staff accounts and the audit log: ``audit`` prints the log, ``audit verify``
checks every case trail, the log's chain and its signed checkpoints
(backoffice.audit_verify; exit 1 on any break), ``audit checkpoint`` signs
the log's head now, ``audit export CASE_ID`` writes a case's trail as JSON, or with ``--pdf FILE``
as a printable PDF (onewindow.trail_pdf).

Run on the back-office host by its administrator, against the data folder
(``--data``). Passwords are read with getpass (asked twice) or, for scripts,
from the first line of standard input (``--password-stdin``); they are never
printed or logged. Every change is written to the audit log as
``cli:<operating-system user>``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backoffice.store import BackofficeStore

STAFF_ACTIONS = ("add", "list", "disable", "enable", "passwd", "department")
AUDIT_ACTIONS = ("verify", "checkpoint", "export")


class _Words(tuple):
    """The ``what`` words argparse accepts, and any ``*.owbundle`` path (``backoffice
    import FILE``: the bundle's file stands where a word would). Parser-building thread."""

    def __contains__(self, value: object) -> bool:
        return super().__contains__(value) or (
            isinstance(value, str) and value.endswith(".owbundle")
        )


def add_arguments(s: argparse.ArgumentParser) -> None:
    """The staff and audit options of the ``backoffice`` sub-command."""
    s.add_argument(
        "what",
        nargs="?",
        choices=_Words(
            (*STAFF_ACTIONS, *AUDIT_ACTIONS, "import", "publish", "versions", "config", "logs")
        ),
        help="staff: add, list, disable, enable, passwd; audit: verify, checkpoint, export; "
        "calendar: import, list; catalog: publish, versions; fleet: config, logs; "
        "import: the .owbundle file",
    )
    s.add_argument(
        "target",
        nargs="?",
        default="",
        help="audit export: the case's id; calendar import: the year's JSON file; "
        "catalog publish: the catalog's JSON file; "
        "fleet config: set or show; fleet logs: HALL/DEVICE (or a request's id)",
    )
    s.add_argument("--out", default="", help="audit export: write the JSON here (default stdout)")
    s.add_argument(
        "--pdf",
        default="",
        help="audit export: write the trail as a printable A4 PDF here (办件全过程记录)",
    )
    s.add_argument(
        "--public-key",
        default="",
        help="audit verify: check checkpoints against this key (hex, from `audit checkpoint`)",
    )
    s.add_argument("--login", default="", help="staff: the account's login (2-32 of a-z 0-9 . _ -)")
    s.add_argument("--name", default="", help="staff add: the person's name")
    s.add_argument(
        "--role",
        default="",
        help="staff add: clerk, reviewer, supervisor or admin (docs/security.md)",
    )
    s.add_argument(
        "--department",
        default="",
        help="staff add: the department (部门) whose cases a reviewer decides, as the catalog"
        " names it (e.g. 佛山市禅城区人力资源和社会保障局)",
    )
    s.add_argument(
        "--password-stdin",
        action="store_true",
        help="staff add/passwd: read the password from the first line of standard input",
    )
    s.add_argument("--after", type=int, default=0, help="audit: entries after this number")
    s.add_argument("--limit", type=int, default=100, help="audit: at most this many entries")
    s.add_argument("--only", default="", help="audit: one action only (e.g. staff.sign_in)")


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in this environment
        return "cli"


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码 / password: ")
    if getpass.getpass("再输一次 / again: ") != first:
        print("两次输入的密码不一样，请重新运行 / the passwords differ: run it again",
              file=sys.stderr)  # fmt: skip
        return None
    return first


def cmd_staff(args: argparse.Namespace) -> int:
    """``backoffice staff add|list|disable|enable|passwd``."""
    from backoffice.store import BackofficeStore, BackofficeStoreError

    what = args.what or "list"
    if what not in STAFF_ACTIONS:
        print(f"staff 没有 {what} / staff has no {what}: {', '.join(STAFF_ACTIONS)}",
              file=sys.stderr)  # fmt: skip
        return 2
    if what != "list" and not args.login:
        print(f"staff {what} 需要 --login / staff {what} needs --login LOGIN", file=sys.stderr)
        return 2
    if what == "add" and not (args.name and args.role):
        print("staff add 需要 --name 和 --role（clerk、reviewer、supervisor、admin）"
              " / staff add needs --name and --role", file=sys.stderr)  # fmt: skip
        return 2
    password = _password(args) if what in ("add", "passwd") else ""
    if password is None:
        return 2
    store = BackofficeStore(Path(args.data), args.db)
    try:
        if what == "list":
            for row in store.list_staff():
                print(json.dumps(row, ensure_ascii=False))
            return 0
        login = args.login
        if what == "add":
            row = store.add_staff(
                login, args.name, args.role, password, args.hall.upper(), args.department
            )
            detail = {"role": args.role, "department": row.get("department", "")}
            store.audit(cli_actor(), "staff.add", login, "ok", detail)
            print(json.dumps(row, ensure_ascii=False))
        elif what == "department":
            store.set_staff_department(login, args.department)
            store.audit(
                cli_actor(), "staff.department", login, "ok", {"department": args.department}
            )
            print(f"部门已改为 / department now: {args.department or '（无 / none）'}: {login}")
        elif what in ("disable", "enable"):
            store.set_staff_disabled(login, what == "disable")
            store.audit(cli_actor(), f"staff.{what}", login, "ok")
            print(f"{'已停用 / disabled' if what == 'disable' else '已启用 / enabled'}: {login}")
        else:
            store.set_staff_password(login, password)
            store.audit(cli_actor(), "staff.passwd", login, "ok")
            print(f"密码已更换，原有登录已失效 / password changed, signed out: {login}")
        return 0
    except BackofficeStoreError as exc:
        print(f"错误 / error: {exc.message}", file=sys.stderr)
        return 2
    finally:
        store.close()


def cmd_audit(args: argparse.Namespace) -> int:
    """``backoffice audit``: entries as JSON lines, oldest first; or verify, checkpoint, export."""
    from backoffice.store import BackofficeStore

    if args.what in AUDIT_ACTIONS:
        return _audit_action(args)
    if args.what:
        print(f"audit 没有 {args.what} / audit has no {args.what}: verify, checkpoint, export",
              file=sys.stderr)  # fmt: skip
        return 2

    if not (0 <= args.after < 2**63 and 1 <= args.limit <= 100_000):
        print("--after 须 ≥ 0，--limit 须在 1 到 100000 之间 / --after ≥ 0, --limit 1..100000",
              file=sys.stderr)  # fmt: skip
        return 2
    store = BackofficeStore(Path(args.data), args.db)
    try:
        for entry in store.audit_entries(args.after, args.limit, args.only):
            print(json.dumps(entry, ensure_ascii=False))
    finally:
        store.close()
    return 0


def audit_device_act(args: argparse.Namespace, rc: int) -> None:
    """Record ``backoffice enroll`` and ``revoke`` (once they succeeded) in the audit log."""
    if rc != 0 or args.action not in ("enroll", "revoke"):
        return
    from backoffice.store import BackofficeStore

    target = f"{args.hall.upper() or '*'}/{args.device.upper() or '*'}"
    action = "device.enrol_code" if args.action == "enroll" else "device.revoke"
    store = BackofficeStore(Path(args.data), args.db)
    try:
        store.audit(cli_actor(), action, target, "ok")
    finally:
        store.close()


def _audit_action(args: argparse.Namespace) -> int:
    from backoffice import audit_verify
    from backoffice.store import BackofficeStore
    from backoffice.store.database import is_postgres, resolve_database_url
    from core.errors import StorageError

    data = Path(args.data)
    on_sqlite = not is_postgres(resolve_database_url(data, args.db))
    if not (data / "backoffice.key").is_file() or (
        on_sqlite and not (data / "backoffice.db").is_file()
    ):
        print(f"没有后台数据 / no back-office data in {data}", file=sys.stderr)
        return 2
    if args.what == "export" and not args.target:
        print("audit export 需要办件编号 / audit export needs CASE_ID", file=sys.stderr)
        return 2
    store = BackofficeStore(data, args.db)
    try:
        if args.what == "checkpoint":
            cp = store.audit_checkpoint()
            print(f"已签名 / signed: checkpoint {cp['id']} of audit entry {cp['audit_seq']}"
                  f" (key {cp['key_id']})")  # fmt: skip
            print(f"公钥 / public key: {store.audit_signer.public_hex()}")
            return 0
        if args.what == "verify":
            try:
                report = audit_verify.verify(store, args.public_key)
            except ValueError:
                print("--public-key 须是 64 位十六进制 / --public-key: 64 hex digits",
                      file=sys.stderr)  # fmt: skip
                return 2
            print(report.summary())
            if report.ok:
                print("完整 / intact")
                return 0
            print(f"第一处断裂 / first break: {report.breaks[0].describe()}")
            for more in report.breaks[1:]:
                print(f"  then: {more.describe()}")
            return 1
        if args.pdf:
            return _export_pdf(store, args)
        try:
            trail = audit_verify.export_trail(store, args.target)
        except StorageError:
            print(f"办件 {args.target} 的存储内容已被改动 / the stored case was changed at rest;"
                  " run audit verify", file=sys.stderr)  # fmt: skip
            return 1
        if trail is None:
            print(f"没有办件 / no case {args.target}", file=sys.stderr)
            return 2
        text = json.dumps(trail, ensure_ascii=False, indent=2) + "\n"
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0 if trail["trail_intact"] else 1
    finally:
        store.close()


def _export_pdf(store: BackofficeStore, args: argparse.Namespace) -> int:
    """``audit export CASE_ID --pdf FILE [--out JSON]``: written even when the trail breaks
    (the break named on it), then exit 1, as ``audit verify`` would."""
    from backoffice import audit_verify
    from backoffice.store.chain import key_id
    from onewindow.trail_pdf import write_trail_pdf

    check = audit_verify.check_one_case(store, args.target)
    if check is None:
        print(f"没有办件 / no case {args.target}", file=sys.stderr)
        return 2
    pages = write_trail_pdf(Path(args.pdf), check, key_id(store.audit_signer.public))
    if args.out and check.case is not None:
        text = json.dumps(audit_verify.trail_data(check.case), ensure_ascii=False, indent=2)
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(f"已写出 / written: {args.pdf} ({pages} page(s))")
    if check.ok:
        print("完整 / intact")
        return 0
    print(f"第一处断裂 / first break: {check.breaks[0].describe()}", file=sys.stderr)
    return 1
