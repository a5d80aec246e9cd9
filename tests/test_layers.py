"""The layers import only downward, with no exception list (pyproject's importlinter contracts).

core ← wire ← drivers ← sync | emulators | backoffice ← services ← widgets ←
kiosk | counter ← onewindow; the back office shares only core and the wire
contract with devices; emulators stay out of the production path; only the
widgets and the apps touch Qt. Function-level imports count like any other.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    exe = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "broken" in proc.stdout and " 0 broken" in proc.stdout


def test_the_contracts_cover_every_top_level_package():
    import tomllib

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    roots = set(conf["tool"]["importlinter"]["root_packages"])
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench", "scripts"}
    assert packages <= roots, f"packages outside the layer contracts: {packages - roots}"
