"""Staff accounts, their passwords (scrypt) and their sign-in tokens.

Only a salted scrypt hash of a password and a SHA-256 of a token are kept;
neither a password nor a token is ever logged. Staff tokens start with
``st_`` and live in their own table, so a device token is never a staff
token and the other way round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from typing import Any

from backoffice.roles import Role
from backoffice.store.database import StoreDatabase, now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError

log = logging.getLogger("backoffice.store")

STAFF_TOKEN_PREFIX = "st_"
STAFF_TOKEN_TTL_S = 12 * 3600.0
MIN_PASSWORD = 10
MAX_PASSWORD = 256
LOGIN_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
HALL_RE = re.compile(r"[A-Z0-9]{2,12}")
# scrypt at n=2**14, r=8: 16 MiB and a few tens of milliseconds per check.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}
_DUMMY_SALT = b"\0" * 16
_FIELDS = ("login", "name", "role", "hall_code", "department", "created_at", "disabled_at")
MAX_DEPARTMENT = 64


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)


def _token_hash(token: str) -> str:
    """Tokens are random (256 bits), so a plain SHA-256 is enough at rest."""
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_rules(password: str) -> None:
    """InvalidError unless ``password`` is long enough (and not absurdly long)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidError(f"密码至少 {MIN_PASSWORD} 个字符，请换一个更长的", None)
    if len(password) > MAX_PASSWORD:
        raise InvalidError(f"密码最多 {MAX_PASSWORD} 个字符", None)


