"""Running the hall server: in the foreground (``serve``) or on a background thread.

``BackgroundHall`` is what the demo, the tests and the benchmark use: a real
uvicorn server on loopback in a daemon thread (backoffice.thread_server, the
runner the back office's BackgroundBackoffice uses too), ready (``/health``
answers) when ``start()`` returns. A given port is reused after ``stop()``, so a test
can take the hall server down and bring it back at the same address.
"""

from __future__ import annotations

import logging
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from backoffice.thread_server import ThreadServer
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
        self._runner: ThreadServer | None = None

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
        if self._runner is not None:
            return self
        self._app = create_app(self.settings, checkin=self.checkin)
        self._runner = ThreadServer(self._app, what="hall server", host=self.host, port=self.port)
        try:
            self._runner.start()
        except Exception:  # the runner stopped itself; the store closes
            self._runner = None
            self.stop()
            raise
        self.port = self._runner.port
        return self

    def stop(self) -> None:
        """Stop serving and close the store; the data stays."""
        if self._app is not None:
            self._app.state.closing = True  # the displays' streams end
        if self._runner is not None:
            self._runner.stop()
            self._runner = None
        if self._app is not None:
            self._app.state.store.close()
        self._app = None

    def __enter__(self) -> BackgroundHall:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
