"""Build step that pyproject.toml cannot express: compile the translations.

The English UI text lives in assets/i18n/*.ts (source, in git). Qt loads the
compiled .qm, which is build output: it is made here, by the lrelease of the
PySide6 in the build environment (a build requirement in pyproject.toml), and
never at run time. A wheel gets the .qm in its build tree; an editable
install (the bootstrap's) gets it next to the .ts in the checkout, where
.gitignore keeps it out of git. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
I18N = Path("assets", "i18n")
# PySide6's own wrapper runs the lrelease binary shipped inside the PySide6
# package of the interpreter given; no PATH lookup, so the build environment's
# PySide6 is the one used.
LRELEASE = (
    "import sys; from PySide6.scripts.pyside_tool import lrelease; "
    "sys.argv[0] = 'lrelease'; lrelease()"
)


def compile_translations(out_dir: Path) -> list[Path]:
    """Compile every assets/i18n/*.ts into ``out_dir``; returns the .qm files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for ts in sorted((HERE / I18N).glob("*.ts")):
        qm = out_dir / ts.with_suffix(".qm").name
        r = subprocess.run(
            [sys.executable, "-c", LRELEASE, "-silent", str(ts), "-qm", str(qm)],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0 or not qm.is_file():
            raise SystemExit(
                f"compiling {ts.name} failed (is PySide6-Essentials in the build "
                f"environment?):\n{r.stdout}{r.stderr}"
            )
        made.append(qm)
    return made


class BuildPyWithTranslations(build_py):
    """setuptools' build_py, plus the .qm files. Runs in the build process only."""

    def run(self) -> None:
        if self.editable_mode:
            compile_translations(HERE / I18N)
        super().run()
        if not self.editable_mode:
            compile_translations(Path(self.build_lib) / I18N)


setup(cmdclass={"build_py": BuildPyWithTranslations})
