"""The product installs: a wheel built from the repository works outside it.

The wheel is built from the files git knows (so nothing that only exists in
this checkout, such as a compiled .qm, can leak in) and installed into a fresh
venv in a temporary folder. The third-party dependencies are borrowed from
the test's own environment through a path entry, which makes the modules of
that environment's site-packages importable but does not run its .pth files:
the editable install of the checkout stays invisible, so every OneWindow
module imported below comes from the wheel. Commands run from a folder
outside the checkout, with no pyside6-lrelease on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
TOP_LEVEL = (
    *("assets", "core", "wire", "drivers", "emulators", "sync", "services", "backoffice"),
    *("widgets", "kiosk", "counter"),
    "onewindow",
)
PIP = (sys.executable, "-m", "pip")


def _tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    return [f for f in out.decode().split("\0") if f and (REPO / f).is_file()]


class Installed:
    """A venv with the OneWindow wheel installed, and a runner for commands in it.

    Used from the test thread only.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.venv = root / "venv"
        self.python_exe = self.venv / "bin" / "python"
        self.cwd = root / "elsewhere"
        self.cwd.mkdir()
        home = root / "home"
        self.env = {
            "PATH": f"{self.venv / 'bin'}:/usr/bin:/bin",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_RUNTIME_DIR": str(home / "run"),
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
        }
        (home / "run").mkdir(parents=True)
        os.chmod(home / "run", 0o700)

    def python(self, code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.venv / "bin" / "python"), "-c", code, timeout=timeout)

    def onewindow(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.venv / "bin" / "onewindow"), *args, timeout=timeout)

    def run(self, *cmd: str, timeout: float) -> subprocess.CompletedProcess[str]:
        r = subprocess.run(
            cmd, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert r.returncode == 0, f"{cmd} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}"
        return r


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    for f in _tracked_files():
        (src / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / f, src / f)
    assert not list(src.glob("assets/i18n/*.qm")), "a .qm is tracked by git"
    dist = root / "dist"
    # Build isolation on purpose: the build environment gets setuptools and
    # PySide6 (for lrelease) from the build requirements, as `pip wheel .` does.
    subprocess.run(
        [*PIP, "wheel", "-q", "--no-deps", str(src), "-w", str(dist)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = dist.glob("onewindow-*.whl")
    inst = Installed(root)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(inst.venv)], check=True)
    subprocess.run(
        [*PIP, "--python", str(inst.python_exe), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    purelib = Path(
        subprocess.run(
            [
                str(inst.venv / "bin" / "python"),
                "-c",
                "import sysconfig as s; print(s.get_paths()['purelib'])",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (purelib / "zz_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return inst


def test_modules_and_assets_come_from_the_wheel(installed: Installed):
    r = installed.python(
        "import json, shutil, importlib\n"
        f"mods = {{n: importlib.import_module(n).__file__ for n in {TOP_LEVEL!r}}}\n"
        "import assets\n"
        "from assets import sample_catalog\nfrom core.catalog import Catalog\n"
        "from drivers.camera.pagenet import MODEL_FILE\n"
        "from emulators.virtual_camera import sample_documents_dir\n"
        "from widgets.i18n import compiled_qm\n"
        "from backoffice.web.view import STATIC_DIR, TEMPLATES_DIR\n"
        "print(json.dumps({'mods': mods, 'items': len(Catalog.load(sample_catalog()).items),\n"
        "  'templates': str(TEMPLATES_DIR / 'case.html'), 'css': str(STATIC_DIR / 'staff.css'),\n"
        "  'catalog': str(sample_catalog()), 'model': str(MODEL_FILE),\n"
        "  'samples': sorted(p.name for p in sample_documents_dir().glob('*.jpg')),\n"
        "  'qm': str(compiled_qm('en')), 'lrelease': shutil.which('pyside6-lrelease')}))"
    )
    got = json.loads(r.stdout)
    venv = str(installed.venv)
    for name, path in got["mods"].items():
        assert path.startswith(venv), f"{name} imported from {path}, not the wheel"
    assert got["items"] > 0
    for key in ("catalog", "model", "qm", "templates", "css"):  # the staff pages' too
        assert got[key].startswith(venv) and Path(got[key]).is_file(), key
    assert len(got["samples"]) >= 3
    assert got["lrelease"] is None


def test_detects_the_page_in_a_sample_photo(installed: Installed):
    photo = next(installed.venv.glob("lib/python*/site-packages/assets/samples/documents/*.jpg"))
    r = installed.onewindow("scan", "detect", "--json", str(photo))
    d = json.loads(r.stdout)
    assert d["quad"] is not None and len(d["quad"]) == 4 and d["confidence"] >= 0.8


def test_prints_a_sample_receipt_to_a_file(installed: Installed):
    out = installed.root / "receipt.bin"
    installed.onewindow("print", "sample", "receipt", "--printer", f"file://{out}")
    data = out.read_bytes()
    assert data.startswith(b"\x1b@")  # ESC @ initialises the printer
    assert "受理".encode("gb18030") in data  # Chinese text in the printer's encoding


def test_english_comes_from_the_wheel_and_a_tour_screen_is_taken(installed: Installed):
    r = installed.python(
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from widgets.i18n import install_translator, tr\n"
        "assert install_translator('en')\n"
        "print(tr('回首页'))"
    )
    assert r.stdout.strip() == "Home"
    shots = installed.root / "tour"
    r = installed.onewindow("--lang", "en", "tour", "--out", str(shots), "--limit", "1")
    pngs = sorted(shots.glob("*/*.png"))  # a folder per language and size
    assert len(pngs) == 1 and pngs[0].read_bytes().startswith(b"\x89PNG")
    assert pngs[0].stat().st_size > 10_000  # a drawn screen, not an empty image
