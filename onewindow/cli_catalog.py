"""``onewindow backoffice catalog publish FILE --note …`` and ``catalog versions``.

Run on the back-office host by its administrator, against the data folder
(``--data``), beside a running server or not: the store is opened on its own
and every worker serves the newest publication at its next request.
``publish`` checks the catalog file as the publishing route does (each bad
field named by its path) and publishes it as its ``version`` with the change
note; it is in the audit log as ``cli:<operating-system user>``. ``versions``
prints one JSON line per published version, newest first, with its note.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CATALOG_ACTIONS = ("publish", "versions")
USAGE = "用法 / usage: backoffice catalog publish FILE --note 说明 | versions"


def add_arguments(s: argparse.ArgumentParser) -> None:
    """The catalog options of the ``backoffice`` sub-command."""
    s.add_argument("--note", default="", help="catalog publish: what changed (变更说明)")


def cmd_catalog(args: argparse.Namespace) -> int:
    from backoffice.catalog import VERSIONS_DIR, publish_checked
    from backoffice.catalog_check import check_publication
    from backoffice.store import BackofficeStore, ConflictError
    from onewindow.cli_staff import cli_actor

    if args.what not in CATALOG_ACTIONS:
        print(USAGE, file=sys.stderr)
        return 2
    checked = None
    if args.what == "publish":
        if not args.target or not args.note.strip():
            print(USAGE, file=sys.stderr)
            return 2
        try:
            raw = json.loads(Path(args.target).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"{args.target}: {type(exc).__name__}", file=sys.stderr)
            return 1
        catalog, body, note, problems = check_publication({"note": args.note, "catalog": raw})
        if catalog is None:
            print("事项目录有误，未发布 / the catalog has errors, not published", file=sys.stderr)
            for problem in problems:
                print(f"  {problem['error']}", file=sys.stderr)
            return 1
        checked = (catalog, body, note)
    store = BackofficeStore(Path(args.data))
    try:
        if checked is not None:
            catalog, body, note = checked
            try:
                versions_dir = Path(args.data) / VERSIONS_DIR
                row, new = publish_checked(store, versions_dir, catalog, body, note, cli_actor())
            except ConflictError as exc:
                store.audit(cli_actor(), "catalog.publish", catalog.version, "conflict", {})
                print(exc.message, file=sys.stderr)
                return 1
            print(json.dumps({**row, "new": new}, ensure_ascii=False))
            return 0
        for row in store.catalog_versions():
            print(json.dumps(row, ensure_ascii=False))
        return 0
    finally:
        store.close()
