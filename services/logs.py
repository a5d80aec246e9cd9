"""Logging to the device's log folder, with personal data kept out.

Code logs case ids and receipt numbers, never names, ID numbers, phones or
addresses. ``PersonalDataFilter`` is the safety net behind that rule: it
masks anything shaped like an ID or phone number before a record is written.
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


def scrub(text: str) -> str:
    text = _ID_RE.sub(lambda m: m.group(1)[:3] + "*" * 11 + m.group(3), text)
    return _PHONE_RE.sub(r"\1****\2", text)


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
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    err_h = logging.StreamHandler()
    handlers: list[logging.Handler] = [err_h]
    if path is None:
        err_h.setFormatter(logging.Formatter("%(levelname)s %(threadName)s %(name)s: %(message)s"))
    else:
        log_dir.mkdir(parents=True, exist_ok=True)
        err_h.setLevel(logging.WARNING)
        err_h.setFormatter(fmt)
        file_h = logging.handlers.RotatingFileHandler(
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
