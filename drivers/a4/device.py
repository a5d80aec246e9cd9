"""The A4 printer's owner: its backend, its ``ow-a4`` I/O thread, its health.

Like the voice (drivers.voice.device), the A4 printer is outside the device
manager: output only, used by one page (证明打印), with whole PDFs instead of
receipts. Its health goes out through the same ``on_status`` callback as the
other devices' and reaches the status bar the same way (widgets.bridge).
Qt-free.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from core.config import DevicesConfig
from core.errors import OneWindowError
from core.i18n import N_
from drivers import registry
from drivers.a4.base import A4, A4Error, A4Printer, A4State
from drivers.base import DeviceStatus, Health
from drivers.registry import BackendContext
from drivers.status_keeper import StatusKeeper

log = logging.getLogger(__name__)

A4_LABEL = N_("A4打印机")
A4_HEALTH: dict[A4State, tuple[Health, str]] = {
    A4State.OK: (Health.OK, N_("A4打印机就绪")),
    A4State.STOPPED: (Health.ABSENT, N_("A4打印机已暂停，请检查纸张和卡纸")),
    A4State.OFFLINE: (Health.ABSENT, N_("A4打印机未连接")),
}
A4_NOT_CONFIGURED = N_("未配置A4打印机")
A4_UNAVAILABLE = N_("A4打印机不可用")


def _failed(exc: BaseException) -> Future[Any]:
    fut: Future[Any] = Future()
    fut.set_exception(exc)
    return fut


class A4Device(StatusKeeper):
    """Owns the configured A4 backend and its I/O thread.

    Public methods may be called from any thread (in the kiosk, the GUI
    thread or the background lane) and return at once with a Future: the
    printer is only ever talked to on the ``ow-a4`` thread. ``on_status`` runs
    on that thread; receivers hand it over to their own.
    """

    device = A4

    def __init__(
        self,
        config: DevicesConfig,
        *,
        data_dir: Path,
        on_status: Callable[[DeviceStatus], None] | None = None,
        check_s: float = 10.0,
    ) -> None:
        self.config = config
        self.data_dir = Path(data_dir)
        self.on_status = on_status
        self.check_s = check_s
        self._backend: A4Printer | None = None
        self._exec: ThreadPoolExecutor | None = None
        self._status: DeviceStatus | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    @property
    def backend_name(self) -> str:
        return registry.backend_name(A4, self.config)

    @property
    def available(self) -> bool:
        """A backend is configured (it may still be down: see ``status``)."""
        return self.backend_name != registry.NONE

    @property
    def virtual(self) -> Any:
        """The virtual A4 printer when config chose it: the PDFs it kept."""
        b = self._backend
        return b if getattr(b, "backend", "") == "virtual" else None

    def status(self) -> DeviceStatus | None:
        return self._status

    @property
    def ready(self) -> bool:
        st = self._status
        return st is not None and st.health is not Health.ABSENT

    def start(self) -> None:
        """Create the backend and open it on the A4 thread; returns at once."""
        if self._exec is not None:
            return
        self._exec = ThreadPoolExecutor(1, thread_name_prefix="ow-a4")
        try:
            self._backend = registry.create(A4, self.config, BackendContext(self.data_dir))
        except OneWindowError as exc:
            self._set_status(Health.ABSENT, (A4_UNAVAILABLE, exc.message_words()))
            return
        if self._backend is None:
            self._set_status(Health.ABSENT, A4_NOT_CONFIGURED, registry.NONE)
            return
        self._submit(self._open)
        self._stop.clear()
        self._ticker = threading.Thread(target=self._tick_loop, name="ow-a4-tick", daemon=True)
        self._ticker.start()

    def print_pdf(self, pdf: bytes, title: str) -> Future[str]:
        """Print one PDF; the Future holds the job id, or the A4Error saying why not."""
        if self._backend is None:
            return _failed(A4Error("a4.not_configured", A4State.OFFLINE))
        return self._submit(self._print, pdf, title)

    def job_done(self, job_id: str) -> Future[bool]:
        """Whether the job has left the queue."""
        if self._backend is None:
            return _failed(A4Error("a4.not_configured", A4State.OFFLINE))
        return self._submit(self._backend.job_done, job_id)

    def check_now(self) -> Future[None]:
        """Ask the printer's state now (the 证明打印 page before it offers printing)."""
        return self._submit(self._check)

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=5)
            self._ticker = None
        ex, self._exec = self._exec, None
        if ex is None:
            return
        b = self._backend
        if b is not None:
            ex.submit(self._close_backend, b)
        ex.shutdown(wait=True, cancel_futures=False)

    # ---- the A4 thread ------------------------------------------------------
    def _submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        ex = self._exec
        if ex is None:
            return _failed(A4Error("a4.not_started", A4State.OFFLINE))
        try:
            return ex.submit(fn, *args)
        except RuntimeError:  # closing
            return _failed(A4Error("a4.not_started", A4State.OFFLINE))

    def _tick_loop(self) -> None:
        while not self._stop.wait(self.check_s):
            fut = self._submit(self._check)
            fut.add_done_callback(lambda f: f.exception())  # logged in _check

    def _open(self) -> None:
        b = self._backend
        assert b is not None
        try:
            b.open()
        except A4Error as exc:
            self._state(exc.state)
            return
        except Exception:
            log.exception("a4: open failed")
            self._set_status(Health.ABSENT, A4_UNAVAILABLE)
            return
        log.info("A4 printer ready (%s)", b.backend)
        self._check()

    def _check(self) -> None:
        b = self._backend
        if b is None:
            return
        try:
            self._state(b.status())
        except A4Error as exc:
            self._state(exc.state)
        except Exception:
            log.exception("a4: status failed")
            self._set_status(Health.ABSENT, A4_UNAVAILABLE)

    def _print(self, pdf: bytes, title: str) -> str:
        b = self._backend
        assert b is not None
        try:
            job = b.print_pdf(pdf, title)
        except A4Error as exc:
            self._state(exc.state)
            raise
        log.info("A4 job %s queued (%d bytes)", job, len(pdf))
        return job

    def _close_backend(self, b: A4Printer) -> None:
        try:
            b.close()
        except Exception:
            log.debug("a4: close failed", exc_info=True)

    def _state(self, state: A4State) -> None:
        self._set_status(*A4_HEALTH[state])
