"""`onewindow print`: sample documents and status of a receipt printer.

    onewindow print sample KIND --printer URI [--mode text|raster] [--paper 58|80]
    onewindow print status --printer URI [--json]
    onewindow print jobs [--limit N]          the device's print jobs (from its local store)

KIND is ticket, receipt, notice, deficiency or pickup; URI is any
devices.printer.uri (tcp://, usb://, serial://, file://) or ``virtual``,
which starts a virtual printer on loopback and says where its PNG and
transcript went. Runs on the calling thread (no device manager: one
command, one printer).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from core.document import KIND_LABELS, KINDS
from onewindow import messages_cli

VIRTUAL_OUT = Path("var") / "virtual_printer"


def _printer(uri: str, paper: int, mode: str, out: Path):
    """(printer, virtual server or None) for a URI."""
    from drivers.printer.escpos_printer import EscposPrinter
    from drivers.printer.network import NetworkPrinter
    from drivers.printer.transport import parse_printer_uri
    from emulators.virtual_printer import VirtualPrinterServer

    if uri == "virtual":
        srv = VirtualPrinterServer(out, paper_mm=paper).start()
        return NetworkPrinter("127.0.0.1", srv.port, paper_mm=paper, mode=mode), srv
    return EscposPrinter.from_address(parse_printer_uri(uri), paper_mm=paper, mode=mode), None


def cmd_sample(args: argparse.Namespace) -> int:
    """Print a sample of one document kind (fictitious data) on one printer."""
    from drivers.base import PrinterError
    from drivers.printer.render import document_bytes, effective_mode
    from onewindow.print_samples import sample_document

    doc = sample_document(args.kind)
    printer, srv = _printer(args.printer, args.paper, args.mode, Path(args.out))
    try:
        data = document_bytes(doc, paper_mm=args.paper, mode=args.mode)
        started = time.monotonic()
        try:
            printer.print_bytes(data)
        except PrinterError as exc:
            detail = exc.params.get("detail")
            print(
                f"未打印 / not printed: {messages_cli.error_text(exc)}"
                + (f"：{detail}" if detail else ""),
                file=sys.stderr,
            )
            return 1
        took = time.monotonic() - started
        how = effective_mode(doc, args.mode, args.paper)
        print(
            f"已打印 printed: {KIND_LABELS[args.kind]} ({args.kind}), {how} mode, "
            f"{len(data)} bytes, {took * 1000:.0f} ms → {args.printer}"
        )
        if srv is not None:
            (job,) = srv.wait_jobs(1)[-1:]
            print(f"预览 preview: {job.png_path}")
            print(f"文本 transcript: {job.png_path.with_suffix('.txt')}")
    finally:
        printer.close()
        if srv is not None:
            srv.stop()
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    printer, srv = _printer(args.printer, args.paper, "text", Path(args.out))
    try:
        st = printer.status_detail()
    finally:
        printer.close()
        if srv is not None:
            srv.stop()
    if args.json:
        out = {"printer": args.printer, **st.to_dict(), "cause": printer.last_error}
        print(json.dumps(out, ensure_ascii=False))
    else:
        raw = " ".join(f"{b:02X}" if b is not None else "--" for b in st.bytes_)
        print(f"打印机 printer: {args.printer}")
        print(f"状态 state: {st.state.value} ({st.describe()})")
        print(f"DLE EOT 1-4: {raw}")
        if not st.answered and printer.last_error:
            print(f"原因 cause: {printer.last_error}")
    return 0 if st.printable else 1


def cmd_jobs(args: argparse.Namespace) -> int:
    from core.config import load_config
    from sync.print_jobs import STATE_LABELS, PrintJobStore
    from sync.store import LocalStore

    cfg = load_config(args.config, {"data_dir": str(args.data)} if args.data else None)
    store = LocalStore(cfg.data_path)
    try:
        for rec in PrintJobStore(store).recent(args.limit):
            when = rec.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            extra = f" {messages_cli.tr(rec.reason)}" if rec.reason else ""
            again = messages_cli.tr("（补打）") if rec.reprint_of else ""
            # Kind and state words are marked for translation in counter/pages/prints.py.
            kind = messages_cli.tr(KIND_LABELS.get(rec.kind, rec.kind))
            print(
                f"{rec.id}  {when}  {kind}{again}  {rec.ref}  "
                f"{messages_cli.tr(STATE_LABELS[rec.state])}{extra}"
            )
    finally:
        store.close()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `onewindow print ...` to the top-level parser's subcommands."""
    p = sub.add_parser(
        "print",
        help="print sample documents, read a receipt printer's status, list print jobs",
        description="Receipt printer tools: sample documents of each kind, real-time status "
        "(DLE EOT 1-4), the device's print jobs.",
    )
    psub = p.add_subparsers(dest="print_command", required=True, metavar="ACTION")

    def printer_args(s: argparse.ArgumentParser) -> None:
        s.add_argument(
            "--printer",
            required=True,
            metavar="URI",
            help="tcp://host:9100, usb://VID:PID, serial:///dev/ttyUSB0?baud=115200, "
            "file:///dev/usb/lp0, or virtual",
        )
        s.add_argument("--paper", type=int, choices=(58, 80), default=80, help="paper width mm")
        s.add_argument(
            "--out",
            default=str(VIRTUAL_OUT),
            help="folder of the virtual printer's jobs (with --printer virtual)",
        )

    s = psub.add_parser("sample", help="print a sample document", description=cmd_sample.__doc__)
    s.add_argument("kind", choices=KINDS, help="document kind")
    s.add_argument("--mode", choices=("text", "raster"), default="text")
    printer_args(s)
    s.set_defaults(func=cmd_sample)

    s = psub.add_parser("status", help="read the printer's status (DLE EOT 1-4)")
    s.add_argument("--json", action="store_true", help="one JSON line")
    printer_args(s)
    s.set_defaults(func=cmd_status)

    s = psub.add_parser("jobs", help="list this device's print jobs (newest first)")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--data", type=Path, help="data folder (overrides data_dir)")
    s.set_defaults(func=cmd_jobs)
