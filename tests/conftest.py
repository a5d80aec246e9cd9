"""Shared fixtures. Qt runs offscreen; every test gets its own data folders."""

from __future__ import annotations

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
    "test_counter_flow",
    "test_gui_thread_writes",
    "test_idcard_serial",
    "test_kiosk_flow",
    "test_kiosk_touch",
    "test_kiosk_elder",
    "test_pickup",
    "test_printer_jobs",
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
}
SLOW_MODULES = {
    "test_api_fuzz",
    "test_backoffice_crash",
    "test_sync_crash",
    "test_sync_faults",
    "test_wheel",
    "test_deploy",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if module in INTEGRATION_MODULES:
            item.add_marker(pytest.mark.integration)
