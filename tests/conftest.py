"""Shared fixtures. Qt runs offscreen; every test gets its own data folders."""

from __future__ import annotations

import atexit
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Device I/O off the thread that owns the device fails (drivers.threads).
os.environ["ONEWINDOW_THREAD_CHECKS"] = "1"

import pytest


@pytest.fixture
def backoffice(tmp_path):
    """The reference back office over real HTTP on loopback."""
    from backoffice.server import BackgroundBackoffice

    with BackgroundBackoffice(tmp_path / "backoffice", port=0) as bo:
        yield bo


# `make check` runs the unit tests (under a minute); `make test` runs everything.
# Whole modules that start real daemons, subprocesses or both apps end to end
# are "integration"; the crash and chaos trials are "slow". Listed here, in
# one place, rather than in each file.
INTEGRATION_MODULES = {
    "test_cli",
    "test_bench_queue",  # a small simulated hall day
    "test_hall_display_browser",  # chromium through Selenium
    "test_counter_flow",
    "test_counter_drafts",  # a counter process killed mid-intake
    "test_counter_online",  # 网上预审件 at the window, with the back office
    "test_bundles_flow",  # 一件事 end to end
    "test_gui_thread_writes",
    "test_idcard_serial",
    "test_kiosk_flow",
    "test_kiosk_touch",
    "test_kiosk_elder",
    "test_pickup",
    "test_printer_jobs",
    "test_supplements",  # 补正 (issue 14, item 3)
    "test_sync_e2e",
    "test_sync_feed",  # long polls over real HTTP, idle windows measured
    "test_evaluation",
    "test_idcard_apps",
    "test_idcard_cli",
    "test_idcard_pcsc",
    "test_printer_apps",
    "test_printer_cli",
    "test_scan_cli",
    "test_scan_widget",
    "test_sync_enrol",
    "test_upload_finish_crash",
    "test_tus_odd_input",
    "test_tour",
    "test_kiosk_voice",
    "test_voice_speechd",
    "test_kiosk_help",  # the back office over HTTP, both apps
    "test_kiosk_card_removal",  # pcscd with vpcd
    "test_kiosk_card_material",  # both apps through the scan panel
    "test_review_pages",  # chromium through Selenium
    "test_catalog_live",  # both apps, the back office over HTTP
    "test_hotline_kiosk",  # 12345: both apps, chromium through Selenium
    "test_a4",  # 证明打印: a private cupsd with a cups-pdf queue (certs)
    "test_kiosk_certs",  # 证明打印: the kiosk, the back office over HTTP, a private cupsd
    "test_reuse_counter",  # 材料复用 at the counter, the back office over HTTP
}
SLOW_MODULES = {
    "test_api_fuzz",
    "test_backoffice_crash",
    "test_backoffice_workers",
    "test_sync_crash",
    "test_sync_faults",
    "test_wheel",
    "test_deploy",
}


# The longest modules first, longest at the head: `make test` hands whole modules to
# its workers in this order (--no-loadscope-reorder), so no long one starts last and
# runs on alone while the other workers stand idle (a ten-minute suite lost three).
LONG_MODULES_FIRST = (
    "test_api_fuzz",
    "test_deploy",
    "test_backoffice_crash",
    "test_sync_crash",
    "test_tour",
    "test_wheel",
    "test_scan_sizes",
    "test_backoffice_workers",
    "test_sync_faults",
    "test_kiosk_elder",
    "test_sync_feed",
    "test_scan_realdesk",
)


_RANK = {module: i for i, module in enumerate(LONG_MODULES_FIRST)}


def _module_name(item: pytest.Item) -> str:
    return item.module.__name__.rsplit(".", 1)[-1]


def pytest_collection_modifyitems(config, items):
    # stable: the modules not listed keep their order, after the listed ones
    items.sort(key=lambda item: _RANK.get(_module_name(item), len(_RANK)))
    for item in items:
        module = _module_name(item)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if module in INTEGRATION_MODULES:
            item.add_marker(pytest.mark.integration)


