"""``onewindow backoffice calendar import FILE`` and ``calendar list``: the working-day calendar.

Run on the back-office host by its administrator, against the data folder
(``--data``). ``import`` checks the file as the import route does (strict;
each bad field named in the catalogue's words) and replaces that year; every
import is in the audit log as ``cli:<operating-system user>``. ``list`` prints
one JSON line per year (its dates counted, its source, who entered it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CALENDAR_ACTIONS = ("import", "list")


def cmd_calendar(args: argparse.Namespace) -> int:
    from backoffice.store import BackofficeStore, InvalidError
    from onewindow.cli_staff import cli_actor

    if args.what not in CALENDAR_ACTIONS:
        print("用法 / usage: backoffice calendar import FILE | list", file=sys.stderr)
        return 2
    data = None
    if args.what == "import":
        if not args.target:
            print("请给出日历文件 / give the calendar file: calendar import FILE", file=sys.stderr)
            return 2
        try:
            data = json.loads(Path(args.target).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"{args.target}: {type(exc).__name__}", file=sys.stderr)
            return 1
    store = BackofficeStore(Path(args.data), args.db)
    try:
        if args.what == "import":
            try:
                row = store.import_calendar_year(data, cli_actor())
            except InvalidError as exc:
                print(exc.message, file=sys.stderr)
                for problem in exc.detail:
                    print(f"  {problem['error']}", file=sys.stderr)
                return 1
            print(json.dumps(_summary(row), ensure_ascii=False))
            return 0
        for row in store.calendar_years():
            print(json.dumps(_summary(row), ensure_ascii=False))
        return 0
    finally:
        store.close()


def _summary(row: dict) -> dict:
    return {
        **{k: v for k, v in row.items() if k not in ("days_off", "workdays")},
        "days_off": len(row["days_off"]),
        "workdays": len(row["workdays"]),
    }
