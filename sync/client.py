"""HTTP client of the back office (requests), with every failure typed.

TLS is always verified: against the bundle requests ships (certifi), or
against ``backoffice.ca_file`` for a private back-office certificate. Nothing
here ever turns verification off, and nothing comes from the environment: no
``REQUESTS_CA_BUNDLE``, no proxy variables, no ``.netrc`` (``backoffice.proxy``
names a proxy; plain ``http://`` off this machine needs
``backoffice.allow_plain_http``). Replies are read defensively: a proxy's HTML
error page, an empty body or a body that is not JSON all become typed errors
(see sync.errors) with a short reason, never a crash.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import ipaddress
import json
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from core.errors import ConfigError
from core.messages import MESSAGES, Words
from sync.errors import (
    CertificateError,
    Conflict,
    NotFound,
    Offline,
    Rejected,
    ServerBusy,
    SyncError,
    Unauthorized,
)

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

USER_AGENT = "OneWindow-sync/0.1"
HEALTH_TIMEOUT_S = 3.0
# A long poll's answer may take its whole wait: the read timeout is the wait plus this
# (and never less than the client's own timeout), so a server that never answers still
# frees the thread soon after.
FEED_READ_MARGIN_S = 10.0
RETRY_AFTER_MAX_S = 24 * 3600.0

# 4xx replies that mean "this entry is invalid": quarantine, do not retry.
_REJECT_STATUSES = {400, 410, 411, 413, 414, 415, 422, 431}
_BUSY_STATUSES = {408, 425, 429}


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²": float() refuses what isdigit() takes
        return min(float(value), RETRY_AFTER_MAX_S)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return min(max(0.0, (when - now).total_seconds()), RETRY_AFTER_MAX_S)


_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAG_RE = re.compile(r"<[^>]+>")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reply_reason(resp: requests.Response) -> tuple[str, Any]:
    """(short reason, machine detail) from any reply: our JSON, other JSON, HTML, text."""
    try:
        data = resp.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        err = data.get("error") or data.get("message") or data.get("detail")
        detail = data.get("detail")
        code, params = data.get("code"), data.get("params") or {}
        if (
            isinstance(code, str)
            and code in MESSAGES
            and isinstance(params, dict)
            and all(isinstance(v, str | int | float) for v in params.values())
        ):  # the back office's catalogue words: said in this device's language
            return Words(code, **{str(k): v for k, v in params.items()}), detail
        if isinstance(err, str) and err:
            return _short(err), detail
        return _short(json.dumps(data, ensure_ascii=False)), detail
    text = resp.text or ""
    if "<" in text:
        m = _TITLE_RE.search(text)
        text = html.unescape(m.group(1) if m else _TAG_RE.sub(" ", text))
    text = _short(text)
    return (text or f"HTTP {resp.status_code} {resp.reason or ''}".strip()), None


class BackofficeClient:
    """Talks to the back office over HTTP(S). One per device.

    Any thread may call it: each thread gets its own requests.Session (the
    sync worker uploads while the catalog refresh runs on another thread);
    the session of a thread that has ended is closed when the next one is
    made, so short-lived threads leave neither sessions nor sockets behind.
    Methods raise the typed errors of sync.errors; ``health`` never raises.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str = "",
        ca_file: str = "",
        timeout_s: float = 10.0,
        proxy: str = "",
        allow_plain_http: bool = False,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError("backoffice.url", "config.backoffice_url", url=base_url)
        if ca_file and not Path(ca_file).is_file():
            raise ConfigError("backoffice.ca_file", "config.ca_file_missing", path=ca_file)
        if parts.scheme == "http" and not _is_loopback(parts.hostname):
            if not allow_plain_http:
                raise ConfigError("backoffice.url", "config.plain_http", url=base_url)
            log.warning("back office %s is plain HTTP: use https outside a test bench", base_url)
        if proxy and urlsplit(proxy).scheme not in ("http", "https", "socks5", "socks5h"):
            raise ConfigError("backoffice.proxy", "config.proxy_url", url=proxy)
        self.proxy = proxy
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s
        self.feed_margin_s = FEED_READ_MARGIN_S  # a long poll's read timeout: wait + this
        # TLS verification is never disabled: the system CAs, or the configured CA bundle.
        self._verify: bool | str = ca_file or True
        self._local = threading.local()
        self._sessions: list[tuple[threading.Thread, requests.Session]] = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ plumbing

    def _session(self) -> requests.Session:
        s: requests.Session | None = getattr(self._local, "session", None)
        if s is None:
            # requests loads with the first request (a sync or catalog thread), not at start
            import requests

            s = requests.Session()
            # Only configured roots and proxies: the environment (REQUESTS_CA_BUNDLE,
            # HTTP(S)_PROXY, .netrc) is not consulted.
            s.trust_env = False
            if self.proxy:
                s.proxies = {"http": self.proxy, "https": self.proxy}
            s.headers["User-Agent"] = USER_AGENT
            if self.token:
                s.headers["Authorization"] = f"Bearer {self.token}"
            self._local.session = s
            with self._lock:
                ended = [old for t, old in self._sessions if not t.is_alive()]
                self._sessions = [(t, old) for t, old in self._sessions if t.is_alive()]
                self._sessions.append((threading.current_thread(), s))
            for old in ended:
                old.close()
        return s

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for _t, s in sessions:
            s.close()
        self._local = threading.local()

    def _timeout(self, read: float | None = None) -> tuple[float, float]:
        read = self.timeout_s if read is None else read
        return (min(5.0, read), read)

    def request(
        self, method: str, path_or_url: str, *, read_timeout: float | None = None, **kw: Any
    ) -> requests.Response:
        """One request to the back office (a path, or a URL on the back office's host),
        with the device token, verified TLS and typed errors for anything but 2xx/304."""
        url = path_or_url
        if not url.startswith(("http://", "https://")):
            url = self.base_url + path_or_url
        elif not url.startswith(self.base_url + "/"):
            raise SyncError("sync.foreign_url")
        return self._send(
            method, url[len(self.base_url) :], timeout=self._timeout(read_timeout), **kw
        )

    def _send(
        self, method: str, path: str, *, timeout: tuple[float, float] | None = None, **kw: Any
    ) -> requests.Response:
        url = self.base_url + path
        kw.setdefault("allow_redirects", method == "GET")
        # verify is passed per request: a Session.verify path would be overridden by
        # REQUESTS_CA_BUNDLE from the environment (requests issue #3829).
        kw["verify"] = self._verify
        import requests

        try:
            resp = self._session().request(method, url, timeout=timeout or self._timeout(), **kw)
        except requests.exceptions.SSLError as exc:
            log.warning("TLS verification of %s failed: %s", self.base_url, type(exc).__name__)
            raise CertificateError("sync_certificate") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            raise Offline("sync_offline", error=type(exc).__name__) from None
        except requests.exceptions.RequestException as exc:
            raise SyncError("sync.request_failed", error=type(exc).__name__) from None
        self._check(resp)
        return resp

    def _check(self, resp: requests.Response) -> None:
        status = resp.status_code
        if status < 300 or status == 304:
            return
        reason, detail = reply_reason(resp)
        if status in (401, 403):
            raise Unauthorized("sync_unauthorized", status=status)
        if status == 409:
            raise Conflict(reason, status=status, detail=detail)
        if status >= 500 or status in _BUSY_STATUSES:
            raise ServerBusy(
                "sync_busy",
                status=status,
                retry_after=parse_retry_after(resp.headers.get("Retry-After")),
                reason=reason,
            )
        if status == 404:
            raise NotFound("sync_not_found", status=status, reason=reason)
        if status in _REJECT_STATUSES:
            raise Rejected(reason, status=status, detail=detail)
        raise SyncError("sync.bad_reply", status=status, reason=reason)

    @staticmethod
    def _json(resp: requests.Response) -> dict[str, Any]:
        try:
            data = resp.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise SyncError("sync.not_json", status=resp.status_code)
        return data

    # ------------------------------------------------------------------ API

    def health(self) -> bool:
        """True when GET /health answers 200 in a few seconds; never raises."""
        import requests

        try:
            resp = self._session().get(
                self.base_url + "/health",
                timeout=self._timeout(min(self.timeout_s, HEALTH_TIMEOUT_S)),
                allow_redirects=False,
                verify=self._verify,
            )
        except requests.exceptions.RequestException:
            return False
        return resp.status_code == 200

    def get_catalog(self, etag: str | None) -> tuple[bytes | None, str | None]:
        """(catalog bytes, ETag); (None, etag) when unchanged since ``etag`` (304)."""
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._send("GET", "/api/v1/catalog", headers=headers)
        if resp.status_code == 304:
            return None, resp.headers.get("ETag") or etag
        return resp.content, resp.headers.get("ETag")

    def get_calendar(self, etag: str | None) -> tuple[bytes | None, str | None]:
        """(working-day calendar bytes, ETag); (None, etag) when unchanged since ``etag`` (304)."""
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._send("GET", "/api/v1/calendar", headers=headers)
        if resp.status_code == 304:
            return None, resp.headers.get("ETag") or etag
        return resp.content, resp.headers.get("ETag")

    def upload_file(self, file_id: str, data: bytes, sha256: str) -> None:
        """PUT one file; the back office checks the hash. Idempotent."""
        self._send(
            "PUT",
            f"/api/v1/files/{quote(file_id, safe='')}",
            data=data,
            headers={"X-Content-SHA256": sha256, "Content-Type": "application/octet-stream"},
            timeout=self._timeout(max(self.timeout_s, len(data) / 100_000)),
        )

    def put_case(self, case_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """PUT the case body under its id; the answer (id, receipt_no, state, received_at)."""
        resp = self._send("PUT", f"/api/v1/cases/{quote(case_id, safe='')}", json=body)
        return self._json(resp)

    def case_status(self, case_id: str) -> dict[str, Any]:
        """{"id", "receipt_no", "state", "reason"}; NotFound when the back office lacks it."""
        return self._json(self._send("GET", f"/api/v1/cases/{quote(case_id, safe='')}"))

    def status_changes(self, cursor: int = 0, device: str = "", hall: str = "") -> dict[str, Any]:
        """The status feed after ``cursor``: {"changes": [...], "cursor": n}.

        An enrolled device gets its own cases' changes whatever it asks; the
        ``device`` and ``hall`` filters serve a back office in open (demo) mode.
        """
        params: dict[str, Any] = {"cursor": cursor}
        if device:
            params["device"] = device
        if hall:
            params["hall"] = hall
        data = self._json(self._send("GET", "/api/v1/status", params=params))
        if not isinstance(data.get("changes"), list) or not isinstance(data.get("cursor"), int):
            raise SyncError("sync.bad_status_reply")
        return data

    def feed(
        self,
        cursor: int = 0,
        wait_s: float = 0.0,
        heartbeat: dict[str, Any] | None = None,
        device: str = "",
        hall: str = "",
    ) -> dict[str, Any]:
        """The long poll ``POST /api/v1/devices/self/feed``: the status changes after
        ``cursor``, waiting up to ``wait_s`` for one; {"changes", "cursor", "heartbeat_at"}.

        ``heartbeat`` (wire.heartbeat.Heartbeat as JSON) rides along and is recorded
        for an enrolled device. Blocks the calling thread for up to ``wait_s`` plus
        the read margin. NotFound: the back office predates the long poll.
        """
        body: dict[str, Any] = {"cursor": cursor, "wait_s": wait_s}
        if heartbeat is not None:
            body["heartbeat"] = heartbeat
        if device:
            body["device_code"] = device
        if hall:
            body["hall_code"] = hall
        read = max(self.timeout_s, wait_s + self.feed_margin_s)
        path = "/api/v1/devices/self/feed"
        data = self._json(self._send("POST", path, json=body, timeout=self._timeout(read)))
        if not isinstance(data.get("changes"), list) or not isinstance(data.get("cursor"), int):
            raise SyncError("sync.bad_status_reply")
        return data

    def put_record(self, kind: str, record_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """PUT a supplement, evaluation, consultation, hand-over or help request under its id
        (idempotent)."""
        path = {
            "supplement": "supplements",
            "evaluation": "evaluations",
            "consultation": "consultations",
            "handover": "handovers",
            "help": "help-requests",
        }[kind]
        return self._json(
            self._send("PUT", f"/api/v1/{path}/{quote(record_id, safe='')}", json=body)
        )

    def outstanding_supplements(
        self, *, id_number: str = "", receipt_no: str = "", check_code: str = ""
    ) -> list[dict[str, Any]]:
        """补正: the cases of the card holder (``id_number``), or the one case of
        ``receipt_no`` with its ``check_code``, and what each still owes. NotFound when the
        receipt and code match no case."""
        body = {"id_number": id_number, "receipt_no": receipt_no, "check_code": check_code}
        data = self._json(self._send("POST", "/api/v1/supplements/outstanding", json=body))
        rows = data.get("cases")
        if not isinstance(rows, list):
            raise SyncError("sync.bad_status_reply")
        return rows

    def progress(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """进度查询 (wire.progress.ProgressRequest as JSON): the cases found, without personal
        data but the masked name; NotFound for a receipt and check code that match nothing."""
        data = self._json(self._send("POST", "/api/v1/progress", json=body))
        rows = data.get("cases")
        if not isinstance(rows, list):
            raise SyncError("sync.bad_status_reply")
        return rows

    def lookup_tickets(
        self, *, ticket_no: str = "", check_code: str = "", id_number: str = ""
    ) -> list[dict[str, Any]]:
        """12345 tickets and their answers (wire.hotline): one by number and check code
        (NotFound when they do not match), or the card holder's by ID number."""
        body = {"ticket_no": ticket_no, "check_code": check_code, "id_number": id_number}
        data = self._json(self._send("POST", "/api/v1/consultations/lookup", json=body))
        rows = data.get("tickets")
        if not isinstance(rows, list):
            raise SyncError("sync.bad_status_reply")
        return rows

    def help_requests(self, hall: str) -> list[dict[str, Any]]:
        """The hall's open help requests (呼叫工作人员), oldest first."""
        data = self._json(self._send("GET", "/api/v1/help-requests", params={"hall": hall}))
        rows = data.get("requests")
        if not isinstance(rows, list):
            raise SyncError("sync.bad_status_reply")
        return rows

    def mark_help_handled(self, request_id: str) -> dict[str, Any]:
        """已处理: staff came to the device that called."""
        path = f"/api/v1/help-requests/{quote(request_id, safe='')}/handled"
        return self._json(self._send("POST", path))

    def certificate(self, body: dict[str, Any]) -> dict[str, Any]:
        """证明打印: the card holder's certificate (PDF as base64, code, verify URL).

        NotFound when the registry has none for the holder; a PDF takes a while
        to draw, so the read may wait up to a minute."""
        resp = self._send(
            "POST",
            "/api/v1/certificates",
            json=body,
            timeout=self._timeout(max(self.timeout_s, 60.0)),
        )
        return self._json(resp)

    # ---- 网上预审件 (the window's signed-in clerk named by their staff token) ----------
    def online_pull(
        self, staff_token: str, *, number: str = "", id_number: str = ""
    ) -> list[dict[str, Any]]:
        """The online application of ``number``, or the card holder's (wire.online
        OnlineApplication as JSON). NotFound for a number that matches none."""
        body = {"number": number} if number else {"id_number": id_number}
        resp = self._send(
            "POST", "/api/v1/online/pull", json=body, headers={"X-Staff-Token": staff_token}
        )
        rows = self._json(resp).get("applications")
        if not isinstance(rows, list):
            raise SyncError("sync.bad_status_reply")
        return rows

    def online_file(self, staff_token: str, number: str, seq: int) -> bytes:
        """One uploaded scan of an online application, as uploaded."""
        resp = self._send(
            "GET",
            f"/api/v1/online/{number}/files/{int(seq)}",
            headers={"X-Staff-Token": staff_token},
        )
        return resp.content

    def online_take(
        self, staff_token: str, number: str, case_id: str, receipt_no: str = ""
    ) -> dict[str, Any]:
        """当场受理: the application becomes case ``case_id`` (exactly once; Conflict when
        it is another case's or not pre-reviewed)."""
        resp = self._send(
            "POST",
            f"/api/v1/online/{number}/take",
            json={"case_id": case_id, "receipt_no": receipt_no},
            headers={"X-Staff-Token": staff_token},
        )
        return self._json(resp)

    def commitment_eligibility(self, id_number: str) -> dict[str, Any]:
        """告知承诺: may this card's holder sign a 承诺书 (POST /api/v1/commitment/eligibility,
        the number in the body): ``{"allowed": bool, "reason": code}``. Offline, NotFound
        (an older back office) and the other SyncErrors as any request."""
        resp = self._send("POST", "/api/v1/commitment/eligibility", json={"id_number": id_number})
        return self._json(resp)

    def reuse_offer(self, body: dict[str, Any]) -> dict[str, Any]:
        """材料复用: what the card holder's kept materials and e-licences are
        (POST /api/v1/reuse/offer, wire.reuse). Forbidden without the consent."""
        return self._json(self._send("POST", "/api/v1/reuse/offer", json=body))

    def reuse_fetch(self, body: dict[str, Any]) -> dict[str, Any]:
        """One kept material or e-licence as a PDF (POST /api/v1/reuse/fetch); an
        e-licence is drawn first, so the read may wait up to a minute."""
        resp = self._send(
            "POST",
            "/api/v1/reuse/fetch",
            json=body,
            timeout=self._timeout(max(self.timeout_s, 60.0)),
        )
        return self._json(resp)

    def staff_sign_in(self, login: str, password: str) -> dict[str, Any]:
        """A staff account's sign-in at this device (POST /api/v1/staff/sign-in): the
        account and a staff token. Unauthorized for a wrong login or password, ServerBusy
        (429) while the back office limits this address. The password is never logged."""
        resp = self._send(
            "POST", "/api/v1/staff/sign-in", json={"login": login, "password": password}
        )
        return self._json(resp)

    def staff_sign_out(self, staff_token: str) -> None:
        """End a staff token (POST /api/v1/staff/sign-out, sent with that token)."""
        self._send(
            "POST", "/api/v1/staff/sign-out", headers={"Authorization": f"Bearer {staff_token}"}
        )

    def send_heartbeat(self, body: dict[str, Any]) -> dict[str, Any]:
        """PUT this device's heartbeat (wire.heartbeat.Heartbeat as JSON): one small
        request; the answer says when it was received."""
        return self._json(
            self._send(
                "PUT",
                "/api/v1/devices/self/heartbeat",
                json=body,
                timeout=self._timeout(min(self.timeout_s, HEALTH_TIMEOUT_S * 2)),
            )
        )

    def get_device_config(self, etag: str | None) -> tuple[dict[str, Any] | None, str | None]:
        """(this device's signed remote configuration, ETag); (None, etag) when unchanged
        since ``etag`` (304). NotFound when nobody set one for it or its hall."""
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._send("GET", "/api/v1/devices/self/config", headers=headers)
        if resp.status_code == 304:
            return None, resp.headers.get("ETag") or etag
        return self._json(resp), resp.headers.get("ETag")

    def put_logs(self, request_id: str, text: str) -> dict[str, Any]:
        """PUT this device's answer to log request ``request_id`` (scrubbed lines, once)."""
        data = text.encode("utf-8")
        return self._json(
            self._send(
                "PUT",
                f"/api/v1/devices/self/logs/{quote(request_id, safe='')}",
                data=data,
                headers={"Content-Type": "text/plain; charset=utf-8"},
                timeout=self._timeout(max(self.timeout_s, len(data) / 100_000)),
            )
        )

    def enrol(
        self, code: str, hall_code: str, device_code: str, public_key: str | None = None
    ) -> dict[str, Any]:
        """Exchange a one-time enrolment code for this device's token (needs no token),
        registering ``public_key``, the device's case-signing key, when given."""
        body = {"code": code, "hall_code": hall_code, "device_code": device_code}
        if public_key:
            body["public_key"] = public_key
        try:
            data = self._json(self._send("POST", "/api/v1/enrol", json=body))
        except Unauthorized as exc:
            raise Unauthorized("sync_unauthorized.enrol_code", status=exc.status) from None
        if not isinstance(data.get("token"), str) or not data["token"]:
            raise SyncError("sync.no_token")
        return data


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
