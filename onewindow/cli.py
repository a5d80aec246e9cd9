"""The ``onewindow`` command: one entry point with a subcommand per job."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from onewindow import messages_cli

if TYPE_CHECKING:  # core.config loads pydantic: after the apps' first paint
    from core.config import Config
    from core.first_config import FirstConfig

REPO = Path(__file__).resolve().parent.parent


def _demo_root() -> Path:
    """var/demo of a checkout; the user's data folder when installed from a wheel."""
    if (REPO / "pyproject.toml").is_file():
        return REPO / "var" / "demo"
    import platformdirs

    return Path(platformdirs.user_data_dir("onewindow", "onewindow")) / "demo"


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


NO_DISPLAY = (
    "没有可用的显示器 / no display found.\n"
    "  在无显示器的机器上请这样运行 / on a machine without a screen run:\n"
    "      xvfb-run -a make demo\n"
    "  或者生成全部界面的截图 / or take screenshots of every screen:\n"
    "      .venv/bin/onewindow tour --out tour"
)


def _overrides(args: argparse.Namespace, **overrides: object) -> dict[str, object]:
    extra = {k: v for k, v in overrides.items() if v is not None}
    if getattr(args, "lang", None):
        extra["language"] = args.lang
    if getattr(args, "data", None):
        extra["data_dir"] = str(args.data)
    return extra


def _config(args: argparse.Namespace, **overrides: object) -> Config:
    from core.config import load_config

    cfg = load_config(args.config, _overrides(args, **overrides))
    from drivers import registry

    registry.check(cfg.devices)  # an unregistered backend is a config error, named by key
    return cfg


def cmd_app(args: argparse.Namespace) -> int:
    if not _has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from core.first_config import peek_config
    from onewindow.gui import run_first_app

    def load() -> Config:
        return _config(args, role=args.command)

    first: FirstConfig | Config | None = peek_config(
        args.config, _overrides(args, role=args.command)
    )
    if first is None:  # not even the first page's keys read: the whole check now names the key
        cfg = first = load()
        load = lambda: cfg  # noqa: E731
    return run_first_app(
        first,
        load,
        fullscreen=not args.windowed,
        show_error=_print_error,
    )