class StaffStore(StoreDatabase):
    """Staff accounts and tokens; part of BackofficeStore. Any thread."""

    def add_staff(
        self,
        login: str,
        name: str,
        role: str,
        password: str,
        hall_code: str = "",
        department: str = "",
    ) -> dict[str, Any]:
        """A new account. InvalidError for a bad login, name, role, hall, department or
        password; ConflictError when the login exists (disabled accounts keep theirs).
        ``department`` (部门) is what a reviewer's queue is made of (backoffice.web)."""
        if not LOGIN_RE.fullmatch(login):
            raise InvalidError(
                "登录名须为 2-32 个小写字母、数字或 . _ -，以字母或数字开头", {"field": "login"}
            )
        if not name.strip() or len(name) > 64:
            raise InvalidError("姓名不能为空，最多 64 个字符", {"field": "name"})
        if role not in {r.value for r in Role}:
            known = ", ".join(r.value for r in Role)
            raise InvalidError(f"角色 {role} 不存在；可选：{known}", {"field": "role"})
        if hall_code and not HALL_RE.fullmatch(hall_code):
            raise InvalidError("大厅编码须为 2-12 个大写字母或数字", {"field": "hall"})
        department = department.strip()
        if len(department) > MAX_DEPARTMENT or any(not c.isprintable() for c in department):
            raise InvalidError(
                f"部门名称最多 {MAX_DEPARTMENT} 个字符，不能含控制字符", {"field": "department"}
            )
        check_password_rules(password)
        salt = secrets.token_bytes(16)
        now = now_iso()
        with self._lock, self._db.atomic():
            if self._db.execute("SELECT 1 FROM staff WHERE login = ?", (login,)).fetchone():
                raise ConflictError(f"登录名 {login} 已存在", {"login": login})
            self._db.execute(
                "INSERT INTO staff (login, name, role, hall_code, department, pw_salt, pw_hash,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    login,
                    name.strip(),
                    role,
                    hall_code,
                    department,
                    salt,
                    hash_password(password, salt),
                    now,
                    now,
                ),
            )
        log.info("staff account %s added (%s)", login, role)
        return self.staff(login) or {}

    def staff(self, login: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(_FIELDS)} FROM staff WHERE login = ?", (login,)
            ).fetchone()
        return dict(zip(_FIELDS, row, strict=True)) if row else None

    def list_staff(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_FIELDS)} FROM staff ORDER BY login"
            ).fetchall()
        return [dict(zip(_FIELDS, r, strict=True)) for r in rows]

    def has_staff(self) -> bool:
        """Whether any enabled account exists (serve warns when none does)."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM staff WHERE disabled_at IS NULL LIMIT 1"
            ).fetchone()
        return row is not None

    def set_staff_disabled(self, login: str, disabled: bool = True) -> None:
        """Disable (its tokens end at once) or enable an account. NotFoundError if unknown."""
        now = now_iso()
        with self._lock, self._db.atomic():
            cur = self._db.execute(
                "UPDATE staff SET disabled_at = ?, updated_at = ? WHERE login = ?",
                (now if disabled else None, now, login),
            )
            if cur.rowcount == 0:
                raise NotFoundError(f"没有登录名 {login}；用 staff list 查看现有账号", None)
            if disabled:
                self._revoke_tokens(login, now)
        log.info("staff account %s %s", login, "disabled" if disabled else "enabled")

    def set_staff_password(self, login: str, password: str) -> None:
        """A new password; every token of the account ends. NotFoundError if unknown."""
        check_password_rules(password)
        salt = secrets.token_bytes(16)
        now = now_iso()
        with self._lock, self._db.atomic():
            cur = self._db.execute(
                "UPDATE staff SET pw_salt = ?, pw_hash = ?, updated_at = ? WHERE login = ?",
                (salt, hash_password(password, salt), now, login),
            )
            if cur.rowcount == 0:
                raise NotFoundError(f"没有登录名 {login}；用 staff list 查看现有账号", None)
            self._revoke_tokens(login, now)
        log.info("staff account %s: password changed", login)

    def _revoke_tokens(self, login: str, now: str) -> None:
        self._db.execute(
            "UPDATE staff_tokens SET revoked_at = ? WHERE login = ? AND revoked_at IS NULL",
            (now, login),
        )

    def sign_in(
        self, login: str, password: str, ttl_s: float = STAFF_TOKEN_TTL_S
    ) -> dict[str, Any] | None:
        """A new staff token for a right login and password of an enabled account, else None.

        Unknown logins cost the same scrypt as known ones (no timing hint).
        """
        with self._lock:
            row = self._db.execute(
                "SELECT pw_salt, pw_hash, disabled_at FROM staff WHERE login = ?", (login,)
            ).fetchone()
        salt, stored, disabled = row if row else (_DUMMY_SALT, b"", None)
        good = hmac.compare_digest(hash_password(password[:MAX_PASSWORD], salt), stored)
        if row is None or not good or disabled is not None:
            return None
        token = STAFF_TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.UTC)
        expires = (now + dt.timedelta(seconds=ttl_s)).isoformat(timespec="milliseconds")
        with self._lock, self._db.atomic():
            self._db.execute(
                "INSERT INTO staff_tokens (token_hash, login, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (_token_hash(token), login, now.isoformat(timespec="milliseconds"), expires),
            )
        account = self.staff(login) or {}
        return {"token": token, "expires_at": expires, **account}

    def staff_for_token(self, token: str) -> dict[str, Any] | None:
        """The enabled account holding the unexpired, not revoked staff ``token``, or None."""
        if not token.startswith(STAFF_TOKEN_PREFIX):
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT s.login, s.name, s.role, s.hall_code, s.department, t.expires_at"
                " FROM staff_tokens t"
                " JOIN staff s ON s.login = t.login WHERE t.token_hash = ?"
                " AND t.revoked_at IS NULL AND t.expires_at > ? AND s.disabled_at IS NULL",
                (_token_hash(token), now_iso()),
            ).fetchone()
        keys = ("login", "name", "role", "hall_code", "department", "expires_at")
        return dict(zip(keys, row, strict=True)) if row else None

    def sign_out(self, token: str) -> bool:
        with self._lock, self._db.atomic():
            cur = self._db.execute(
                "UPDATE staff_tokens SET revoked_at = ? WHERE token_hash = ?"
                " AND revoked_at IS NULL",
                (now_iso(), _token_hash(token)),
            )
        return cur.rowcount > 0
