"""One device's parts wired together: config, store, catalog, calendar, devices, sync.

The kiosk, the counter, the CLI and the tests all start from a ``Runtime``.
It holds no Qt: the Qt side (widgets.bridge) passes callbacks that turn
device, sync and catalog events into signals.

The catalog in use is ``catalog``: the configured file, else the copy pulled
from the back office (``catalog.json`` in the data folder), else the sample.
``CatalogPoller`` asks for a newer one every ``sync.catalog_poll_s``; a new
catalog that validates replaces ``catalog`` (one reference swapped, so a
reader sees the old or the new whole) and ``on_catalog`` is called with it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import assets
from core.catalog import Catalog, Item
from core.config import Config, Role
from core.deadlines import WorkCalendar
from core.errors import CatalogError, ConfigError, OneWindowError, StorageError
from core.i18n import N_
from core.identity import Identity
from drivers import registry
from drivers.a4.device import A4Device
from drivers.base import DeviceStatus, Health
from drivers.manager import DeviceManager
from drivers.voice.device import VoiceDevice
from services.catalog_poller import CatalogPoller, write_durably
from services.heartbeat import HeartbeatCollector
from services.logs import setup_logging
from services.printing import PrintService
from services.remote import RemoteControl
from services.staff_session import StaffDesk
from services.staleness import mark_confirmed
from services.work_calendar import PulledCalendar
from sync.client import BackofficeClient
from sync.enrol import load_token
from sync.heartbeat import HeartbeatTimer
from sync.print_jobs import PrintJobStore
from sync.store import LocalStore
from sync.store.database import check_data_dir
from sync.worker import SyncStatus, SyncWorker

if TYPE_CHECKING:
    from services.queue import TicketDesk, WindowDesk

log = logging.getLogger(__name__)

# Scans no case, record or kept draft uses are deleted at start once older than this:
# a kiosk's session lives only in memory and takes minutes, so older ones were
# abandoned (or replaced and left by a crash), while a draft open in another window
# of this device keeps its pages.
UNATTACHED_FILE_AGE = dt.timedelta(hours=12)
# A counter's draft kept for a crash or power cut (sync.store.drafts) is offered back
# this long: a village station may stay dark over a long weekend.
DRAFT_KEEP = dt.timedelta(days=7)
# Catalogs replaced since start kept in memory, so the receipt of a session begun
# under one names its item as that catalog had it (a session outlives a few at most).
EARLIER_CATALOGS = 4
# How often the hall server's reachability is checked: a counter's panel needs it soon;
# a kiosk's round also reports offline tickets and tops up its number blocks.
HALL_CHECK_S = 30.0
HALL_KIOSK_S = 60.0
HALL_AWAY = N_("连不上大厅叫号服务器")


class Runtime:
    """Owns one device's parts. Create, start and close it on the main thread.

    Callbacks run on device or sync threads; receivers must hand them over to
    their own thread (the Qt bridge does this with queued signals).
    """

    def __init__(
        self,
        config: Config,
        *,
        on_device_status: Callable[[DeviceStatus], None] | None = None,
        on_card: Callable[[Identity, list[str]], None] | None = None,
        on_card_error: Callable[[OneWindowError], None] | None = None,
        on_sync_status: Callable[[SyncStatus], None] | None = None,
        on_catalog: Callable[[Catalog], None] | None = None,
        on_remote_config: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        registry.check(config.devices)  # an unknown backend stops the start, naming the key
        self.config = config
        self.data_dir = config.data_path
        check_data_dir(self.data_dir)  # a folder this user can write, or words that say why
        self.log_file = setup_logging(config.log_path)
        self.store = LocalStore(self.data_dir)
        if self.store.recovered_from is not None:
            log.error("local database was damaged; kept aside at %s", self.store.recovered_from)
        # What a damaged database lost (receipt numbers, "" when unknown), for the status
        # bar's first paint; the sync status keeps it current afterwards.
        self.unsalvaged_at_start = self.store.unsalvaged_receipts()
        try:
            self.store.sweep_drafts(DRAFT_KEEP)
            self.store.sweep_unattached(UNATTACHED_FILE_AGE)
        except StorageError:
            log.warning("unattached scans not swept at this start; the next start tries again")
        self.catalog_note = ""
        self.catalog = self._load_catalog()
        self.on_catalog = on_catalog
        self._earlier_catalogs: dict[str, Catalog] = {}  # version → a catalog replaced
        self._catalog_lock = threading.Lock()
        self._refused_catalog_etag = ""  # a catalog this device refused: not fetched again
        self.catalog_poller = CatalogPoller(
            self.refresh_catalog,
            config.sync.catalog_poll_s,
            at_start=self.refresh_calendar,
            is_current=self._has_catalog,
        )
        self.pulled_calendar = PulledCalendar(self.data_dir)
        bo = config.backoffice
        self.client = BackofficeClient(
            bo.url,
            token=bo.token or load_token(self.data_dir),
            ca_file=bo.ca_file,
            timeout_s=bo.timeout_s,
            proxy=bo.proxy,
            allow_plain_http=bo.allow_plain_http,
        )
        self.sync = SyncWorker(
            self.store,
            self.client,
            interval_s=config.sync.interval_s,
            on_status=on_sync_status,
            chunk_size=config.sync.chunk_kb * 1024,
            retention_days=config.sync.retention_days,
            hall_code=config.hall_code,
            device_code=config.device_code,
            feed_wait_s=config.sync.feed_wait_s,
        )
        self.devices = DeviceManager(
            config.devices,
            data_dir=self.data_dir,
            on_status=on_device_status,
            on_card=on_card,
            on_card_error=on_card_error,
        )
        # The kiosk's spoken guidance (the counter has no use for it: no voice there).
        voice_devices = config.devices
        if config.role is Role.COUNTER:
            voice_devices = voice_devices.model_copy(
                update={"voice": voice_devices.voice.model_copy(update={"backend": "none"})}
            )
        self.voice = VoiceDevice(voice_devices, data_dir=self.data_dir, on_status=on_device_status)
        # The A4 printer (drivers.a4): the kiosk's 证明打印, the counter's 窗口日报 on A4.
        self.a4 = A4Device(config.devices, data_dir=self.data_dir, on_status=on_device_status)
        self.heartbeat = HeartbeatCollector(
            self.store,
            self.data_dir,
            self._device_statuses,
            hall_code=config.hall_code,
            device_code=config.device_code,
            role=str(config.role),
            last_sync_at=lambda: self.sync.status().last_sync_at,
        )
        self.devices.add_printer_listener(self.heartbeat.printer_state_changed)
        # The back office's instructions come back with the heartbeat (services.remote).
        self._on_remote_config = on_remote_config
        self.remote = RemoteControl(
            self.client, config, log_file=self.log_file, on_apply=self._apply_remote
        )
        if config.sync.heartbeat_s > 0:
            self.sync.heartbeat = HeartbeatTimer(
                self.client,
                self._heartbeat_body,
                config.sync.heartbeat_s,
                on_answer=self._on_instructions,
            )
        self.printing = PrintService(
            PrintJobStore(self.store), self.devices, retention_days=config.sync.retention_days
        )
        # The hall's queue (取号) at a kiosk whose config names the hall server.
        hall = config.hall
        self.tickets: TicketDesk | None = None
        # The window's calling (叫号) at a counter whose config names the hall and window.
        self.calling: WindowDesk | None = None
        if hall.url and (config.role is Role.KIOSK or hall.window):
            # Loaded only when used: requests stays out of the first paint's imports.
            from services.queue import TicketDesk, WindowDesk
            from sync.hall_client import HallClient

            client = HallClient(
                hall.url, token=hall.token, device_code=config.device_code, timeout_s=hall.timeout_s
            )
            if config.role is Role.KIOSK:
                self.tickets = TicketDesk(
                    client,
                    self.data_dir,
                    block_size=hall.offline_block,
                    device_code=config.device_code,
                )
            else:
                self.calling = WindowDesk(client, hall.window)
        # Staff sign-in (the counter's, a station's; 帮办 at a kiosk): the back office's
        # accounts, and this device's cache of them for offline sign-in.
        self.staff = StaffDesk(self.client, self.store, self.data_dir, config.hall_code)
        self.hall_status: DeviceStatus | None = None
        self._on_device_status = on_device_status
        self._hall_stop = threading.Event()
        self._closed = False

    def _watch_hall(self) -> None:
        """The hall server's reachability, shown and reported like a device ("hall"): each
        round the kiosk reports its offline tickets and tops up its number blocks, the
        counter asks for the server's health. Thread ``ow-hall``."""
        desk, calling = self.tickets, self.calling
        while not self._hall_stop.is_set():
            try:
                if desk is not None:
                    up = desk.keep_up()
                else:
                    up = calling is not None and calling.client.health()
            except OneWindowError as exc:
                log.warning("hall queue: %s", exc.code)
                up = True  # it answered (with a refusal): reachable
            st = (
                DeviceStatus("hall", Health.OK, N_("正常"), backend="hall")
                if up
                else DeviceStatus("hall", Health.DEGRADED, HALL_AWAY, backend="hall")
            )
            if st != self.hall_status:
                self.hall_status = st
                if self._on_device_status is not None:
                    self._on_device_status(st)
            self._hall_stop.wait(HALL_CHECK_S if desk is None else HALL_KIOSK_S)

    def _heartbeat_body(self) -> dict[str, Any]:
        return {**self.heartbeat.collect(), **self.remote.report()}

    def _apply_remote(self, settings: dict[str, Any]) -> None:
        """Remote settings just applied (sync worker's thread): the sync and heartbeat
        intervals change at once, ``on_remote_config`` gets all of them (the kiosk's
        idle timeout, through a queued signal); the other keys wait for the next start
        (core.remote_config.LIVE_KEYS)."""
        self.config = self.remote.config
        if "sync.interval_s" in settings:
            self.sync.interval_s = float(settings["sync.interval_s"])
        if "sync.heartbeat_s" in settings and self.sync.heartbeat is not None:
            self.sync.heartbeat.interval_s = float(settings["sync.heartbeat_s"])
        if self._on_remote_config is not None:
            self._on_remote_config(settings)

    def _device_statuses(self) -> dict[str, DeviceStatus]:
        """Every device's latest health, the voice's included (the heartbeat's view)."""
        statuses = self.devices.status()
        voice = self.voice.status()
        if voice is not None:
            statuses[voice.device] = voice
        a4 = self.a4.status()
        if a4 is not None:  # 证明打印's A4 printer, on the kiosks that have one
            statuses[a4.device] = a4
        if self.hall_status is not None:  # the hall server, where the queue is configured
            statuses["hall"] = self.hall_status
        return statuses

    @property
    def catalog_cache(self) -> Path:
        return self.data_dir / "catalog.json"

    def _load_catalog(self) -> Catalog:
        if self.config.catalog_file:
            path = Path(self.config.catalog_file)
            try:
                return Catalog.load(path)
            except CatalogError as exc:  # the configured file: a config problem, named by key
                raise ConfigError(
                    "catalog_file",
                    "config.catalog_file_bad",
                    path=str(path),
                    detail=exc.message_words(),
                ) from None
        if self.catalog_cache.exists():
            try:
                return Catalog.load(self.catalog_cache)
            except CatalogError:
                log.warning("cached catalog is unreadable; using the sample catalog")
        self.catalog_note = "sample"
        return Catalog.load(assets.sample_catalog())

    @property
    def catalog_etag_file(self) -> Path:
        return self.data_dir / "catalog.etag"

    def _on_instructions(self, answer: dict[str, Any]) -> None:
        """The back office's answer to a heartbeat or a long poll (the sync worker's
        thread): remote configuration and log pulls, and which catalog it serves."""
        self.remote.handle(answer)
        etag = answer.get("catalog_etag")
        if isinstance(etag, str) and etag:
            self.catalog_poller.served(etag)

    def _has_catalog(self, etag: str) -> bool:
        """Whether the catalog this device uses (or refused) is the one with ``etag``."""
        mine = self.catalog_etag_file.read_text().strip() if self.catalog_etag_file.exists() else ""
        return etag in (mine, self._refused_catalog_etag)

    def refresh_catalog(self) -> bool:
        """Pull the catalog from the back office (If-None-Match); True when it changed.

        Runs on the catalog poller's thread (or a test's). The catalog is checked
        here too (core.catalog): one this device cannot use is refused, logged
        with its error code only, and the one in use kept; its ETag goes in the
        next requests' If-None-Match, so it is not downloaded again until the
        back office publishes another. A good one is saved to the data folder
        (atomically) before it is used, so a restart offline starts with it.
        """
        etag_file = self.catalog_etag_file
        etag = etag_file.read_text().strip() if etag_file.exists() else ""
        asked = ", ".join(t for t in (etag, self._refused_catalog_etag) if t) or None
        try:
            body, new_etag = self.client.get_catalog(asked)
        except OneWindowError as exc:
            log.info("catalog refresh skipped: %s", exc.code)
            return False
        if body is None or self._closed:
            if body is None and etag and etag_file.exists():
                mark_confirmed(etag_file)  # still current: its age starts again
            return False
        try:
            catalog = Catalog.from_json(body)
        except CatalogError as exc:
            self._refused_catalog_etag = new_etag or ""
            log.error(
                "catalog from the back office refused (%s); version %s stays in use",
                exc.code,
                self.catalog.version,
            )
            return False
        try:
            write_durably(self.catalog_cache, body)
            if new_etag:
                write_durably(etag_file, new_etag.encode())
        except OSError as exc:
            log.warning("pulled catalog not saved (%s); in use until restart", type(exc).__name__)
        self._refused_catalog_etag = ""
        log.info("catalog version %s pulled (%d items)", catalog.version, len(catalog.items))
        if not self.config.catalog_file and catalog != self.catalog:
            with self._catalog_lock:  # (the same content again keeps the object screens hold)
                old = self.catalog
                self._earlier_catalogs.pop(old.version, None)
                self._earlier_catalogs[old.version] = old
                while len(self._earlier_catalogs) > EARLIER_CATALOGS:
                    del self._earlier_catalogs[next(iter(self._earlier_catalogs))]
                self.catalog = catalog
            self.catalog_note = ""
            if self.on_catalog is not None:
                self.on_catalog(catalog)
        elif not self.config.catalog_file:
            self.catalog_note = ""
        return True

    def item_for(self, code: str, version: str = "") -> Item | None:
        """Item ``code`` as catalog ``version`` had it when this device held that
        version since start, else as the catalog in use has it, else as a catalog
        replaced since start had it; None when none has it. Any thread."""
        with self._catalog_lock:
            current = self.catalog
            earlier = self._earlier_catalogs.get(version) if version != current.version else None
            rest = list(reversed(self._earlier_catalogs.values()))
        for catalog in (earlier, current, *rest):
            if catalog is not None:
                try:
                    return catalog.item(code)
                except CatalogError:
                    continue
        return None

    @property
    def calendar(self) -> WorkCalendar | None:
        """The back office's working-day calendar as last pulled (None before the first)."""
        return self.pulled_calendar.calendar

    def refresh_calendar(self) -> bool:
        """Pull the working-day calendar (ETag); True when it changed. Background thread."""
        return self.pulled_calendar.refresh(self.client)

    def start(self) -> None:
        self.printing.start()
        self.devices.start()
        if self.voice.available:
            self.voice.start()
        if self.a4.available:
            self.a4.start()
        self.sync.start()
        # The catalog now and every sync.catalog_poll_s, the calendar once after it.
        self.catalog_poller.start()
        if self.tickets is not None or self.calling is not None:
            threading.Thread(target=self._watch_hall, name="ow-hall", daemon=True).start()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._hall_stop.set()
        self.catalog_poller.stop()
        self.sync.stop()
        self.devices.stop()
        self.voice.close()
        self.a4.close()
        self.store.close()
