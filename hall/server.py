"""Running the hall server: in the foreground (``serve``) or on a background thread.

``BackgroundHall`` is what the demo, the tests and the benchmark use: a real
uvicorn server on loopback in a daemon thread, ready (``/health`` answers)
when ``start()`` returns. A given port is reused after ``stop()``, so a test
can take the hall server down and bring it back at the same address.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from types import TracebackType

import requests
import uvicorn
from fastapi import FastAPI

from hall.app import create_app
from hall.backoffice_link import BackOfficeLink
from hall.checkin import AppointmentList
from hall.config import HallSettings
from hall.store import HallStore

log = logging.getLogger("hall.server")

DEFAULT_PORT = 8766


def serve(settings: HallSettings, host: str, port: int) -> None:
    """Serve until interrupted (Ctrl+C)."""
    if settings.open_hall:
        log.warning(
            "no device tokens: an open hall (demo) — any device on this machine may act;"
            " add tokens with `onewindow hall token add DEVICE --hall-config FILE`"
        )
    book = AppointmentList(b"") if settings.backoffice_url else None
    app = create_app(settings, checkin=book)
    link = None
    if settings.backoffice_url:
        link = BackOfficeLink(
            settings.backoffice_url,
            settings.backoffice_token,
            settings.hall_code,
            app.state.store,
            book,
        )
        link.start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=3)
    finally:
        if link is not None:
            link.stop()
        app.state.store.close()


class BackgroundHall:
    """A hall server on a daemon thread. Use from one thread (the one that owns it)."""

    def __init__(
        self,
        settings: HallSettings,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        checkin: object = None,
    ) -> None:
        self.settings = settings
        self.host = host
        self.port = port
        self.checkin = checkin
        self._app: FastAPI | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def store(self) -> HallStore:
        store: HallStore = self.app.state.store
        return store

    @property
    def app(self) -> FastAPI:
        if self._app is None:
            raise RuntimeError("hall server not started")
        return self._app

    def start(self) -> BackgroundHall:
        if self._thread is not None:
            return self
        self._app = create_app(self.settings, checkin=self.checkin)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._sock = sock
        config = uvicorn.Config(self._app, log_level="warning", timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"hall:{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if not self._thread.is_alive():
                raise RuntimeError("hall server failed to start (see the log)")
            if self._server.started:
                try:
                    if requests.get(self.url + "/health", timeout=1).status_code == 200:
                        return self
                except requests.RequestException:
                    pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError("hall server did not answer /health within 15 s")

    def stop(self) -> None:
        """Stop serving and close the store; the data stays."""
        if self._app is not None:
            self._app.state.closing = True  # the displays' streams end
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        if self._app is not None:
            self._app.state.store.close()
        self._app = self._server = self._thread = self._sock = None

    def __enter__(self) -> BackgroundHall:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
