"""One ASGI app served by uvicorn on a daemon thread: what the two background servers share.

``backoffice.server.BackgroundBackoffice`` and ``hall.server.BackgroundHall``
(the demo, the tests, the benchmarks) each run a real uvicorn server on
loopback in a thread of their own: bind the socket here (SO_REUSEADDR, so a
test can stop a server and start it again at the same port), run
``uvicorn.Server`` on it, wait until ``/health`` answers, and at the end ask it
to exit, join the thread and close the socket. ``ThreadServer`` is that, once.

Why here, in the back office's package: the helper needs uvicorn and requests,
which ``core`` (the Qt-free domain, dependency-light: pydantic and the standard
library) and ``wire`` (data only) do not import and should not; the back office
is the project's HTTP-service layer and the one layer below the hall that
already runs uvicorn, and the hall may import it (the layer contract in
pyproject.toml: hall above backoffice). This module imports nothing else of
the back office (a contract in pyproject.toml), so the hall shares with it only
the back office's store engines and this runner (docs/architecture.md).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Any

import requests
import uvicorn

log = logging.getLogger(__name__)


class ThreadServer:
    """uvicorn serving ``app`` on a daemon thread. ``start``/``stop`` from the thread
    that owns it (the owner of the background server using it); ``port`` is the bound
    one once started."""

    def __init__(
        self,
        app: Any,
        *,
        what: str,
        host: str = "127.0.0.1",
        port: int = 0,
        graceful_s: float = 2.0,
        startup_timeout_s: float = 15.0,
        ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None,
    ) -> None:
        self.app = app
        self.what = what  # "back office", "hall server": in errors and the thread's name
        self.host = host
        self.port = port
        self.graceful_s = graceful_s
        self.startup_timeout_s = startup_timeout_s
        self.ssl_certfile = ssl_certfile
        self.ssl_keyfile = ssl_keyfile
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.ssl_certfile else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def start(self) -> None:
        """Serve; returns once ``/health`` answers 200 (with TLS: once listening, there
        is no CA at hand to verify with). Raises RuntimeError, everything stopped, when
        the server fails or does not answer within ``startup_timeout_s``."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._sock = sock
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            ssl_certfile=self.ssl_certfile,
            ssl_keyfile=self.ssl_keyfile,
            timeout_graceful_shutdown=self.graceful_s,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"{self.what.replace(' ', '-')}:{self.port}",
            daemon=True,
        )
        self._thread.start()
        try:
            self._wait_ready()
        except Exception:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if not self._thread.is_alive():
                raise RuntimeError(f"{self.what} failed to start (see the log)")
            if self._server.started:
                if self.ssl_certfile:
                    return
                try:
                    if requests.get(self.url + "/health", timeout=1).status_code == 200:
                        return
                except requests.RequestException:
                    pass
            time.sleep(0.02)
        raise RuntimeError(f"{self.what} did not answer /health within {self.startup_timeout_s} s")

    def stop(self, join_s: float = 10.0) -> None:
        """Ask the server to exit, wait for its thread (at most ``join_s``), close the socket."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=join_s)
            if self._thread.is_alive():
                log.warning("%s thread did not stop in time", self.what)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None
