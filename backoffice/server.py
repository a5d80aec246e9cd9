"""Running the back office: in the foreground (``serve``) or on a background thread.

``BackgroundBackoffice`` is what the demo, the end-to-end tests and the UI
tests use: a real uvicorn server on loopback, in a daemon thread, ready
(``/health`` answers) when ``start()`` returns, stopped cleanly on exit.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI

from backoffice.app import DEFAULT_UPLOAD_EXPIRY_HOURS, create_app, prepare_data
from backoffice.asgi import SETTINGS_ENV, TOKENS_ENV, AppSettings, tokens_from_env
from backoffice.store import BackofficeStore, FleetLimits
from backoffice.store.database import DB_ENV
from backoffice.thread_server import ThreadServer

log = logging.getLogger(__name__)

# Long polls are held up to 50 s; at a stop they are cut after this many seconds (their
# devices try again). uvicorn's keep-alive (5 s between requests) suits the long poll:
# each device asks again right after an answer.
GRACEFUL_STOP_S = 5


def serve(
    host: str,
    port: int,
    data_dir: Path,
    catalog_path: Path | None = None,
    *,
    tokens: Collection[str] | None = None,
    open_access: bool = False,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    upload_expiry_hours: float = DEFAULT_UPLOAD_EXPIRY_HOURS,
    fleet_limits: FleetLimits | None = None,
    workers: int = 1,
    database_url: str | None = None,
) -> None:
    """Run the back office in the foreground until interrupted (Ctrl+C).

    Devices need a token from enrolment (``onewindow backoffice enroll``) or
    one of ``tokens`` (default: the comma-separated
    ``ONEWINDOW_BACKOFFICE_TOKENS`` environment variable). ``open_access``
    accepts every device (demo only). Uploads left unfinished for
    ``upload_expiry_hours`` expire; ``fleet_limits`` set the fleet's alarms.
    Staff sign in with accounts made by ``onewindow backoffice staff add``;
    open access never admits them without. ``workers`` > 1 runs that many
    worker processes on one listening socket (backoffice.asgi): they share
    only the database and the data folder.
    """
    if tokens is None:
        tokens = tokens_from_env()
    if open_access:
        log.warning("open access: every device is accepted without a token (demo mode)")
    options: dict[str, Any] = {
        "ssl_certfile": ssl_certfile,
        "ssl_keyfile": ssl_keyfile,
        "timeout_graceful_shutdown": GRACEFUL_STOP_S,
    }
    if workers > 1:
        if database_url:  # the workers open the same database (never on a command line)
            os.environ[DB_ENV] = database_url
        prepare_data(Path(data_dir), upload_expiry_hours)
        store = BackofficeStore(Path(data_dir))
        try:
            _warn_if_empty(store, data_dir, open_access, tokens)
        finally:
            store.close()
        settings = AppSettings(
            Path(data_dir),
            catalog_path,
            open_access=open_access,
            upload_expiry_hours=upload_expiry_hours,
            fleet_limits=fleet_limits or FleetLimits(),
        )
        os.environ[SETTINGS_ENV] = settings.to_json()  # the workers' only input
        if tokens:
            os.environ[TOKENS_ENV] = ",".join(sorted(tokens))
        uvicorn.run(
            "backoffice.asgi:create_worker_app",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="info",
            **options,
        )
        return
    app = create_app(
        Path(data_dir),
        catalog_path,
        tokens=tokens,
        open_access=open_access,
        upload_expiry_hours=upload_expiry_hours,
        fleet_limits=fleet_limits,
        database_url=database_url,
    )
    _warn_if_empty(app.state.store, data_dir, open_access, tokens)
    uvicorn.run(app, host=host, port=port, log_level="info", **options)


def _warn_if_empty(
    store: BackofficeStore, data_dir: Path, open_access: bool, tokens: Collection[str] | None
) -> None:
    if not open_access and not tokens and not store.has_devices():
        log.warning(
            "no device is enrolled yet: devices are refused until enrolled"
            " (onewindow backoffice enroll --data %s)",
            data_dir,
        )
    if not store.has_staff():
        log.warning(
            "no staff account yet: case decisions need one"
            " (onewindow backoffice staff add --data %s --login … --name … --role …)",
            data_dir,
        )


class BackgroundBackoffice:
    """A back office on a daemon thread, for the demo and the tests.

    Use as a context manager, or ``start()``/``stop()``, from one thread (the
    one that owns it). ``url`` is known once started. ``port=0`` picks a free
    port; a given port is reused after ``stop()`` (SO_REUSEADDR), so a test can
    take the back office down and bring it back at the same address.
    ``open_access`` defaults to True when no ``tokens`` are given (demo, tests);
    enrolled devices are always identified by their token.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        catalog_path: Path | None = None,
        port: int = 0,
        host: str = "127.0.0.1",
        tokens: Collection[str] | None = None,
        open_access: bool | None = None,
        ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None,
        startup_timeout_s: float = 15.0,
        database_url: str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.database_url = database_url
        self.catalog_path = catalog_path
        self.host = host
        self.port = port
        self.tokens = tokens
        self.open_access = tokens is None if open_access is None else open_access
        self.ssl_certfile = ssl_certfile
        self.ssl_keyfile = ssl_keyfile
        self.startup_timeout_s = startup_timeout_s
        self._app: FastAPI | None = None
        self._runner: ThreadServer | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.ssl_certfile else "http"
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def app(self) -> FastAPI:
        if self._app is None:
            raise RuntimeError("back office not started")
        return self._app

    @property
    def store(self) -> BackofficeStore:
        store: BackofficeStore = self.app.state.store
        return store

    def set_maintenance(self, retry_after_s: int | None) -> None:
        """Answer every API call with 503 + Retry-After (None ends maintenance)."""
        self.app.state.maintenance_retry_after = retry_after_s

    def start(self) -> BackgroundBackoffice:
        if self._runner is not None:
            return self
        self._app = create_app(
            self.data_dir,
            self.catalog_path,
            tokens=self.tokens,
            open_access=self.open_access,
            database_url=self.database_url,
        )
        self._runner = ThreadServer(
            self._app,
            what="back office",
            host=self.host,
            port=self.port,
            graceful_s=3,
            startup_timeout_s=self.startup_timeout_s,
            ssl_certfile=self.ssl_certfile,
            ssl_keyfile=self.ssl_keyfile,
        )
        try:
            self._runner.start()
        except Exception:  # the runner stopped itself; the store closes
            self._runner = None
            self.stop()
            raise
        self.port = self._runner.port
        log.info("back office listening at %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving and close the store; the data stays in ``data_dir``."""
        if self._app is not None:
            self._app.state.feed_watch.close()  # waiting long polls answer now
        if self._runner is not None:
            self._runner.stop()
            self._runner = None
        if self._app is not None:
            self._app.state.store.close()
            self._app.state.serving_lock.close()

    def __enter__(self) -> BackgroundBackoffice:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
