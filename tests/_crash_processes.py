"""The processes of the crash trials: a killable back office and a device run.

``BackofficeChild`` runs tests/_backoffice_crash_child.py (the real back
office, restartable on one data dir and port); ``DeviceChild`` runs
tests/_sync_child.py once (a device saving and syncing cases). Used by
tests/_crash_trials.py; only the thread that made one may drive it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import requests

from tests._backoffice_fixture import free_port

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 60.0  # a loaded 2-core machine imports FastAPI slowly


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


class BackofficeChild:
    """The back office as a separate process, restartable on the same data dir and port.

    Only the thread that made it may call it.
    ``wrap`` is a command prefix (e.g. ``unshare -m sh -c ...``) that must
    end by exec'ing the child, so the process we hold is the back office.
    """

    def __init__(
        self,
        data_dir: Path,
        catalog: Path,
        workdir: Path,
        *,
        port: int = 0,
        wrap: Sequence[str] = (),
        extra: Sequence[str] = (),
    ) -> None:
        self.data_dir = data_dir
        self.catalog = catalog
        self.port_file = workdir / "backoffice.port"
        self.log = workdir / "backoffice.log"
        self.port = port or free_port()
        self.wrap = list(wrap)
        self.extra = list(extra)
        self.proc: subprocess.Popen[bytes] | None = None
        self.armed = False
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, die_finishing: int = 0, when: str = "before") -> None:
        """Start and wait until /health answers (the previous process must be gone).

        Devices retry all the time, so their requests may be served before
        /health is: an armed back office may die before this returns."""
        self.port_file.unlink(missing_ok=True)
        argv = [str(self.data_dir), str(self.port_file), "--port", str(self.port)]
        argv += ["--catalog", str(self.catalog), *self.extra]
        if die_finishing:
            argv += ["--die-finishing", str(die_finishing), "--when", when]
        with self.log.open("ab") as log:  # its tracebacks, for a post-mortem
            self.proc = subprocess.Popen(
                [*self.wrap, sys.executable, "-m", "tests._backoffice_crash_child", *argv],
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_env(),
            )
        self.armed = bool(die_finishing)
        self.starts += 1
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.proc.poll() is not None:
                if self.armed:  # devices got in before /health did: it died as armed to
                    return
                raise RuntimeError(f"back office exited at start ({self.proc.returncode})")
            if self.port_file.exists():
                with contextlib.suppress(requests.RequestException):
                    if requests.get(self.url + "/health", timeout=2).status_code == 200:
                        return
            if time.monotonic() > deadline:
                raise RuntimeError("back office did not answer /health in time")
            time.sleep(0.05)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        """End it gently (SIGTERM), SIGKILL if it lingers."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


class DeviceChild:
    """One run of tests/_sync_child.py; a reader thread of its own collects what it
    reports. Only the thread that made it may call its methods."""

    def __init__(
        self,
        data: Path,
        url: str,
        device_code: str,
        n_cases: int,
        seed: int,
        max_page: int = 14_000,
    ) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests._sync_child",
                str(data),
                url,
                str(n_cases),
                str(seed),
                device_code,
                str(max_page),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=_env(),
        )
        self.ready = threading.Event()
        self.submitted: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("ready"):
                self.ready.set()
            elif line.startswith("submitted "):
                self.submitted.append(line.split()[1])

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.finish()

    def finish(self) -> list[str]:
        """Wait for the process and its reader; the case ids it reported saved."""
        self.proc.wait(timeout=60)
        self._reader.join(timeout=10)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        return self.submitted