def _print_error(exc: BaseException) -> None:
    from core.errors import ConfigError

    if isinstance(exc, ConfigError):
        print(f"配置错误 / config error: {messages_cli.error_text(exc)}", file=sys.stderr)
    else:
        print(f"错误 / error: {messages_cli.error_text(exc)}", file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> int:
    if not _has_display():
        print(NO_DISPLAY)
        return 0
    from onewindow.demo import run_demo

    return run_demo(data_root=args.data or _demo_root(), lang=args.lang)


def cmd_backoffice(args: argparse.Namespace) -> int:
    if args.blobs:  # every store this process and its workers open keeps files there
        from backoffice.store.blobs import BLOBS_ENV

        os.environ[BLOBS_ENV] = str(Path(args.blobs).resolve())
    if args.action in ("enroll", "devices", "revoke"):
        from onewindow.cli_staff import audit_device_act
        from onewindow.cli_sync import cmd_backoffice_devices

        rc = cmd_backoffice_devices(args)
        audit_device_act(args, rc)
        return rc
    if args.action == "import":
        from onewindow.cli_sync import cmd_backoffice_import

        return cmd_backoffice_import(args)
    if args.action == "fleet":
        from onewindow.cli_fleet import cmd_fleet

        return cmd_fleet(args)
    if args.action == "calendar":
        from onewindow.cli_calendar import cmd_calendar

        return cmd_calendar(args)
    if args.action == "catalog":
        from onewindow.cli_catalog import cmd_catalog

        return cmd_catalog(args)
    if args.action in ("staff", "audit"):
        from onewindow import cli_staff

        return cli_staff.cmd_staff(args) if args.action == "staff" else cli_staff.cmd_audit(args)
    if args.action == "migrate":
        from backoffice.migrations import migrate
        from backoffice.store.database import redact_url, resolve_database_url

        url = resolve_database_url(Path(args.data), args.db)
        print(f"{redact_url(url)}: {migrate(url)}")
        return 0
    if args.action == "list":
        import json

        from backoffice.store import BackofficeStore

        store = BackofficeStore(Path(args.data), args.db)
        for row in store.list_cases():
            print(json.dumps(row, ensure_ascii=False, default=str))
        return 0
    from backoffice.server import serve
    from onewindow.cli_fleet import limits_of

    serve(
        args.host,
        args.port,
        Path(args.data),
        args.catalog,
        open_access=args.open,
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
        upload_expiry_hours=args.upload_expiry_hours,
        fleet_limits=limits_of(args),
        workers=args.workers,
        database_url=args.db,
    )
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from onewindow.doctor import run_doctor

    return run_doctor(_config(args), test_read=args.test_read)


def cmd_tour(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from onewindow.tour import LANGS, SIZES, run_tours

    langs = (args.lang,) if args.lang else LANGS  # both languages unless one is named
    sizes = (args.size,) if args.size else tuple(SIZES)  # and the three screen sizes
    paths = run_tours(Path(args.out), langs, sizes, limit=args.limit)
    for p in paths:
        print(p)
    return 0


MAX_WORKERS = 64


def worker_count(text: str) -> int:
    """An argparse type: how many back-office worker processes, 1 to MAX_WORKERS."""
    from core.strict import ascii_int

    value = ascii_int(text, MAX_WORKERS)
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(
            f"not a number of workers from 1 to {MAX_WORKERS}: {text!r}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="onewindow",
        description="一窗通 OneWindow: self-service kiosk and comprehensive-window client "
        "for government service halls.",
    )
    p.add_argument("--config", type=Path, help="device config file (TOML); defaults otherwise")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="UI language (default zh_CN)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for name, text in (
        ("kiosk", "run the citizen's self-service kiosk (full screen)"),
        ("counter", "run the clerk's comprehensive-window (综合窗口) app"),
    ):
        s = sub.add_parser(name, help=text, description=text)
        s.add_argument("--windowed", action="store_true", help="do not go full screen")
        s.add_argument("--data", type=Path, help="data folder (overrides data_dir)")
        s.set_defaults(func=cmd_app)

    s = sub.add_parser(
        "demo",
        help="run kiosk and counter on embedded defaults: local back office, virtual devices",
        description="Start a local reference back office, a virtual card reader, camera and "
        "printer, and open the kiosk and the counter against them. Data goes to var/demo "
        "(in the user's data folder when installed).",
    )
    s.add_argument("--data", type=Path, help="demo data folder (default var/demo)")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser(
        "backoffice",
        help="run the reference back office (HTTP service), list its cases, manage staff",
        description="Run the reference central back office over HTTP, `list` received cases, "
        "`enroll`/`devices`/`revoke` devices, `staff add|list|disable|enable|passwd` "
        "accounts, print the `audit` log, `audit verify` every trail and checkpoint, "
        "`audit checkpoint` (sign the log's head now), `audit export CASE_ID`, the `fleet` "
        "of devices with their alarms, `calendar import FILE|list` the working-day calendar, "
        "`catalog publish FILE --note …|versions` the service catalog, `import FILE.owbundle "
        "[--answer-to DIR]` a station's USB bundle (writes the signed .owanswer).",
    )
    s.add_argument(
        "action",
        nargs="?",
        choices=[
            "serve",
            "list",
            "enroll",
            "devices",
            "revoke",
            "staff",
            "audit",
            "fleet",
            "calendar",
            "catalog",
            "migrate",
            "import",
        ],
        default="serve",
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on")
    s.add_argument("--port", type=int, default=8765, help="port to listen on")
    s.add_argument("--data", default="var/backoffice", help="back-office data folder")
    s.add_argument(
        "--db",
        metavar="URL",
        help="the database: sqlite:///PATH or postgresql://USER@HOST:PORT/DB (default:"
        " $ONEWINDOW_BACKOFFICE_DB, else backoffice.db in --data); migrate: bring it up to date",
    )
    s.add_argument(
        "--blobs",
        metavar="DIR",
        help="where files and upload parts are kept, content-addressed (a shared folder for"
        " workers on several hosts; default: $ONEWINDOW_BACKOFFICE_BLOBS, else blobs/ in --data)",
    )
    s.add_argument("--open", action="store_true", help="serve: accept every device (demo only)")
    s.add_argument(
        "--catalog",
        type=Path,
        help="serve: the service catalog file (JSON) to serve (default: the sample catalog)",
    )
    s.add_argument(
        "--workers",
        type=worker_count,
        default=1,
        help="serve: worker processes on one port, sharing only the database (default 1)",
    )
    s.add_argument("--certfile", help="serve: TLS certificate chain (PEM) to serve HTTPS")
    s.add_argument("--keyfile", help="serve: TLS private key (PEM)")
    from onewindow.cli_fleet import positive_number

    s.add_argument(
        "--upload-expiry-hours",
        type=positive_number(876_000, "hours"),  # at most a century
        default=72.0,
        help="serve: remove uploads left unfinished this long (default 72)",
    )
    s.add_argument(
        "--hall", default="", help="enroll: bind the code to this hall; staff add: the staff's hall"
    )
    s.add_argument("--device", default="", help="enroll: bind the code to this device code")
    s.add_argument("--ttl-hours", type=float, default=24.0, help="enroll: code validity")
    s.add_argument(
        "--unbound",
        action="store_true",
        help="enroll: a code any new device may use (only with care: see docs/deploy.md)",
    )
    s.add_argument(
        "--answer-to",
        metavar="DIR",
        help="import: where the answer file goes (default: beside the bundle)",
    )
    from onewindow.cli_staff import add_arguments as add_staff_arguments

    add_staff_arguments(s)
    from onewindow.cli_fleet import add_arguments as add_fleet_arguments

    add_fleet_arguments(s)
    from onewindow.cli_catalog import add_arguments as add_catalog_arguments

    add_catalog_arguments(s)
    s.set_defaults(func=cmd_backoffice)

    s = sub.add_parser(
        "doctor",
        help="check config, devices and the back office, and say what is wrong",
        description="List the configuration, serial ports, PC/SC readers, device health and "
        "whether the back office answers.",
    )
    s.add_argument("--test-read", action="store_true", help="wait for one card read")
    s.set_defaults(func=cmd_doctor)

    s = sub.add_parser(
        "tour",
        help="drive both apps offscreen through every screen and save one PNG per screen",
        description="Screenshot tour: every screen of the kiosk and the counter as PNG files.",
    )
    s.add_argument("--out", default="tour", help="folder for the PNG files")
    s.add_argument(
        "--size",
        choices=["1280x800", "1920x1080", "1080x1920"],
        help="one kiosk screen size (default: all three, a folder each)",
    )
    s.add_argument(
        "--lang",
        choices=["zh_CN", "en"],
        default=argparse.SUPPRESS,  # `onewindow --lang en tour` works too
        help="one language (default: both)",
    )
    s.add_argument(
        "--limit", type=int, metavar="N", help="stop after N screens in all (a smoke check)"
    )
    s.set_defaults(func=cmd_tour)
    from onewindow.cli_sync import register as register_sync

    register_sync(sub)
    from onewindow.cli_print import register as register_print

    register_print(sub)
    from onewindow.cli_card import register as register_card

    register_card(sub)
    from onewindow.cli_scan import register as register_scan

    register_scan(sub)
    from onewindow.cli_hall import register as register_hall

    register_hall(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    messages_cli.use(args.lang)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # core.errors (the message catalogue) loads with the first error, not
        # on the way to an app's first paint.
        from core.errors import ConfigError, OneWindowError

        if not isinstance(exc, OneWindowError):
            raise
        _print_error(exc)
        return 2 if isinstance(exc, ConfigError) else 1
