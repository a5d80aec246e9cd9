"""core/ must stay Qt-free and device-free (ARCHITECTURE rule 1)."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "core"
FORBIDDEN = {"PySide6", "PyQt5", "PyQt6", "cv2", "escpos", "smartcard", "serial", "numpy"}


def test_core_sources_import_nothing_forbidden():
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for n in names:
                if n.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.name}: {n}")
    assert offenders == []


def test_importing_core_loads_no_gui_or_device_module():
    code = (
        "import sys, core.case, core.catalog, core.config, core.deadlines, core.identity, "
        "core.intake, core.receipt, core.ids\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {sorted(FORBIDDEN)!r}]\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
