"""``onewindow sync``: look at and steer the device's outbox from a terminal.

    onewindow sync status            counts per state, oldest waiting, last error
    onewindow sync list --state quarantined
    onewindow sync retry ID          a quarantined entry goes again (after the fix)
    onewindow sync now               send everything due now, pull status changes
    onewindow sync enroll CODE       exchange the back office's one-time code for a token
    onewindow sync export --to DIR   offline for days: the pending outbox as one encrypted,
                                     signed bundle on removable media (nothing marked sent)
    onewindow sync import-answer FILE   the back office's signed answer to a bundle: its
                                     entries are marked sent (or set aside when refused)
    onewindow sync acknowledge --staff ID   staff took the paper copies of what a damaged
                                     database lost to the back office (status lists them)

Every command works on the device's data folder (``--data`` or the config's
``data_dir``) and is safe while the kiosk or counter app runs: the outbox is
claimed in SQLite transactions, so two senders never send one entry twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from onewindow import messages_cli

STATE_WORDS = {
    "queued": "待上报",
    "uploading": "上传中",
    "retry": "等待重试",
    "done": "已上报",
    "quarantined": "需处理",
}


def _config(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from onewindow.cli import _config as load

    return load(args)


def _open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from sync.store import LocalStore

    cfg = _config(args)
    store = LocalStore(cfg.data_path)
    if store.recovered_from is not None:
        why = messages_cli.tr(store.recovered_reason)
        print(
            f"注意：本地数据库已损坏，已移到 {store.recovered_from}（{why}），"
            "其中还能读取的办件已恢复到新数据库 / the local database was damaged and was"
            " moved aside; what could still be read was salvaged into a new one",
            file=sys.stderr,
        )
    return cfg, store


def _when(epoch: float | None) -> str:
    if not epoch:
        return "现在 now"
    t = dt.datetime.fromtimestamp(epoch).astimezone()
    return t.isoformat(timespec="seconds")


# Exit code of `sync status` and `sync now` while a damaged database lost something
# staff have not acknowledged yet (`sync acknowledge`).
EXIT_UNSALVAGED = 5


def _unsalvaged_lines(items: list[Any]) -> list[str]:
    """The banner line, then one line per lost item (receipt number, reason, file)."""
    from core.messages import Words
    from sync.store import banner_words

    words = banner_words(items)
    if words is None:
        return []
    text, hint = messages_cli.message_and_hint(words)
    lines = [f"未恢复 unsalvaged: {text}", f"  {hint}"]
    unknown = messages_cli.tr(Words("store.unsalvaged.no_receipt"))
    for i in items:
        receipt = i.receipt_no or unknown
        lines.append(f"  {receipt}\t{i.kind}\t{messages_cli.tr(i.reason)}\t{i.source}")
    return lines


def _unsalvaged_json(i: Any) -> dict[str, Any]:
    return {
        "receipt_no": i.receipt_no,
        "case_id": i.case_id,
        "kind": i.kind,
        "reason": messages_cli.tr(i.reason),
        "reason_code": _code(i.reason),
        "source": i.source,
        "found_at": i.found_at,
    }


def cmd_status(args: argparse.Namespace) -> int:
    _cfg, store = _open_store(args)
    try:
        st = store.stats()
        lost = store.unsalvaged()
    finally:
        store.close()
    code = EXIT_UNSALVAGED if lost else 0
    if args.json:
        err: str = st["last_error"]  # type: ignore[assignment]
        out = {**st, "last_error": messages_cli.tr(err), "last_error_code": _code(err)}
        out["unsalvaged"] = [_unsalvaged_json(i) for i in lost]
        print(json.dumps(out, ensure_ascii=False))
        return code
    counts: dict[str, int] = st["counts"]  # type: ignore[assignment]
    for state, n in counts.items():
        print(f"{STATE_WORDS[state]} {state}: {n}")
    print(f"最早等待 oldest waiting: {st['oldest_waiting'] or '-'}")
    if counts["retry"] or counts["queued"]:
        print(f"下次尝试 next attempt: {_when(st['next_attempt_at'])}")  # type: ignore[arg-type]
    print(f"最近上报 last sync: {st['last_sync_at'] or '-'}")
    if st["last_error"]:
        err = messages_cli.tr(st["last_error"])  # type: ignore[arg-type]
        print(f"最近错误 last error: {err} (entry {st['last_error_entry']})")
    else:
        print("最近错误 last error: -")
    for line in _unsalvaged_lines(lost):
        print(line)
    return code


def cmd_acknowledge(args: argparse.Namespace) -> int:
    _cfg, store = _open_store(args)
    try:
        n = store.acknowledge_unsalvaged(args.staff)
    finally:
        store.close()
    print(f"已确认 {n} 项未恢复的办件 / acknowledged: {n}")
    return 0


def _code(words: str) -> str | None:
    """The catalogue code of stored words (None for "" and for old prose rows)."""
    return getattr(words, "code", None)


def _entry_json(e: Any) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "record_id": e.record_id,
        "case_id": e.case_id,
        "receipt_no": e.receipt_no,
        "state": e.state,
        "attempts": e.attempts,
        "next_attempt_at": e.next_attempt_at,
        "last_error": messages_cli.tr(e.last_error),
        "last_error_code": _code(e.last_error),
        "reason": messages_cli.tr(e.reason),
        "reason_code": _code(e.reason),
        "created_at": e.created_at,
    }


def cmd_list(args: argparse.Namespace) -> int:
    from sync.store import OUTBOX_STATES, PENDING_STATES

    _cfg, store = _open_store(args)
    try:
        states = tuple(args.state) if args.state else (*PENDING_STATES, "quarantined")
        entries = store.entries(tuple(s for s in states if s in OUTBOX_STATES))
    finally:
        store.close()
    for e in entries[-args.limit :]:
        if args.json:
            print(json.dumps(_entry_json(e), ensure_ascii=False))
            continue
        line = f"{e.id}\t{e.kind}\t{e.receipt_no or e.record_id}\t{e.state}\t{e.attempts}次"
        if e.state == "retry":
            line += f"\t下次 {_when(e.next_attempt_at)}"
        if e.reason or e.last_error:
            line += f"\t{messages_cli.tr(e.reason or e.last_error)}"
        print(line)
    if not entries and not args.json:
        print("没有记录 / no entries")
    return 0


def cmd_retry(args: argparse.Namespace) -> int:
    _cfg, store = _open_store(args)
    try:
        before = store.retry_now(args.id)
    finally:
        store.close()
    print(f"记录 {args.id}（原为 {STATE_WORDS.get(before, before)}）将立即重新上报 / queued again")
    print("运行中的程序会在下一轮上报；也可以运行 onewindow sync now")
    return 0


def cmd_now(args: argparse.Namespace) -> int:
    from sync.client import BackofficeClient
    from sync.enrol import load_token
    from sync.errors import SyncError
    from sync.worker import SyncWorker

    cfg, store = _open_store(args)
    bo = cfg.backoffice
    client = BackofficeClient(
        bo.url,
        token=bo.token or load_token(cfg.data_path),
        ca_file=bo.ca_file,
        timeout_s=bo.timeout_s,
        proxy=bo.proxy,
        allow_plain_http=bo.allow_plain_http,
    )
    worker = SyncWorker(
        store,
        client,
        chunk_size=cfg.sync.chunk_kb * 1024,
        retention_days=cfg.sync.retention_days,
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
    )
    try:
        if args.recover:
            store.requeue_interrupted()
        if not client.health():
            print(f"后台无法连接 / back office unreachable: {bo.url}", file=sys.stderr)
            return 1
        store.make_due(None)
        st = worker.drain_once()
        changed = 0
        if not st.unauthorized:
            try:
                changed = worker.pull_status()
            except SyncError as exc:
                print(f"状态未更新 / status feed: {messages_cli.error_text(exc)}", file=sys.stderr)
        worker.purge()
        st = worker.status()
        lost = store.unsalvaged()
    finally:
        client.close()
        store.close()
    print(
        f"待上报 {st.queued} 件，需处理 {st.quarantined} 件，状态更新 {changed} 件"
        f" / pending {st.queued}, quarantined {st.quarantined}, status changes {changed}"
    )
    if st.unauthorized:
        print("本设备未获授权：请先登记（onewindow sync enroll 登记码）", file=sys.stderr)
        return 3
    if st.last_error:
        print(f"最近错误 last error: {messages_cli.tr(st.last_error)}", file=sys.stderr)
    for line in _unsalvaged_lines(lost):
        print(line, file=sys.stderr)
    if st.queued:
        return 4
    return EXIT_UNSALVAGED if lost else 0


def cmd_enroll(args: argparse.Namespace) -> int:
    from sync.client import BackofficeClient
    from sync.enrol import enrol

    cfg = _config(args)
    bo = cfg.backoffice
    client = BackofficeClient(
        bo.url,
        ca_file=bo.ca_file,
        timeout_s=bo.timeout_s,
        proxy=bo.proxy,
        allow_plain_http=bo.allow_plain_http,
    )
    try:
        answer = enrol(client, cfg.data_path, args.code, cfg.hall_code, cfg.device_code)
    finally:
        client.close()
    print(
        f"已登记 / enrolled: {answer['hall_code']}/{answer['device_code']}"
        f"（设备编号 {answer['device_id']}），令牌已保存在 {Path(cfg.data_path) / 'device.token'}"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from core.errors import OneWindowError
    from sync.bundle import export_bundle

    cfg, store = _open_store(args)
    try:
        path, n = export_bundle(store, cfg.data_path, cfg.hall_code, cfg.device_code, args.to)
    except OneWindowError as exc:
        print(f"错误 / error: {messages_cli.error_text(exc)}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"已导出 {n} 条待上报记录 / exported {n} pending entries: {path}")
    print("这些记录仍为待上报，直到后台的回执导入或网络恢复 / they stay pending until the answer")
    return 0


def cmd_import_answer(args: argparse.Namespace) -> int:
    from core.errors import OneWindowError
    from sync.bundle import apply_answer

    cfg, store = _open_store(args)
    try:
        blob = Path(args.file).read_bytes()
        counts = apply_answer(store, cfg.data_path, cfg.hall_code, cfg.device_code, blob)
    except OSError as exc:
        print(f"错误 / error: {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    except OneWindowError as exc:
        print(f"错误 / error: {messages_cli.error_text(exc)}", file=sys.stderr)
        return 1
    finally:
        store.close()
    sent, refused, same = counts["sent"], counts["refused"], counts["unchanged"]
    print(
        f"已上报 {sent} 件，被退回 {refused} 件，无变化 {same} 件"
        f" / sent {sent}, refused {refused}, unchanged {same}"
    )
    return 0


def cmd_backoffice_import(args: argparse.Namespace) -> int:
    """``onewindow backoffice import FILE [--answer-to DIR]``: take in a station's bundle."""
    import assets
    from backoffice.bundle_import import answer_bytes, answer_name, import_bundle
    from backoffice.catalog import VERSIONS_DIR, CatalogFile, CatalogSource
    from backoffice.store import BackofficeStore
    from core.bundle import write_atomically
    from core.errors import OneWindowError

    file = Path(args.what)
    try:
        blob = file.read_bytes()
    except OSError as exc:
        print(f"错误 / error: {file}: {exc.strerror}", file=sys.stderr)
        return 1
    store = BackofficeStore(Path(args.data), args.db)
    try:
        catalog = CatalogSource(
            store,
            CatalogFile(
                args.catalog or assets.sample_catalog(),
                versions_dir=Path(args.data) / VERSIONS_DIR,
            ),
        )
        try:
            doc = import_bundle(store, catalog, blob)
        except OneWindowError as exc:
            print(f"错误 / error: {messages_cli.error_text(exc)}", file=sys.stderr)
            return 1
        answer = answer_bytes(store, doc)
    finally:
        store.close()
    out = Path(args.answer_to) if args.answer_to else file.parent
    out.mkdir(parents=True, exist_ok=True)
    path = write_atomically(out / answer_name(doc), answer)
    for item in doc["entries"]:
        line = f"{item['entry']}\t{item['kind']}\t{item['record_id']}\t{item['outcome']}"
        if item["outcome"] == "refused":
            line += f"\t{item['code']}\t{messages_cli.tr(from_stored(item['reason']))}"
        print(line)
    c = doc["counts"]
    print(
        f"新收 {c['accepted']} 件，已有 {c['already']} 件，退回 {c['refused']} 件"
        f" / accepted {c['accepted']}, already {c['already']}, refused {c['refused']}",
        file=sys.stderr,
    )
    print(f"回执 / answer: {path}", file=sys.stderr)
    return 0


