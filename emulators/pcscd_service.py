"""A pcscd of our own with a vpcd reader: for the tests, the bench and the demo.

pcscd always puts its socket at /run/pcscd/pcscd.comm. To never disturb the
machine's own pcscd (or another test run), ours runs in a private mount
namespace (``unshare -m``) where /run/pcscd is bind-mounted from our folder:
the socket appears in that folder and clients reach it by setting
``PCSCLITE_CSOCK_NAME`` before their first PC/SC call. Its vpcd reader
listens on a free port of its own.

Where namespaces are not allowed, and no pcscd is running, it runs pcscd
directly on the standard socket instead. Otherwise it cannot run, and says
why (PcscdUnavailable).

What it can do to the reader, and how that maps to real life:

* ``restart()``: pcscd stops (SIGTERM, or SIGKILL with ``hard=True``) and
  comes back: a daemon restart or crash.
* ``unplug_reader()`` / ``plug_reader()``: pcscd is restarted without and
  then with the vpcd reader in its configuration. vpcd has no way to drop a
  reader from a live pcscd (and pcscd only re-reads reader.conf at start),
  so a reader unplug is simulated as "the reader is gone from the list after
  a restart"; clients see the reader vanish and come back, as they do when
  a USB reader is pulled out and plugged in.

The owner (a test fixture, the bench, the demo) calls it from one thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

log = logging.getLogger(__name__)

READER_NAME = "OneWindow Virtual PCD"
SYSTEM_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_DRIVERS = (
    "/usr/lib/pcsc/drivers/serial/libifdvpcd.so",
    "/usr/lib64/pcsc/drivers/serial/libifdvpcd.so",
    "/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so",
)


class PcscdUnavailable(RuntimeError):
    """pcscd cannot be run here; the message says why."""


def vpcd_driver() -> str | None:
    return next((p for p in VPCD_DRIVERS if Path(p).exists()), None)


def pcscd_binary() -> str | None:
    return shutil.which("pcscd") or next(
        (p for p in ("/usr/sbin/pcscd", "/sbin/pcscd") if Path(p).exists()), None
    )


def socket_answers(path: Path) -> bool:
    """True when something accepts connections on the unix socket ``path``."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(0.5)
    try:
        s.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_port_pair() -> int:
    """A TCP port p with p and p+1 free (vpcd listens on one port per slot, two slots)."""
    for _ in range(50):
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
        if port >= 65535:
            continue
        try:
            with socket.socket() as b, socket.socket() as c:
                b.bind(("0.0.0.0", port))
                c.bind(("0.0.0.0", port + 1))
            return port
        except OSError:
            continue
    raise PcscdUnavailable("no free TCP port pair for vpcd")


class PrivatePcscd:
    """A pcscd process with one vpcd reader, owned by this process.

    ``reader_name`` is what PC/SC lists; ``vicc_port`` is where a virtual
    card connects (127.0.0.1). See the module docstring for the modes.
    """

    def __init__(self, root: Path, *, port: int | None = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port_pair()
        self.conf = self.root / "reader.conf"
        self.run_dir = self.root / "run"
        self.log_path = self.root / "pcscd.log"
        self.mode = ""  # "private" (own namespace) or "system" (standard socket)
        self._proc: subprocess.Popen[bytes] | None = None
        self.with_reader = True
        self.starts = 0

    @property
    def reader_name(self) -> str:
        return f"{READER_NAME} 00 00"

    @property
    def vicc_port(self) -> int:
        return self.port

    @property
    def socket_path(self) -> Path:
        """Where clients connect: our folder in both modes (a link to the standard
        socket in "system" mode), so the path is known before pcscd starts."""
        return self.run_dir / "pcscd.comm"

    def client_env(self) -> dict[str, str]:
        """What a client process needs in its environment to reach this pcscd."""
        return {"PCSCLITE_CSOCK_NAME": str(self.socket_path)}

    def use_in_this_process(self) -> None:
        """Point this process's PC/SC library at us. Call before its first PC/SC call."""
        os.environ.update(self.client_env())

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _write_conf(self, with_reader: bool) -> None:
        driver = vpcd_driver()
        if driver is None:
            raise PcscdUnavailable("vpcd is not installed (apt-get install vsmartcard-vpcd)")
        text = ""
        if with_reader:
            text = (
                f'FRIENDLYNAME "{READER_NAME}"\n'
                f"DEVICENAME   /dev/null:0x{self.port:04X}\n"
                f"LIBPATH      {driver}\n"
                f"CHANNELID    0x{self.port:04X}\n"
            )
        self.conf.write_text(text, encoding="ascii")

    def _command(self, private: bool) -> list[str]:
        pcscd = pcscd_binary()
        if pcscd is None:
            raise PcscdUnavailable("pcscd is not installed (apt-get install pcscd)")
        prefix = ["setpriv", "--pdeathsig", "TERM"] if shutil.which("setpriv") else []
        if private:
            script = 'mkdir -p /run/pcscd && mount --bind "$1" /run/pcscd && exec "$2" -f -c "$3"'
            return [
                *prefix,
                "unshare",
                "-m",
                "sh",
                "-c",
                script,
                "sh",
                str(self.run_dir),
                pcscd,
                str(self.conf),
            ]
        return [*prefix, pcscd, "-f", "-c", str(self.conf)]

    def _spawn(self, private: bool, timeout_s: float) -> str:
        """Start pcscd; '' when its socket answers, else why it did not."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        sock = self.socket_path if private else SYSTEM_SOCKET
        if private:
            with contextlib.suppress(FileNotFoundError):
                sock.unlink()
        log_file = self.log_path.open("ab")
        try:
            proc = subprocess.Popen(
                self._command(private),
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        finally:
            log_file.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-400:]
                return f"pcscd exited ({proc.returncode}): {tail.strip()}"
            if sock.exists() and socket_answers(sock):
                self._proc = proc
                return ""
            time.sleep(0.02)
        proc.kill()
        proc.wait()
        return "pcscd did not open its socket in time"

    def start(self, with_reader: bool = True, timeout_s: float = 10.0) -> None:
        """Start pcscd (with or without its reader); raises PcscdUnavailable."""
        if self.running:
            return
        self.with_reader = with_reader
        self._write_conf(with_reader)
        reasons = []
        if self.mode in ("", "private") and shutil.which("unshare"):
            why = self._spawn(private=True, timeout_s=timeout_s)
            if not why:
                self.mode = "private"
                self.starts += 1
                return
            reasons.append(f"private namespace: {why}")
        if self.mode in ("", "system"):
            if SYSTEM_SOCKET.exists() and socket_answers(SYSTEM_SOCKET) and self.mode == "":
                reasons.append("the system pcscd is running and cannot be shared for tests")
            else:
                why = self._spawn(private=False, timeout_s=timeout_s)
                if not why:
                    self.mode = "system"
                    self.starts += 1
                    with contextlib.suppress(FileNotFoundError):
                        self.socket_path.unlink()
                    self.socket_path.symlink_to(SYSTEM_SOCKET)
                    return
                reasons.append(f"standard socket: {why}")
        raise PcscdUnavailable("; ".join(reasons) or "pcscd cannot run here")

    def stop(self, *, hard: bool = False) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def restart(self, *, with_reader: bool | None = None, hard: bool = False) -> None:
        self.stop(hard=hard)
        self.start(self.with_reader if with_reader is None else with_reader)

    def unplug_reader(self) -> None:
        """The reader disappears (see the module docstring for how)."""
        self.restart(with_reader=False)

    def plug_reader(self) -> None:
        self.restart(with_reader=True)

    def __enter__(self) -> PrivatePcscd:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
