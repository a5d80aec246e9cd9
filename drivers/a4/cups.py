"""A4 printing through CUPS: ``lp`` hands the PDF to a queue, ``lpstat`` reads its state.

The commands are Debian's cups-client (``apt-get install cups-client``), run
with ``LANG=C`` so their answers parse. ``cups://QUEUE`` prints to the queue
on the configured server (``devices.a4.server``: ``host:port`` or a socket
path; empty: CUPS' own default, ``/run/cups/cups.sock``);
``ipp://host[:port]/printers/QUEUE`` (or ``ipps://``) names the server and
the queue in one. A PDF goes as one job with ``media=A4``. I/O methods on the
A4 printer's thread only (drivers.threads).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from core.config import A4Config
from core.errors import ConfigError
from drivers.a4.base import A4Error, A4Printer, A4State
from drivers.registry import BackendContext

log = logging.getLogger(__name__)

_QUEUE = re.compile(r"[A-Za-z0-9_.-]{1,127}")
_REQUEST_ID = re.compile(r"request id is (\S+)")
COMMAND_TIMEOUT_S = 20.0


def parse_uri(uri: str, server: str = "") -> tuple[str, str]:
    """(server, queue) for a ``cups://`` or ``ipp(s)://`` URI; ConfigError when malformed."""
    parts = urlsplit(uri)
    if parts.scheme == "cups":
        queue = unquote(parts.netloc + parts.path).strip("/")
        where = server
    elif parts.scheme in ("ipp", "ipps") and parts.hostname:
        bits = [p for p in parts.path.split("/") if p]
        queue = unquote(bits[1]) if len(bits) == 2 and bits[0] in ("printers", "classes") else ""
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        where = f"{host}:{parts.port or 631}"
    else:
        queue, where = "", ""
    if not _QUEUE.fullmatch(queue):
        raise ConfigError("devices.a4.uri", "config.a4_uri", uri=uri)
    return where, queue


class CupsPrinter(A4Printer):
    """One CUPS queue. I/O methods on the A4 printer's thread only."""

    backend = "cups"

    def __init__(self, queue: str, server: str = "", *, timeout_s: float = COMMAND_TIMEOUT_S):
        self.queue = queue
        self.server = server
        self.timeout_s = timeout_s

    def _run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        tool = args[0]
        exe = shutil.which(tool)
        if exe is None:
            raise A4Error("a4.no_cups_client", A4State.OFFLINE, tool=tool)
        cmd = [exe, *(("-h", self.server) if self.server else ()), *args[1:]]
        env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
        try:
            return subprocess.run(
                cmd, input=stdin, capture_output=True, timeout=self.timeout_s, env=env, check=False
            )
        except subprocess.TimeoutExpired:
            raise A4Error("a4.timeout", A4State.OFFLINE, tool=tool) from None
        except OSError as exc:
            raise A4Error("a4.command_failed", A4State.OFFLINE, tool=tool, why=str(exc)) from None

    def open(self) -> None:
        state = self.status()
        if state is A4State.OFFLINE:
            raise A4Error("a4.offline", A4State.OFFLINE, queue=self.queue)

    def status(self) -> A4State:
        """``lpstat -p QUEUE``: idle or printing is OK, disabled is STOPPED, else OFFLINE."""
        done = self._run("lpstat", "-p", self.queue)
        out = done.stdout.decode("utf-8", "replace")
        if done.returncode != 0 or f"printer {self.queue} " not in out:
            return A4State.OFFLINE
        if " disabled" in out:
            return A4State.STOPPED
        return A4State.OK

    def print_pdf(self, pdf: bytes, title: str) -> str:
        """``lp -d QUEUE -o media=A4`` with the PDF; the job id CUPS answers."""
        with tempfile.TemporaryDirectory(prefix="ow-a4-") as tmp:
            path = Path(tmp) / "document.pdf"
            path.write_bytes(pdf)
            done = self._run(
                "lp", "-d", self.queue, "-t", title[:120], "-o", "media=A4", "--", str(path)
            )
        out = done.stdout.decode("utf-8", "replace")
        m = _REQUEST_ID.search(out)
        if done.returncode != 0 or m is None:
            why = done.stderr.decode("utf-8", "replace").strip()[:200]
            log.warning("lp to %s refused the job: %s", self.queue, why)
            state = self.status()
            if state is A4State.OK:
                state = A4State.OFFLINE
            raise A4Error("a4.refused", state, queue=self.queue, why=why)
        return m.group(1)

    def job_done(self, job_id: str) -> bool:
        """Not among the queue's unfinished jobs any more (``lpstat -W not-completed``)."""
        done = self._run("lpstat", "-W", "not-completed", "-o", self.queue)
        if done.returncode != 0:
            return False
        return not any(
            line.split(" ", 1)[0] == job_id for line in done.stdout.decode().splitlines()
        )

    def close(self) -> None:
        pass


def create(cfg: A4Config, ctx: BackendContext) -> CupsPrinter:
    server, queue = parse_uri(cfg.uri, cfg.server)
    return CupsPrinter(queue, server)