def from_stored(text: str) -> str:
    from core.messages import from_stored as unpack

    return unpack(text)


def register(sub: Any) -> None:
    """Add ``sync`` and its subcommands to the ``onewindow`` parser.

    Builds on every ``onewindow`` call, so it does not import the store (sqlite-utils
    and numpy): the states are STATE_WORDS' keys, which a test keeps equal to
    sync.store.OUTBOX_STATES.
    """
    s = sub.add_parser(
        "sync",
        help="the device's outbox: status, list, retry, send now, acknowledge, enroll,"
        " export (USB bundle), import-answer",
        description="Look at and steer the outbox that carries cases, supplements, "
        "evaluations and 12345 records to the back office.",
    )
    acts = s.add_subparsers(dest="sync_action", required=True, metavar="ACTION")

    def data_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data", type=Path, help="device data folder (overrides data_dir)")

    p = acts.add_parser("status", help="counts per state, oldest waiting entry, last error")
    data_opt(p)
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=cmd_status)

    p = acts.add_parser("list", help="list outbox entries (default: not yet done)")
    data_opt(p)
    p.add_argument("--state", action="append", choices=list(STATE_WORDS), help="repeatable")
    p.add_argument("--limit", type=int, default=200, help="at most this many (newest)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=cmd_list)

    p = acts.add_parser("retry", help="send a quarantined or waiting entry again now")
    data_opt(p)
    p.add_argument("id", type=int, help="entry number from `sync list`")
    p.set_defaults(func=cmd_retry)

    p = acts.add_parser("now", help="send everything due now and pull status changes")
    data_opt(p)
    p.add_argument(
        "--recover",
        action="store_true",
        help="also retry entries left 'uploading' by a program that died (app not running)",
    )
    p.set_defaults(func=cmd_now)

    p = acts.add_parser(
        "acknowledge",
        help="close the list of cases a damaged database lost (after the paper copies went)",
        description="A damaged local database is set aside and what it still holds is "
        "salvaged; what could not be is listed by `sync status` (exit code "
        f"{EXIT_UNSALVAGED}) and on the status bar. The paper copies of those cases "
        "(receipts, signed forms, materials) must be taken to the back office by hand; "
        "then a member of staff closes the list with this command.",
    )
    data_opt(p)
    p.add_argument("--staff", required=True, help="staff id of who took the paper copies")
    p.set_defaults(func=cmd_acknowledge)

    p = acts.add_parser("enroll", help="exchange a one-time enrolment code for a device token")
    data_opt(p)
    p.add_argument("code", help="the code printed by `onewindow backoffice enroll`")
    p.set_defaults(func=cmd_enroll)

    p = acts.add_parser(
        "export",
        help="offline for days: write the pending outbox to removable media as one bundle",
        description="Write every pending outbox entry (cases with their files, records) as "
        "one file <hall>-<device>-<time>.owbundle in DIR, encrypted for the back office and "
        "signed by this device. Nothing is marked sent: the entries stay pending until the "
        "back office's answer comes back (`sync import-answer`, or the network).",
    )
    data_opt(p)
    p.add_argument("--to", type=Path, required=True, metavar="DIR", help="where to write it")
    p.set_defaults(func=cmd_export)

    p = acts.add_parser(
        "import-answer",
        help="take the back office's signed answer to a bundle: mark its entries sent",
    )
    data_opt(p)
    p.add_argument("file", type=Path, help="the .owanswer file from `backoffice import`")
    p.set_defaults(func=cmd_import_answer)


def cmd_backoffice_devices(args: argparse.Namespace) -> int:
    """``onewindow backoffice enroll`` (print a one-time code) and ``backoffice devices``."""
    from backoffice.store import BackofficeStore, InvalidError

    store = BackofficeStore(Path(args.data), args.db)
    try:
        if args.action == "devices":
            for row in store.list_devices():
                print(json.dumps(row, ensure_ascii=False))
            return 0
        if args.action == "revoke":
            if not (args.hall and args.device):
                print("revoke 需要 --hall 和 --device / revoke needs --hall and --device",
                      file=sys.stderr)  # fmt: skip
                return 2
            n = store.revoke_named(args.hall.upper(), args.device.upper())
            print(f"已吊销 / revoked: {n}")
            return 0 if n else 1
        try:
            code = store.create_enrolment(
                args.hall.upper(),
                args.device.upper(),
                ttl_s=args.ttl_hours * 3600,
                unbound=args.unbound,
            )
        except InvalidError as exc:
            print(f"错误 / error: {exc.message}", file=sys.stderr)
            return 2
    finally:
        store.close()
    bound = f"{args.hall.upper() or '任意大厅'}/{args.device.upper() or '任意设备'}"
    print(code)
    print(
        f"一次性登记码，{args.ttl_hours:g} 小时内有效，限 {bound} 使用；"
        "在设备上运行 / on the device run: onewindow sync enroll " + code,
        file=sys.stderr,
    )
    return 0
