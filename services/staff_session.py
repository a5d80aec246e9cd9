"""Staff sign-in at a window or station: the back office's staff accounts, offline too.

A clerk signs in with the login and password of their staff account (the
back office's, ``onewindow backoffice staff add``). Online, the back office
checks them and gives the account (name, role, hall) and a staff token. Each
good online sign-in leaves, in this device's data folder, a cache entry:
the account and a scrypt hash of the password under a salt of this device
(never the back office's hash), sealed with the device key. When the back
office cannot be reached, the same login and password are checked against
that entry, for ``OFFLINE_DAYS`` after the last online sign-in — a village
station offline for days still opens, and only for people who signed in
there before.

Wrong passwords are counted per login on this device (kept in the same
sealed file, so a restart does not reset them): after ``MAX_FAILURES`` the
login is locked here for ``LOCK_S``. Only window roles sign in here (a
window clerk, a supervisor); a reviewer or an administrator is refused, and
so is an account bound to another hall.

What each role may do at the window is ``Clerk.may``: a clerk accepts and
hands out; a supervisor also waives 补正, approves a reprint and retries a
quarantined entry. Passwords are never logged or kept in plain text.

``StaffDesk`` calls the network: use it off the GUI thread; any thread (a lock
guards its file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import OneWindowError
from services.catalog_poller import write_durably
from sync.errors import Offline, ServerBusy, Unauthorized

log = logging.getLogger(__name__)

CACHE_FILE = "staff_cache.bin"
WINDOW_ROLES = frozenset({"clerk", "supervisor"})
SUPERVISOR_ACTS = frozenset({"waive", "reprint", "retry"})
MAX_FAILURES = 5
LOCK_S = 300
OFFLINE_DAYS = 30
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}
_PURPOSE = "staff-cache"


class StaffSignInError(OneWindowError):
    """A sign-in refused at the window: ``code`` says why (core.messages)."""

    code = "staff.refused"


@dataclass(frozen=True)
class Clerk:
    """A signed-in staff member at this device. ``token`` is the back office's staff
    token ("" when signed in offline). Plain data; any thread."""

    login: str
    name: str
    role: str
    hall_code: str = ""
    offline: bool = False
    token: str = ""

    @property
    def staff_no(self) -> str:
        """The 工号 printed and shown: the account's login, in capitals."""
        return self.login.upper()

    @property
    def label(self) -> str:
        """经办人 on paper and in the header: staff number and name."""
        return f"{self.staff_no} {self.name}"

    def may(self, act: str) -> bool:
        """May this role do ``act`` here: accept, hand_out (every window role), or the
        supervisor's waive, reprint (approve), retry (a quarantined entry)."""
        if act in SUPERVISOR_ACTS:
            return self.role == "supervisor"
        return self.role in WINDOW_ROLES


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StaffDesk:
    """Signs staff in and out at this device (see the module docstring). Any thread."""

    def __init__(self, client: Any, store: Any, data_dir: Path, hall_code: str) -> None:
        self.client = client
        self.store = store
        self.path = Path(data_dir) / CACHE_FILE
        self.hall_code = hall_code
        self._lock = threading.Lock()

    # ---- the sealed file --------------------------------------------------------------
    def _load(self) -> dict[str, Any]:
        try:
            blob = self.path.read_bytes()
        except FileNotFoundError:
            return {"accounts": {}, "failures": {}}
        try:
            data = json.loads(self.store.unseal(_PURPOSE, blob, CACHE_FILE))
        except Exception:  # another device key, or damaged: start again (online works)
            log.warning("staff sign-in cache unreadable; offline sign-in needs a new online one")
            return {"accounts": {}, "failures": {}}
        data.setdefault("accounts", {})
        data.setdefault("failures", {})
        return data

    def _save(self, data: dict[str, Any]) -> None:
        raw = json.dumps(data, ensure_ascii=False).encode()
        write_durably(self.path, self.store.seal(_PURPOSE, raw, CACHE_FILE))

    # ---- signing in ---------------------------------------------------------------------
    def sign_in(self, login: str, password: str) -> Clerk:
        """The account for ``login`` and ``password``, online or from the cache.

        Raises StaffSignInError naming why: empty fields, locked here, wrong login or
        password (with the tries left), not a window role, another hall's account,
        offline and never signed in here (or too long ago).
        """
        login = login.strip().lower()
        if not login or not password:
            raise StaffSignInError("staff.fields_missing")
        with self._lock:
            data = self._load()
            self._check_lock(data, login)
        try:
            answer = self.client.staff_sign_in(login, password)
        except Unauthorized:
            raise self._failed(login) from None
        except ServerBusy as exc:
            if exc.status == 429:
                raise StaffSignInError("staff.limited_at_backoffice") from None
            return self._offline(login, password)
        except Offline:
            return self._offline(login, password)
        clerk = Clerk(
            login=str(answer.get("login", login)),
            name=str(answer.get("name", "")),
            role=str(answer.get("role", "")),
            hall_code=str(answer.get("hall_code") or ""),
            token=str(answer.get("token", "")),
        )
        try:
            self._allowed(clerk)
        except StaffSignInError:
            self._end_token(clerk.token)
            raise
        self._remember(clerk, password)
        log.info("staff %s signed in (online, %s)", clerk.login, clerk.role)
        return clerk

    def _check_lock(self, data: dict[str, Any], login: str) -> None:
        f = data["failures"].get(login)
        if not f or f.get("count", 0) < MAX_FAILURES:
            return
        until = dt.datetime.fromisoformat(f["since"]) + dt.timedelta(seconds=LOCK_S)
        left = (until - _now()).total_seconds()
        if left > 0:
            raise StaffSignInError("staff.locked", minutes=max(1, round(left / 60)))
        del data["failures"][login]  # the lock has run out: a fresh count
        self._save(data)

    def _failed(self, login: str) -> StaffSignInError:
        """Count a wrong password for ``login``; the error to raise."""
        with self._lock:
            data = self._load()
            f = data["failures"].setdefault(login, {"count": 0})
            f["count"] = int(f.get("count", 0)) + 1
            f["since"] = _now().isoformat()
            self._save(data)
            left = MAX_FAILURES - f["count"]
        log.info("staff sign-in refused for %s (%d left)", login, max(0, left))
        if left <= 0:
            return StaffSignInError("staff.locked", minutes=round(LOCK_S / 60))
        return StaffSignInError("staff.wrong_password", left=left)

    def _allowed(self, clerk: Clerk) -> None:
        if clerk.role not in WINDOW_ROLES:
            raise StaffSignInError("staff.not_window_role", role=clerk.role)
        if clerk.hall_code and clerk.hall_code != self.hall_code:
            raise StaffSignInError("staff.other_hall", hall=clerk.hall_code)

    def _remember(self, clerk: Clerk, password: str) -> None:
        salt = secrets.token_bytes(16)
        with self._lock:
            data = self._load()
            data["accounts"][clerk.login] = {
                "name": clerk.name,
                "role": clerk.role,
                "hall_code": clerk.hall_code,
                "salt": salt.hex(),
                "hash": _hash(password, salt).hex(),
                "online_at": _now().isoformat(),
            }
            data["failures"].pop(clerk.login, None)
            self._save(data)

    def _offline(self, login: str, password: str) -> Clerk:
        with self._lock:
            entry = self._load()["accounts"].get(login)
        if entry is None:
            _hash(password, b"\0" * 16)  # the same cost as a known login
            raise StaffSignInError("staff.offline_unknown")
        good = hmac.compare_digest(
            _hash(password, bytes.fromhex(entry["salt"])), bytes.fromhex(entry["hash"])
        )
        if not good:
            raise self._failed(login)
        age = _now() - dt.datetime.fromisoformat(entry["online_at"])
        if age > dt.timedelta(days=OFFLINE_DAYS):
            raise StaffSignInError("staff.offline_expired", days=OFFLINE_DAYS)
        clerk = Clerk(login, entry["name"], entry["role"], entry["hall_code"], offline=True)
        self._allowed(clerk)
        with self._lock:
            data = self._load()
            if data["failures"].pop(login, None) is not None:
                self._save(data)
        log.info("staff %s signed in offline (%s)", login, clerk.role)
        return clerk

    # ---- approving, signing out ---------------------------------------------------------
    def approve(self, login: str, password: str, act: str) -> Clerk:
        """A supervisor's approval of ``act`` (e.g. a reprint): their own login and
        password, checked like a sign-in; the staff token it made is ended at once."""
        who = self.sign_in(login, password)
        self._end_token(who.token)
        if not who.may(act):
            raise StaffSignInError("staff.needs_supervisor")
        return who

    def sign_out(self, clerk: Clerk) -> None:
        """End the clerk's staff token at the back office (offline: nothing to end)."""
        self._end_token(clerk.token)
        log.info("staff %s signed out", clerk.login)

    def _end_token(self, token: str) -> None:
        if not token:
            return
        try:
            self.client.staff_sign_out(token)
        except OneWindowError as exc:  # it expires on its own
            log.info("staff token not ended now: %s", exc.code)
