"""`onewindow hall …` (the hall server) and `onewindow queue …` (its operators' tools).

    onewindow hall serve [--hall-config FILE] [--data DIR] [--host H] [--port P]
    onewindow hall token add DEVICE --hall-config FILE   a device's token (shown once)
    onewindow hall announce [--server URL]               speak the hall's calls
    onewindow queue take --category A [--priority elderly] [--json]
    onewindow queue call --window 3 [--number A012] [--json]
    onewindow queue recall|no-show|start|end|pause|resume --window 3 [--json]
    onewindow queue status [--json]

``queue`` talks to the device config's ``[hall] url`` with its ``[hall]
token`` (or ``--server URL`` and ``--device CODE`` on an open demo hall).
A ticket taken here counts at once (the terminal is its paper). ``--json``
prints one JSON object; refusals print the catalogue's words and exit 1.
Runs on the calling thread.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from onewindow import messages_cli

DEFAULT_HALL_PORT = 8766
WINDOW_ACTIONS = ("recall", "no-show", "start", "end", "pause", "resume")


# ---- hall -------------------------------------------------------------------------
def cmd_hall(args: argparse.Namespace) -> int:
    from hall.config import load_settings

    if args.hall_action == "token":
        return _token_add(args)
    if args.hall_action == "announce":
        return _announce(args)
    try:
        overrides = {"data_dir": str(Path(args.data).resolve())} if args.data else {}
        settings = load_settings(args.hall_config, overrides)
    except ValueError as exc:
        print(f"大厅配置有误 / hall config: {exc}", file=sys.stderr)
        return 2
    from hall.server import serve

    print(f"叫号显示屏 / display: http://{args.host}:{args.port}/display", flush=True)
    serve(settings, args.host, args.port)
    return 0


def _token_add(args: argparse.Namespace) -> int:
    """Add (or replace) DEVICE's token in the hall config's [devices] table."""
    from hall.config import DEVICE_PATTERN, load_settings, new_token, token_digest

    device = (args.device or "").upper()
    if args.what != "add" or not re.fullmatch(DEVICE_PATTERN, device):
        print("用法 / usage: hall token add DEVICE --hall-config FILE", file=sys.stderr)
        return 2
    if args.hall_config is None:
        print("请给出大厅配置文件 / give the hall config: --hall-config FILE", file=sys.stderr)
        return 2
    path = Path(args.hall_config)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    token = new_token()
    line = f'{device} = "{token_digest(token)}"'
    lines = text.splitlines()
    try:
        at = next(i for i, x in enumerate(lines) if x.strip() == "[devices]")
    except StopIteration:
        lines += ["", "[devices]", line]
    else:
        end = next(
            (i for i in range(at + 1, len(lines)) if lines[i].lstrip().startswith("[")),
            len(lines),
        )
        mine = [i for i in range(at + 1, end) if re.match(rf"\s*{device}\s*=", lines[i])]
        if mine:
            lines[mine[0]] = line
        else:
            lines.insert(at + 1, line)
    new_text = "\n".join(lines) + "\n"
    path.write_text(new_text, encoding="utf-8")
    try:
        load_settings(path)
    except ValueError as exc:
        path.write_text(text, encoding="utf-8")
        print(f"大厅配置有误，未修改 / hall config unchanged: {exc}", file=sys.stderr)
        return 1
    print(f"{device}: {token}")
    print(
        "把它写进该设备配置的 [hall] token（只显示这一次）/ put it in that device's"
        " [hall] token (shown only once); restart the hall server",
        file=sys.stderr,
    )
    return 0


def _announce(args: argparse.Namespace) -> int:
    import threading

    from core.config import load_config
    from drivers.voice.device import VoiceDevice
    from services.announcer import CallAnnouncer

    cfg = load_config(args.config, {})
    url = args.server or cfg.hall.url
    if not url:
        print(messages_cli.error_text(_not_configured()), file=sys.stderr)
        return 2
    voice = VoiceDevice(cfg.devices, data_dir=cfg.data_path)
    voice.start()
    announcer = CallAnnouncer(url, voice)
    announcer.start()
    print(f"语音叫号 / announcing the calls of {url}; Ctrl+C to stop", flush=True)
    try:
        threading.Event().wait()
    finally:
        announcer.stop()
        voice.close()
    return 0


def _not_configured() -> Exception:
    from sync.hall_client import HallRefused

    return HallRefused("queue.not_configured")


# ---- queue ------------------------------------------------------------------------
def _client(args: argparse.Namespace):
    from core.config import load_config
    from sync.hall_client import HallClient

    cfg = load_config(args.config, {})
    url = args.server or cfg.hall.url
    device = (args.device or cfg.device_code).upper()
    token = "" if args.server and not cfg.hall.url else cfg.hall.token
    return HallClient(url, token=token, device_code=device, timeout_s=cfg.hall.timeout_s), cfg


def _out(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else text)


def cmd_queue(args: argparse.Namespace) -> int:
    from core.errors import OneWindowError

    client, cfg = _client(args)
    try:
        return _queue(args, client, cfg)
    except OneWindowError as exc:
        if args.json:
            print(json.dumps(messages_cli.error_json(exc), ensure_ascii=False))
        else:
            print(messages_cli.error_text(exc), file=sys.stderr)
        return 1
    finally:
        client.close()


def _window(args: argparse.Namespace, cfg: Any) -> str:
    from sync.hall_client import HallRefused

    window = (args.window or cfg.hall.window or "").upper()
    if not re.fullmatch(r"[0-9A-Z]{1,4}", window):
        raise HallRefused("queue.unknown_window", window=window or "?")
    return window


def _queue(args: argparse.Namespace, client: Any, cfg: Any) -> int:
    action = args.queue_action
    if action == "take":
        category = (args.category or "").upper()
        ticket = client.take(category, priority=args.priority or "")
        ticket = client.printed(ticket.id)  # the terminal is its paper: it counts now
        _out(
            args,
            ticket.model_dump(),
            f"{ticket.number}  {ticket.category_name}  前面 {ticket.waiting_before} 人",
        )
        return 0
    if action == "status":
        status = client.status()
        lines = [f"{c.category} {c.name}: {c.waiting}" for c in status.categories]
        lines += [f"{c.number} → {c.window_name}" for c in status.recent_calls[:5]]
        _out(args, status.model_dump(), "\n".join(lines))
        return 0
    window = _window(args, cfg)
    if action == "call":
        answer = client.call(window, (args.number or "").upper())
        ticket = answer.ticket
        data = {**(ticket.model_dump() if ticket else {}), "window": window}
        if ticket is None:
            data = {"ticket": None, "window": window}
        _out(args, data, f"{ticket.number} → {window}" if ticket else "—")
        return 0
    if action == "recall":
        answer = client.recall(window)
        ticket = answer.ticket
        _out(
            args,
            ticket.model_dump() if ticket else {"ticket": None},
            ticket.number if ticket else "—",
        )
        return 0
    if action == "end":
        state = client.end(window)
    elif action == "pause":
        state = client.pause(window)
    elif action == "resume":
        state = client.resume(window)
    elif action == "start":
        state = client.start(window)
    else:
        state = client.no_show(window)
    current = state.current.number if state.current else "—"
    _out(args, state.model_dump(), f"{state.name}: {current}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `onewindow hall …` and `onewindow queue …` to the top-level parser."""
    s = sub.add_parser(
        "hall",
        help="run the hall server (取号/叫号), add its device tokens, speak its calls",
        description="The hall's queue server (one per hall, on the hall's network): "
        "`serve`, `token add DEVICE`, `announce` (voice calling on this machine's voice).",
    )
    s.add_argument(
        "hall_action", choices=("serve", "token", "announce"), nargs="?", default="serve"
    )
    s.add_argument("what", nargs="?", default="", help="token: add")
    s.add_argument("device", nargs="?", default="", help="token add: the device code (K01, C03)")
    s.add_argument(
        "--hall-config", type=Path, help="the hall's config (TOML); default: the demo hall"
    )
    s.add_argument(
        "--data", help="serve: the hall's data folder (default: data_dir, else ./hall-data)"
    )
    s.add_argument("--host", default="127.0.0.1", help="serve: address to listen on")
    s.add_argument("--port", type=int, default=DEFAULT_HALL_PORT, help="serve: port")
    s.add_argument("--server", help="announce: the hall server (default: [hall] url)")
    s.set_defaults(func=cmd_hall)

    s = sub.add_parser(
        "queue",
        help="take a ticket, call a number, see the hall's queue (operators and tests)",
        description="The hall queue from the command line, against [hall] url or --server.",
    )
    s.add_argument("queue_action", choices=("take", "call", "status", *WINDOW_ACTIONS))
    s.add_argument("--category", help="take: the category letter (A, B, …)")
    s.add_argument("--priority", help="take: elderly, disabled, pregnant, military")
    s.add_argument("--window", help="the window code (default: [hall] window)")
    s.add_argument("--number", help="call: this number (from the recall list)")
    s.add_argument("--server", metavar="URL", help="the hall server (default: [hall] url)")
    s.add_argument("--device", help="this device's code on an open (demo) hall")
    s.add_argument("--json", action="store_true", help="one JSON object")
    s.set_defaults(func=cmd_queue)
