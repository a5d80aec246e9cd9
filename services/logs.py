"""Logging to the device's log folder, with personal data kept out.

Code logs case ids and receipt numbers, never names, ID numbers, phones or
addresses. ``PersonalDataFilter`` is the safety net behind that rule: it
masks anything shaped like an ID or phone number before a record is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
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


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``log_dir/onewindow.log`` (rotated) and stderr; returns the file."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "onewindow.log"
    root = logging.getLogger()
    for h in list(root.handlers):
        # Ours from an earlier call, or the unfiltered stderr handler that
        # python-escpos installs with logging.basicConfig() at import.
        if getattr(h, "_onewindow", False) or type(h) is logging.StreamHandler:
            root.removeHandler(h)
            if getattr(h, "_onewindow", False):
                h.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    file_h = logging.handlers.RotatingFileHandler(
        path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    err_h = logging.StreamHandler()
    err_h.setLevel(logging.WARNING)
    for h in (file_h, err_h):
        h.setFormatter(fmt)
        h.addFilter(PersonalDataFilter())
        h._onewindow = True  # type: ignore[attr-defined]
        root.addHandler(h)
    root.setLevel(level)
    return path
