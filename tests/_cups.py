"""A private CUPS for the A4 tests: its own cupsd, port, socket and a cups-pdf queue.

Debian's ``cups``, ``cups-client`` and ``printer-driver-cups-pdf`` (in
scripts/bootstrap.sh). The scheduler runs in the foreground from a folder of
its own (config, spool, cache, logs), listening on a free loopback port and a
socket there; the queue prints through the cups-pdf backend, which reads
``/etc/cups/cups-pdf-NAME.conf`` for a queue whose device is
``cups-pdf:/NAME``: that file sends its PDFs to the folder's ``out/``. cupsd
runs backends and filters as ``lp``, cups-pdf as root: the fixture needs root
(CI runs as root) and skips with the reason otherwise. Used by one test
thread; ``stop`` ends only the cupsd it started.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._backoffice_fixture import free_port

PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CONF_DIR = Path("/etc/cups")

_CUPSD_CONF = """LogLevel debug
Listen 127.0.0.1:{port}
Listen {root}/cups.sock
Browsing Off
DefaultAuthType None
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
_FILES_CONF = """ServerRoot {root}/conf
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
User lp
Group lp
SystemGroup root
"""
_CUPS_PDF_CONF = """Out {root}/out
AnonDirName {root}/out
Spool {root}/spool-pdf
UserUMask 0022
Log {root}/log
LogType 3
"""


def why_not() -> str:
    """Why a private CUPS cannot run here ("" when it can)."""
    for tool in ("cupsd", "lp", "lpstat", "lpadmin"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            return f"{tool} is not installed (apt-get install cups cups-client)"
    if not CUPS_PDF_BACKEND.exists() or not PPD.exists():
        return "cups-pdf is not installed (apt-get install printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        return "cupsd runs cups-pdf as root and reads /etc/cups: the test user is not root"
    return ""


class PrivateCups:
    """One cupsd with one cups-pdf queue. ``server`` is ``127.0.0.1:PORT``."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ow-cups-"))
        self.root.chmod(0o755)  # filters run as lp and must reach TempDir
        self.port = free_port()
        self.server = f"127.0.0.1:{self.port}"
        self.queue = f"owtest{secrets.token_hex(4)}"
        self.out = self.root / "out"
        self._conf = CONF_DIR / f"cups-pdf-{self.queue}.conf"
        self._proc: subprocess.Popen | None = None

    def start(self) -> PrivateCups:
        r = self.root
        for sub in ("conf", "spool", "cache", "state", "log", "out", "spool-pdf"):
            (r / sub).mkdir()
        (r / "tmp").mkdir()
        (r / "tmp").chmod(0o1777)
        (r / "conf" / "cupsd.conf").write_text(_CUPSD_CONF.format(port=self.port, root=r))
        (r / "conf" / "cups-files.conf").write_text(_FILES_CONF.format(root=r))
        self._conf.write_text(_CUPS_PDF_CONF.format(root=r))
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        self._proc = subprocess.Popen(
            [cupsd, "-f", "-c", str(r / "conf/cupsd.conf"), "-s", str(r / "conf/cups-files.conf")],
            stdout=subprocess.DEVNULL,
            stderr=(r / "log" / "cupsd.stderr").open("wb"),
        )
        deadline = time.monotonic() + 20
        while self.lpstat("-r").returncode != 0:
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"cupsd did not start: {self.log()[-2000:]}")
            time.sleep(0.1)
        for attempt in range(10):  # the scheduler may still be settling its listeners
            try:
                self.run(
                    "lpadmin",
                    "-p",
                    self.queue,
                    "-v",
                    f"cups-pdf:/{self.queue}",
                    "-P",
                    str(PPD),
                    "-E",
                )
                break
            except RuntimeError:
                if attempt == 9 or self._proc.poll() is not None:
                    self.stop()
                    raise
                time.sleep(0.5)
        return self

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        exe = shutil.which(tool) or f"/usr/sbin/{tool}"
        env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
        done = subprocess.run(
            [exe, "-h", self.server, *args], capture_output=True, env=env, timeout=30, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr.decode(errors='replace')}")
        return done

    def lpstat(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
        lpstat = shutil.which("lpstat") or "lpstat"
        return subprocess.run(
            [lpstat, "-h", self.server, *args], capture_output=True, env=env, timeout=10
        )

    def pdfs(self) -> list[Path]:
        return sorted(self.out.glob("*.pdf"))

    def wait_pdf(self, count: int = 1, timeout_s: float = 60.0) -> Path:
        """The ``count``-th PDF cups-pdf wrote, once it is whole."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = self.pdfs()
            if len(found) >= count:
                path = found[count - 1]
                data = path.read_bytes()
                if data.rstrip().endswith(b"%%EOF"):
                    return path
            time.sleep(0.2)
        raise AssertionError(f"no PDF from CUPS in {timeout_s} s: {self.log()[-3000:]}")

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._conf.unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def private_cups() -> Iterator[PrivateCups]:
    """A running private CUPS with one cups-pdf queue; skipped with the reason when impossible."""
    reason = why_not()
    if reason:
        pytest.skip(reason)
    cups = PrivateCups().start()
    try:
        yield cups
    finally:
        cups.stop()
