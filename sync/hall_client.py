"""The hall server's client (wire.queue): kiosks take tickets, counters call them.

The hall server (``onewindow hall serve``) is on the hall's own network, so it
answers when the central back office does not; when it does not answer either,
``HallUnreachable`` says so and the kiosk issues from its reserved blocks
(services.queue). A refusal is ``HallRefused`` carrying the server's catalogue
code (core.messages ``queue.*``), so it reads in the device's language.

The device sends its hall token (``[hall] token``); on a demo hall without
tokens it names itself (``X-OneWindow-Device``), which the server accepts from
loopback only. Any thread may call a ``HallClient`` (each call is one request;
``requests.Session`` is shared only for its connection pool).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from core.errors import OneWindowError
from core.messages import MESSAGES
from wire.queue import (
    CallAnswer,
    CategoriesAnswer,
    DayStats,
    NumberBlock,
    OfflineAccepted,
    OfflineTicket,
    QueueStatus,
    Ticket,
    WindowState,
)

log = logging.getLogger(__name__)

API = "/api/v1/queue"
M = TypeVar("M", bound=BaseModel)


class HallUnreachable(OneWindowError):
    """The hall server did not answer (no route, refused, timed out, 5xx)."""

    code = "queue.offline"


class HallRefused(OneWindowError):
    """The hall server said no: ``code`` is its catalogue code, ``status`` the HTTP one."""

    code = "queue.bad_reply"

    def __init__(self, code: str | None = None, /, *, status: int = 0, **params: Any) -> None:
        super().__init__(code, **params)
        self.status = status


class HallClient:
    """One device's conversation with its hall server. Any thread."""

    def __init__(
        self, url: str, *, token: str = "", device_code: str = "", timeout_s: float = 3.0
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self._session = requests.Session()
        self._session.trust_env = False  # the hall's own network: never through a proxy
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"
        elif device_code:
            self._session.headers["X-OneWindow-Device"] = device_code

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def close(self) -> None:
        self._session.close()

    # ---- the conversation ---------------------------------------------------
    def _ask(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        if not self.url:
            raise HallRefused("queue.not_configured")
        try:
            reply = self._session.request(
                method, self.url + path, json=body, timeout=self.timeout_s
            )
        except requests.RequestException as exc:
            log.info("hall server %s: %s", path, type(exc).__name__)
            raise HallUnreachable() from None
        if reply.status_code >= 500:
            log.warning("hall server %s answered %d", path, reply.status_code)
            raise HallUnreachable()
        try:
            data = reply.json()
        except ValueError:
            raise HallRefused(status=reply.status_code) from None
        if reply.status_code >= 400:
            code = data.get("code") if isinstance(data, dict) else None
            params = data.get("params") if isinstance(data, dict) else None
            if not isinstance(code, str) or code not in MESSAGES:
                raise HallRefused(status=reply.status_code)
            raise HallRefused(
                code, status=reply.status_code, **(params if isinstance(params, dict) else {})
            )
        return data

    def _model(self, model: type[M], data: Any) -> M:
        try:
            return model.model_validate(data)
        except ValidationError:
            raise HallRefused() from None

    def health(self) -> bool:
        try:
            self._ask("GET", "/health")
        except OneWindowError:
            return False
        return True

    def categories(self) -> CategoriesAnswer:
        return self._model(CategoriesAnswer, self._ask("GET", API + "/categories"))

    def take(
        self,
        category: str,
        *,
        priority: str = "",
        id_number: str = "",
        appointment_code: str = "",
    ) -> Ticket:
        body = {
            "category": category,
            "priority": priority,
            "id_number": id_number,
            "appointment_code": appointment_code,
        }
        return self._model(Ticket, self._ask("POST", API + "/tickets", body))

    def printed(self, ticket_id: str) -> Ticket:
        return self._model(Ticket, self._ask("POST", f"{API}/tickets/{ticket_id}/printed"))

    def void(self, ticket_id: str) -> Ticket:
        return self._model(Ticket, self._ask("POST", f"{API}/tickets/{ticket_id}/void"))

    def reserve_block(self, category: str, day: str, size: int) -> NumberBlock:
        body = {"category": category, "day": day, "size": size}
        return self._model(NumberBlock, self._ask("POST", API + "/blocks", body))

    def report_offline(self, tickets: list[OfflineTicket]) -> OfflineAccepted:
        body = {"tickets": [t.model_dump() for t in tickets]}
        return self._model(OfflineAccepted, self._ask("POST", API + "/offline-tickets", body))

    def call(self, window: str, number: str = "") -> CallAnswer:
        body = {"number": number}
        return self._model(CallAnswer, self._ask("POST", f"{API}/windows/{window}/call", body))

    def recall(self, window: str) -> CallAnswer:
        return self._model(CallAnswer, self._ask("POST", f"{API}/windows/{window}/recall"))

    def _window(self, window: str, action: str, body: dict[str, Any] | None = None) -> WindowState:
        path = f"{API}/windows/{window}/{action}"
        return self._model(WindowState, self._ask("POST", path, body))

    def no_show(self, window: str) -> WindowState:
        return self._window(window, "no-show")

    def start(self, window: str) -> WindowState:
        return self._window(window, "start")

    def end(self, window: str, case_id: str = "") -> WindowState:
        return self._window(window, "end", {"case_id": case_id})

    def transfer(self, window: str, *, category: str = "", to_window: str = "") -> WindowState:
        return self._window(window, "transfer", {"category": category, "window": to_window})

    def walk_in(self, window: str) -> WindowState:
        return self._window(window, "walk-in")

    def pause(self, window: str) -> WindowState:
        return self._window(window, "pause")

    def resume(self, window: str) -> WindowState:
        return self._window(window, "resume")

    def window_state(self, window: str) -> WindowState:
        return self._model(WindowState, self._ask("GET", f"{API}/windows/{window}"))

    def status(self) -> QueueStatus:
        return self._model(QueueStatus, self._ask("GET", API + "/status"))

    def stats(self, day: str = "") -> DayStats:
        path = API + "/stats" + (f"?day={day}" if day else "")
        return self._model(DayStats, self._ask("GET", path))


def follow_display(
    url: str,
    on_event: Callable[[str, dict[str, Any]], None],
    stop: threading.Event,
    *,
    retry_s: float = 2.0,
) -> None:
    """Follow the hall's ``/display/events`` until ``stop``: ``on_event(name, data)`` for
    each server-sent event (``call``, ``status``); reconnects after ``retry_s`` when the
    server goes away. Blocks: run it on its own thread."""
    session = requests.Session()
    session.trust_env = False
    last_id = ""  # sent back on reconnecting: the calls made meanwhile still come
    while not stop.is_set():
        headers = {"Last-Event-ID": last_id} if last_id else {}
        try:
            with session.get(
                url.rstrip("/") + "/display/events", stream=True, timeout=(3, 30), headers=headers
            ) as reply:
                reply.raise_for_status()
                name, data = "message", ""
                for raw in reply.iter_lines(decode_unicode=True):
                    if stop.is_set():
                        return
                    if raw is None:
                        continue
                    if raw == "":
                        if data:
                            try:
                                on_event(name, json.loads(data))
                            except ValueError:
                                log.warning("display stream: an event that is not JSON")
                        name, data = "message", ""
                    elif raw.startswith("id:"):
                        last_id = raw[3:].strip()
                    elif raw.startswith("event:"):
                        name = raw[6:].strip()
                    elif raw.startswith("data:"):
                        data += raw[5:].strip()
        except requests.RequestException as exc:
            log.info("display stream: %s; again in %.0f s", type(exc).__name__, retry_s)
        stop.wait(retry_s)