# The back office's tests run on both store engines: SQLite (the data folder's
# backoffice.db) and a real PostgreSQL (tests/_postgres.py, one server per
# session, a fresh database per test). The engine reaches every store a test
# opens, in this process and in the children it starts (``onewindow backoffice
# serve``, tests/_backoffice_child.py), through ONEWINDOW_BACKOFFICE_DB. Only
# these modules are doubled: the client-side tests (kiosk, counter, printing)
# never depend on the store's engine. A test that can only be SQLite (disk-full
# injection, damage done to the backoffice.db file, databases from before
# Alembic) is marked ``sqlite_only`` and says why.
BACKOFFICE_MODULES = {  # test_api_fuzz picks its engines itself (a module-wide server)
    "test_audit_verify",
    "test_backoffice",
    "test_backoffice_crash",
    "test_backoffice_workers",
    "test_calendar",
    "test_case_seal",
    "test_catalog_publish",
    "test_catalog_versions",
    "test_certificates",  # 证明打印 (certs)
    "test_commitment_backoffice",  # 告知承诺 (issue 16 item 1)
    "test_fleet",
    "test_log_pull",
    "test_blob_store",
    "test_bundles",  # 一件事
    "test_station_bundle",  # issue 16 item 10: the USB bundle
    "test_migrations",
    "test_progress_backoffice",  # issue 14 item 1
    "test_remote_config",
    "test_reuse_backoffice",  # issue 16 item 5: 电子材料库, 电子证照
    "test_review_pages",
    "test_sender_binding",
    "test_staff_auth",
    "test_staff_cli",
    "test_store_concurrency",
    "test_store_files_cleanup",
    "test_supplements",  # 补正 (issue 14, item 3)
    "test_sync_e2e",
    "test_sync_enrol",
    "test_sync_feed",
    "test_sync_records",
    "test_sync_reasons",
    "test_sync_trust",
    "test_sync_tus",
    "test_tus_expiry",
    "test_tus_odd_input",
    "test_upload_finish_crash",
    "test_upload_owner",
    "test_hotline",  # 12345 tickets (issue 14, item 4)
    "test_online_backoffice",  # 网上申报 and 网上预审 (issue 16, item 6)
}
ENGINES = ("sqlite", "postgresql")
# What `make test` runs on PostgreSQL too: the store's own concurrency and
# migrations, the whole HTTP API, and two workers sharing one upload. Every other
# back-office module runs there in `make test-postgresql` (ONEWINDOW_TEST_ENGINES=all,
# which CI runs after `make test`), so `make test` keeps to its ten minutes on two
# cores: a PostgreSQL run costs about what a SQLite one does, and doubling all of
# them took the suite to sixteen.
ENGINES_ALL_ENV = "ONEWINDOW_TEST_ENGINES"
POSTGRESQL_IN_MAKE_TEST = {
    "test_backoffice",
    "test_backoffice_workers",
    "test_blob_store",
    "test_migrations",
    "test_store_concurrency",
}


def engines_for(module: str) -> list:
    """The engines a back-office module runs on in this session (a later module's
    PostgreSQL run marked ``postgresql_later``: `make test-postgresql` selects them)."""
    if module in POSTGRESQL_IN_MAKE_TEST:
        return list(ENGINES)
    if os.environ.get(ENGINES_ALL_ENV) != "all":
        return ["sqlite"]
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql_later)]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only: a back-office test that can only run on SQLite (says why)"
    )
    config.addinivalue_line(
        "markers", "postgresql_later: run on PostgreSQL by `make test-postgresql` only"
    )


def pytest_generate_tests(metafunc):
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "bo_engine" not in metafunc.fixturenames or module not in BACKOFFICE_MODULES:
        return
    only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
    engines = ["sqlite"] if only_sqlite else engines_for(module)
    metafunc.parametrize("bo_engine", engines, indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    """The session's PostgreSQL (started on first use); fails when it cannot start."""
    from tests._postgres import PostgresMissing, PostgresServer

    try:
        server = PostgresServer()
    except PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    atexit.register(server.stop)  # also when the session dies before its teardown
    yield server.start()
    server.stop()


@pytest.fixture(autouse=True)
def bo_engine(request, monkeypatch):
    """The back office's store engine for this test: "sqlite" (default) or "postgresql"
    (a fresh database, named by ONEWINDOW_BACKOFFICE_DB for this test and its children)."""
    from backoffice.store.blobs import BLOBS_ENV
    from backoffice.store.database import DB_ENV

    monkeypatch.delenv(BLOBS_ENV, raising=False)  # each test's data folder keeps its own
    engine = getattr(request, "param", "sqlite")
    if engine == "sqlite":
        monkeypatch.delenv(DB_ENV, raising=False)
        yield engine
        return
    server = request.getfixturevalue("postgres_server")
    url = server.fresh_database()
    monkeypatch.setenv(DB_ENV, url)
    yield engine
    monkeypatch.delenv(DB_ENV, raising=False)
    server.drop(url)
