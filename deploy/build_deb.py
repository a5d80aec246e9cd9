"""Build the OneWindow Debian package (``make deb``).

The package carries the application's own Python environment: a venv staged
as /opt/onewindow, the wheel and the locked runtime dependencies
(requirements-app.lock, hashes checked) installed into it with the system's
python3.11, then made to work at its final place (script shebangs, byte code
file names). Around it: the config in /etc/onewindow, the systemd units, the
udev and polkit rules, the counter's .desktop entry. ``dpkg-deb`` builds it
from the staged tree; no debhelper is needed.

    .venv/bin/python deploy/build_deb.py --out dist
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
PREFIX = Path("/opt/onewindow")
SYSTEM_PYTHON = "/usr/bin/python3.11"  # the Depends: of the package

# (source under deploy/, destination in the installed system, mode)
FILES = [
    ("device.toml", "etc/onewindow/device.toml", 0o640),
    ("hall.toml", "etc/onewindow/hall.toml", 0o640),
    ("default", "etc/default/onewindow", 0o644),
    ("onewindow-kiosk.service", "lib/systemd/system/onewindow-kiosk.service", 0o644),
    ("onewindow-backoffice.service", "lib/systemd/system/onewindow-backoffice.service", 0o644),
    ("onewindow-hall.service", "lib/systemd/system/onewindow-hall.service", 0o644),
    ("60-onewindow.rules", "lib/udev/rules.d/60-onewindow.rules", 0o644),
    ("60-onewindow-pcsc.rules", "usr/share/polkit-1/rules.d/60-onewindow-pcsc.rules", 0o644),
    ("onewindow-counter.desktop", "usr/share/applications/onewindow-counter.desktop", 0o644),
]
CONFFILES = ["/etc/onewindow/device.toml", "/etc/onewindow/hall.toml", "/etc/default/onewindow"]


def run(*cmd: str | Path, **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def build_wheel(out: Path) -> Path:
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", REPO, "-w", out)
    (wheel,) = out.glob("onewindow-*.whl")
    return wheel


def stage_venv(root: Path, wheel: Path) -> None:
    """The private environment, built in ``root`` + /opt/onewindow, fixed up to live at /opt."""
    venv = root / PREFIX.relative_to("/")
    run(SYSTEM_PYTHON, "-m", "venv", "--without-pip", venv)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install"]
    pip += ["-q", "--no-compile", "--no-warn-script-location"]
    run(*pip, "--require-hashes", "--no-deps", "-r", REPO / "requirements-app.lock")
    run(*pip, "--no-deps", wheel)
    staged = str(venv)
    # Scripts name the interpreter by its absolute (staging) path.
    for script in (venv / "bin").iterdir():
        if script.is_symlink() or not script.is_file():
            continue
        data = script.read_bytes()
        if staged.encode() in data[:4096] or script.name.startswith("activate"):
            script.write_bytes(data.replace(staged.encode(), str(PREFIX).encode()))
    cfg = venv / "pyvenv.cfg"
    cfg.write_text(cfg.read_text().replace(staged, str(PREFIX)))
    for direct_url in venv.glob("lib/python*/site-packages/*.dist-info/direct_url.json"):
        direct_url.unlink()  # names the wheel's path on the build machine
    # Byte code compiled now (the service user cannot write in /opt), with
    # the file names it will have once installed.
    run(
        venv / "bin" / "python",
        "-m",
        "compileall",
        "-q",
        "-j",
        "0",
        "-s",
        root,
        "-p",
        "/",
        "-x",
        r"\.tmpl\.py$",  # PySide6's code templates are not Python
        venv / "lib",
        stdout=subprocess.DEVNULL,
    )


def stage_files(root: Path) -> None:
    for src, dest, mode in FILES:
        target = root / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEPLOY / src, target)
        target.chmod(mode)
    bin_link = root / "usr" / "bin" / "onewindow"
    bin_link.parent.mkdir(parents=True, exist_ok=True)
    bin_link.symlink_to(PREFIX / "bin" / "onewindow")
    doc = root / "usr" / "share" / "doc" / "onewindow"
    doc.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "docs" / "deploy.md", doc / "deploy.md")


def stage_control(root: Path) -> str:
    """DEBIAN/ with control, conffiles and the maintainer scripts; returns the architecture."""
    control = root / "DEBIAN"
    control.mkdir()
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    size_kb = sum(f.lstat().st_size for f in root.rglob("*") if f.is_file()) // 1024
    text = (DEPLOY / "debian" / "control.in").read_text("utf-8")
    for key, value in (("VERSION", version()), ("ARCH", arch), ("SIZE", str(size_kb))):
        text = text.replace(f"@{key}@", value)
    (control / "control").write_text(text, encoding="utf-8")
    (control / "conffiles").write_text("".join(f"{c}\n" for c in CONFFILES))
    for script in ("postinst", "prerm", "postrm"):
        shutil.copyfile(DEPLOY / "debian" / script, control / script)
        (control / script).chmod(0o755)
    return arch


def check_no_staging_paths(root: Path) -> None:
    """Nothing that runs may still name the staging folder."""
    pattern = re.compile(re.escape(str(root)).encode())
    bad = [
        str(p)
        for p in (root / PREFIX.relative_to("/") / "bin").iterdir()
        if p.is_file() and not p.is_symlink() and pattern.search(p.read_bytes())
    ]
    if bad:
        raise SystemExit(f"staging path left in: {bad}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "dist", help="folder for the .deb")
    args = ap.parse_args(argv)
    if not Path(SYSTEM_PYTHON).exists():
        raise SystemExit(f"{SYSTEM_PYTHON} is needed: the package runs on it")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="onewindow-deb-") as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        os.chmod(root, 0o755)
        wheel = build_wheel(Path(tmp) / "wheel")
        stage_venv(root, wheel)
        check_no_staging_paths(root)
        stage_files(root)
        arch = stage_control(root)
        deb = args.out / f"onewindow_{version()}_{arch}.deb"
        # zstd at a low level: the environment is ~1 GB and most of it is
        # already-compressed shared libraries; xz would take minutes.
        run("dpkg-deb", "--root-owner-group", "-Zzstd", "-z3", "--build", root, deb)
    print(deb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
