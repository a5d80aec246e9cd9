"""Logging to the device's log folder, with personal data kept out.

Code logs case ids and receipt numbers, never names, ID numbers, phones or
addresses. ``PersonalDataFilter`` and ``ScrubbingFormatter`` are the safety
net behind that rule: anything shaped like an ID or phone number is masked in
the whole written record — the message, a traceback (``exc_info``,
``exc_text``) and ``stack_info`` — and pydantic's ``input_value=…`` quotes are
dropped. Log files are created 0600 in a 0700 folder.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path

_ID_RE = re.compile(r"(?<![0-9A-Za-z-])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z-])")
_PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
# pydantic's ValidationError quotes the offending input (a name, an address…).
_INPUT_RE = re.compile(r"input_value=.*?(?=, input_type=|\]$|$)", re.MULTILINE)


def scrub(text: str) -> str:
    text = _ID_RE.sub(lambda m: m.group(1)[:3] + "*" * 11 + m.group(3), text)
    text = _PHONE_RE.sub(r"\1****\2", text)
    return _INPUT_RE.sub("input_value=(hidden)", text)


class ScrubbingFormatter(logging.Formatter):
    """Formats a record, then scrubs all of it, traceback and stack included. Any thread."""

    def format(self, record: logging.LogRecord) -> str:
        out = scrub(super().format(record))
        if record.exc_text:  # the cached traceback other handlers would reuse
            record.exc_text = scrub(record.exc_text)
        return out


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that only its owner can read (0600). Any thread may log."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(fd, 0o600)  # also when the file existed with wider permissions
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


class PersonalDataFilter(logging.Filter):
    """Masks ID and phone numbers in every record. Any thread may log."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        clean = scrub(msg)
        if clean != msg:
            record.msg, record.args = clean, None
        return True


def stderr_is_journal() -> bool:
    """True when systemd connected stderr to the journal (a service of the Debian package)."""
    expected = os.environ.get("JOURNAL_STREAM", "")
    try:
        st = os.fstat(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return bool(expected) and expected == f"{st.st_dev}:{st.st_ino}"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``log_dir/onewindow.log`` (rotated) and stderr; returns the file.

    Under systemd with stderr going to the journal, everything goes to the
    journal only (journald keeps time stamps and rotates) and None is returned.
    """
    journal = stderr_is_journal()
    path = None if journal else log_dir / "onewindow.log"
    root = logging.getLogger()
    for h in list(root.handlers):
        # Ours from an earlier call, or the unfiltered stderr handler that
        # python-escpos installs with logging.basicConfig() at import.
        if getattr(h, "_onewindow", False) or type(h) is logging.StreamHandler:
            root.removeHandler(h)
            if getattr(h, "_onewindow", False):
                h.close()
    fmt = ScrubbingFormatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    err_h = logging.StreamHandler()
    handlers: list[logging.Handler] = [err_h]
    if path is None:
        err_h.setFormatter(ScrubbingFormatter("%(levelname)s %(threadName)s %(name)s: %(message)s"))
    else:
        log_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(log_dir, 0o700)
        err_h.setLevel(logging.WARNING)
        err_h.setFormatter(fmt)
        file_h = PrivateRotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
        file_h.setFormatter(fmt)
        handlers.append(file_h)
    for h in handlers:
        h.addFilter(PersonalDataFilter())
        h._onewindow = True  # type: ignore[attr-defined]
        root.addHandler(h)
    root.setLevel(level)
    return path
