"""The working-day calendar a device pulled from the back office, kept in its data folder.

``calendar.json`` holds the document as GET /api/v1/calendar served it and
``calendar.etag`` its ETag, written the way the catalog cache is (a temporary
file, then a rename). Services that compute promised dates pass
``PulledCalendar.calendar`` to core.intake, so the back office's years come
before chinesecalendar's (core.deadlines); with no calendar pulled yet it is
None and chinesecalendar, then weekdays, decide as before.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from core.deadlines import WorkCalendar
from core.errors import OneWindowError
from services.staleness import mark_confirmed
from sync.client import BackofficeClient

log = logging.getLogger(__name__)


class PulledCalendar:
    """The cached calendar and its refresh.

    ``refresh`` runs on a background thread (network); ``calendar`` may be read
    from any thread (a frozen WorkCalendar swapped under a lock).
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "calendar.json"
        self.etag_path = Path(data_dir) / "calendar.etag"
        self._lock = threading.Lock()
        self._calendar = self._load()

    @property
    def calendar(self) -> WorkCalendar | None:
        with self._lock:
            return self._calendar

    def _load(self) -> WorkCalendar | None:
        if not self.path.exists():
            return None
        try:
            return WorkCalendar.from_document(json.loads(self.path.read_bytes()))
        except (OneWindowError, ValueError, OSError):
            log.warning("cached working-day calendar is unreadable; pulling it again")
            self.etag_path.unlink(missing_ok=True)
            return None

    def refresh(self, client: BackofficeClient) -> bool:
        """Pull the calendar (ETag); True when it changed. A failure keeps the cached one."""
        etag = self.etag_path.read_text().strip() if self.etag_path.exists() else None
        try:
            body, new_etag = client.get_calendar(etag)
        except OneWindowError as exc:
            log.info("calendar refresh skipped: %s", exc.code)
            return False
        if body is None:
            if self.etag_path.exists():
                mark_confirmed(self.etag_path)  # still current (services.staleness)
            return False
        try:
            calendar = WorkCalendar.from_document(json.loads(body))
        except (OneWindowError, ValueError) as exc:
            log.warning("back office sent a bad calendar: %s", getattr(exc, "code", "json"))
            return False
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(body)
        tmp.replace(self.path)
        if new_etag:
            self.etag_path.write_text(new_etag)
        with self._lock:
            self._calendar = calendar
        return True
