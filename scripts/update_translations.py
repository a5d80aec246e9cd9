"""Collect every translatable string and update assets/i18n/onewindow_en.ts.

Strings come from ``tr("...")`` and ``N_("...")`` calls in the Qt code, the
constant messages and hints of the errors raised in core/, drivers/ and
sync/, and the catalog's window classes. Existing translations are kept;
new strings are added as unfinished; strings no longer used are dropped.

    python scripts/update_translations.py          # update the .ts file
    python scripts/update_translations.py --check  # exit 1 if out of date or unfinished
    python scripts/update_translations.py --add en.json  # set translations {source: English}
"""

from __future__ import annotations

import ast
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "assets" / "i18n" / "onewindow_en.ts"
UI_DIRS = ("kiosk", "counter", "widgets", "onewindow", "services")
ERROR_DIRS = ("core", "wire", "drivers", "emulators", "sync", "services")
CONTEXT = "OneWindow"
# Calls in core/, drivers/ and sync/ whose Chinese string arguments reach the
# screen: device status messages and identity warnings.
STATUS_CALLS = {"_set_status", "_lost", "DeviceStatus", "append", "_status", "N_"}
# The local store's "what could not be done" words (sync.store.errors.storage_error).
STATUS_CALLS |= {"_write", "_read", "storage_error"}
TEXT_KWARGS = {"hint", "message"}


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def collect() -> list[str]:
    found: dict[str, None] = {}
    for d in UI_DIRS:
        for path in sorted((ROOT / d).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and _call_name(node) in ("tr", "N_") and node.args:
                    s = _const(node.args[0])
                    if s:
                        found[s] = None
    for d in ERROR_DIRS:
        for path in sorted((ROOT / d).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = _call_name(node)
                texts: list[str | None] = []
                if name.endswith(("Error", "Lost")) or name in STATUS_CALLS:
                    texts = [_const(a) for a in node.args]
                    texts += [_const(k.value) for k in node.keywords if k.arg in TEXT_KWARGS]
                if texts:
                    for s in texts:
                        if s and _is_chinese(s):
                            found[s] = None
    sys.path.insert(0, str(ROOT))
    from core.catalog import WINDOW_CLASSES

    for s in WINDOW_CLASSES:
        found[s] = None
    return list(found)


def read_ts() -> dict[str, str]:
    if not TS.exists():
        return {}
    out = {}
    for msg in ET.parse(TS).getroot().iter("message"):
        src = msg.findtext("source") or ""
        t = msg.find("translation")
        out[src] = "" if t is None or t.get("type") == "unfinished" else (t.text or "")
    return out


def write_ts(strings: list[str], known: dict[str, str]) -> None:
    ts = ET.Element("TS", version="2.1", language="en_US", sourcelanguage="zh_CN")
    ctx = ET.SubElement(ts, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for s in strings:
        m = ET.SubElement(ctx, "message")
        ET.SubElement(m, "source").text = s
        t = ET.SubElement(m, "translation")
        if known.get(s):
            t.text = known[s]
        else:
            t.set("type", "unfinished")
    ET.indent(ts)
    TS.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(ts, encoding="unicode")
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", "utf-8")


def main() -> int:
    strings = collect()
    known = read_ts()
    if "--add" in sys.argv:
        added = json.loads(Path(sys.argv[sys.argv.index("--add") + 1]).read_text("utf-8"))
        known.update({k: v for k, v in added.items() if v})
    if "--check" in sys.argv:
        missing = [s for s in strings if not known.get(s)]
        for s in missing:
            print(f"untranslated: {s}")
        return 1 if missing else 0
    write_ts(strings, known)
    todo = sum(1 for s in strings if not known.get(s))
    print(f"{TS.relative_to(ROOT)}: {len(strings)} strings, {todo} to translate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
