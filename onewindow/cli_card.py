"""`onewindow card`: decode a captured GA/T 467 frame, or watch the card reader.

    onewindow card decode --hex "AA AA AA 96 69 05 08 00 00 90 ..." [--show-personal]
    onewindow card watch [--seconds N] [--json] [--show-personal]

Personal data stays masked unless ``--show-personal`` is given: decoding a
frame from a support ticket must not put a citizen's number on the screen.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from onewindow import messages_cli
from onewindow.messages_cli import error_json

if TYPE_CHECKING:  # core.identity loads pydantic: not for every `onewindow` start
    from core.errors import OneWindowError
    from core.identity import Identity


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "card",
        help="decode a captured GA/T 467 response frame, or watch the ID card reader",
        description="Decode one GA/T 467 response frame (hex) into an identity, or print the "
        "reader's events and reads as they happen.",
    )
    csub = p.add_subparsers(dest="card_command", required=True, metavar="ACTION")
    d = csub.add_parser(
        "decode",
        help="decode one GA/T 467 response frame given in hex and print it as JSON",
        description="Decode one whole GA/T 467 response frame (starting AA AA AA 96 69) and "
        "print the identity as JSON, or the typed error the frame carries. Names, ID numbers "
        "and addresses are masked unless --show-personal is given.",
    )
    d.add_argument("--hex", required=True, help="the frame in hex; spaces, colons and 0x allowed")
    d.add_argument(
        "--show-personal", action="store_true", help="print name, ID number and address in full"
    )
    d.set_defaults(func=cmd_card_decode)
    w = csub.add_parser(
        "watch",
        help="print reader status changes, card reads and card errors as they happen",
        description="Open the configured ID card reader and print its status changes, the "
        "cards it reads (masked) and the errors, one line each, until Ctrl-C.",
    )
    w.add_argument("--seconds", type=float, default=0.0, help="stop after this many seconds")
    w.add_argument("--json", action="store_true", help="print one JSON object per line")
    w.add_argument("--show-personal", action="store_true", help="print name and ID number in full")
    w.set_defaults(func=cmd_card_watch)


def identity_json(identity: Identity, *, show_personal: bool) -> dict[str, Any]:
    """An identity as JSON-ready data, masked unless ``show_personal``."""
    from core.identity import mask_address, mask_id_number, mask_name, nation_name
    from drivers.idcard.wlt_photo import is_image

    full = show_personal
    birth = identity.birth.isoformat() if identity.birth else None
    return {
        "card_type": identity.card_type.value,
        "name": identity.name if full else mask_name(identity.name),
        "english_name": identity.english_name if full else mask_name(identity.english_name),
        "gender": identity.gender.value,
        "nation": identity.nation,
        "nation_name": nation_name(identity.nation) if identity.nation.isdigit() else "",
        "birth": birth if full or birth is None else birth[:4] + "-**-**",
        "address": identity.address if full else mask_address(identity.address),
        "id_number": identity.id_number if full else mask_id_number(identity.id_number),
        "authority": identity.authority,
        "valid_from": identity.valid_from.isoformat() if identity.valid_from else None,
        "valid_to": identity.valid_to.isoformat() if identity.valid_to else None,
        "long_term": identity.valid_to is None,
        "card_number": identity.card_number if full else mask_id_number(identity.card_number),
        "photo": {
            "bytes": len(identity.photo),
            "decoded": is_image(identity.photo),
        },
    }


def _print(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def decode_hex(text: str) -> bytes:
    cleaned = re.sub(r"0x|[\s:,\-]", "", text, flags=re.I)
    if not cleaned or len(cleaned) % 2 or not re.fullmatch(r"[0-9A-Fa-f]+", cleaned):
        raise ValueError("not hex")
    return bytes.fromhex(cleaned)


def cmd_card_decode(args: argparse.Namespace) -> int:
    from drivers.idcard.ga467_codec import (
        SW3_FOUND,
        Ga467Error,
        decode_response,
        split_read_answer,
    )
    from drivers.idcard.ga467_text import parse_text, to_identity

    try:
        frame = decode_hex(args.hex)
    except ValueError:
        print(
            "错误 / error: --hex 不是十六进制数据 (not hex); 例如 AA AA AA 96 69 00 04 00 00 9F 9B",
            file=sys.stderr,
        )
        return 2
    try:
        resp = decode_response(frame).raise_for_status()
        sw3 = f"{resp.sw3:02X}"
        if resp.sw3 == SW3_FOUND or len(resp.data) < 4 + 256:
            _print({"sw3": sw3, "ok": True, "data_bytes": len(resp.data)})
            return 0
        card = split_read_answer(resp.data)
        block = parse_text(card.text)
        identity = to_identity(block, card.photo)
    except Ga467Error as exc:
        _print(error_json(exc))
        return 1
    out: dict[str, Any] = {
        "sw3": sw3,
        "identity": identity_json(identity, show_personal=args.show_personal),
    }
    if args.show_personal:
        out["card_fields"] = block.extras()  # pass number, card version...
    out["fingerprint"] = "read and discarded" if card.had_fingerprint else "none"
    from core.errors import OneWindowError
    from core.identity import check_identity

    try:
        out["check"] = {"ok": True, "warnings": check_identity(identity)}
    except OneWindowError as exc:
        out["check"] = {"ok": False, **error_json(exc)}
    _print(out)
    return 0


def cmd_card_watch(args: argparse.Namespace) -> int:
    from drivers.manager import DeviceManager
    from onewindow.cli import _config

    cfg = _config(args)
    devices = cfg.devices.model_copy(
        update={
            "camera": cfg.devices.camera.model_copy(update={"backend": "none"}),
            "printer": cfg.devices.printer.model_copy(update={"uri": "none"}),
        }
    )
    lock = threading.Lock()

    def emit(kind: str, **data: Any) -> None:
        with lock:
            if args.json:
                print(json.dumps({"event": kind, **data}, ensure_ascii=False, default=str))
            else:
                stamp = time.strftime("%H:%M:%S")
                text = " ".join(f"{k}={v}" for k, v in data.items())
                print(f"{stamp} {kind} {text}")
            sys.stdout.flush()

    def on_status(st: Any) -> None:
        if st.device == "id_reader":
            emit(
                "status",
                health=st.health.value,
                backend=st.backend,
                message=messages_cli.tr(st.message),
            )

    def on_card(identity: Identity, warnings: list[str]) -> None:
        data = identity_json(identity, show_personal=args.show_personal)
        keep = ("card_type", "name", "id_number", "valid_to", "card_number")
        emit("card", **{k: data[k] for k in keep}, warnings=";".join(warnings))

    def on_error(exc: OneWindowError) -> None:
        message, hint = messages_cli.words(exc)
        emit("error", code=exc.code, message=message, hint=hint)

    mgr = DeviceManager(
        devices,
        data_dir=cfg.data_path,
        on_status=on_status,
        on_card=on_card,
        on_card_error=on_error,
        virtual_auto_present_s=1.0,
    )
    emit("start", backend=devices.id_reader.backend)
    mgr.start()
    mgr.set_card_polling(True)
    end = time.monotonic() + args.seconds if args.seconds > 0 else None
    try:
        while end is None or time.monotonic() < end:
            time.sleep(0.1)
    except KeyboardInterrupt:
        pass
    finally:
        mgr.stop()
    emit("stop")
    return 0
