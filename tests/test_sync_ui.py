"""What staff and citizens see of sync trouble, and disk full while saving.

- a damaged local database at start: both apps start and say so in a banner;
- a case the back office refuses: the status bar counts it, the counter's
  case list says why, and "重试上报" sends it again once the cause is fixed;
- the disk fills up while cases are saved: a plain message, nothing already
  saved is harmed (a real full filesystem: a small tmpfs in a private mount
  namespace; where mounting is not allowed, a file-size limit instead).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from backoffice.server import BackgroundBackoffice
from core.case import CaseState
from onewindow.gui import make_window
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import WITHDRAWN_ITEM, submit_sample_case
from tests.gui_helpers import app_config, approve_as_supervisor, click, sign_in_clerk

bo_server = fx.bo_server
catalog_file = fx.catalog_file
REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("role", ["kiosk", "counter"])
def test_damaged_database_is_set_aside_and_said(qtbot, tmp_path: Path, role: str) -> None:
    data = tmp_path / role
    data.mkdir()
    (data / "onewindow.db").write_bytes(b"\x00garbage, not a database" * 200)
    win, bridge = make_window(app_config(tmp_path, role, "http://127.0.0.1:9"))
    qtbot.addWidget(win)
    win.show()
    try:
        banner = win.status.recovery
        assert banner.isVisible()
        assert "损坏" in banner.text() and "onewindow.db.damaged-" in banner.text()
        assert list(data.glob("onewindow.db.damaged-*"))
        assert bridge.runtime.store.outbox_counts()["queued"] == 0  # a fresh, working store
    finally:
        bridge.close()
    win2, bridge2 = make_window(app_config(tmp_path, role, "http://127.0.0.1:9"))
    qtbot.addWidget(win2)
    try:
        assert not win2.status.recovery.isVisibleTo(win2)  # said once, at the start after it
    finally:
        bridge2.close()


def test_counter_shows_quarantine_and_retries_it(
    qtbot, tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    win, bridge = make_window(app_config(tmp_path, "counter", bo_server.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        store = bridge.runtime.store
        bad = submit_sample_case(store, item_code=WITHDRAWN_ITEM, device_code="C01")
        good = submit_sample_case(store, device_code="C01")
        bridge.runtime.sync.sync_now()
        qtbot.waitUntil(lambda: "需处理 1 件" in win.status.sync_label.text(), timeout=10000)
        qtbot.waitUntil(lambda: store.get_case(good.id).state is CaseState.SYNCED, timeout=5000)

        sign_in_clerk(qtbot, win, bo_server)  # a window clerk: the retry needs a supervisor
        win.show_page("cases")
        rows = [win.cases_list.item(i) for i in range(win.cases_list.count())]
        (bad_row,) = [r for r in rows if bad.receipt_no in r.text()]
        assert "需处理" in bad_row.text() and WITHDRAWN_ITEM in bad_row.text()
        (good_row,) = [r for r in rows if good.receipt_no in r.text()]
        assert "需处理" not in good_row.text()

        win.cases_list.setCurrentItem(good_row)
        click(win, "retry_sync")
        assert "请先选中" in win.cases_msg.text()

        # The back office puts the item back in its catalog; the clerk retries.
        catalog = json.loads(Path(bo_server.catalog_path).read_text(encoding="utf-8"))
        catalog["items"].append(dict(catalog["items"][0], code=WITHDRAWN_ITEM))
        Path(bo_server.catalog_path).write_text(json.dumps(catalog, ensure_ascii=False), "utf-8")
        rows = [win.cases_list.item(i) for i in range(win.cases_list.count())]
        win.cases_list.setCurrentItem(next(r for r in rows if bad.receipt_no in r.text()))
        assert win.cases_list.currentItem().data(Qt.ItemDataRole.UserRole) is not None
        click(win, "retry_sync")
        assert store.get_case(bad.id).state is not CaseState.SYNCED
        approve_as_supervisor(qtbot, win, bo_server)
        qtbot.waitUntil(lambda: store.get_case(bad.id).state is CaseState.SYNCED, timeout=10000)
        qtbot.waitUntil(lambda: "需处理" not in win.status.sync_label.text(), timeout=5000)
        assert bo_server.store.case_status(bad.id) is not None
    finally:
        bridge.close()


def _run_disk_full(data: Path) -> tuple[dict[str, object], str]:
    """Fill a real small filesystem if this machine lets us mount one, else a size limit."""
    child = [sys.executable, "-m", "tests._disk_full_child"]
    if shutil.which("unshare") and os.geteuid() == 0:
        mnt = data.parent / "small-disk"
        mnt.mkdir()
        script = f'mount -t tmpfs -o size=3m tmpfs "{mnt}" && exec "$@"'
        r = subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", *child, str(mnt / "dev")],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
        if r.returncode == 0 and r.stdout.strip():
            return json.loads(r.stdout.strip().splitlines()[-1]), "tmpfs"
    code = (
        "import resource,runpy,sys;"
        "resource.setrlimit(resource.RLIMIT_FSIZE,(2_500_000,2_500_000));"
        "sys.argv=['x',sys.argv[1]];runpy.run_module('tests._disk_full_child',run_name='__main__')"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(data)], capture_output=True, text=True, cwd=REPO
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1]), "rlimit"


def test_disk_full_while_saving_tells_plainly_and_harms_nothing(tmp_path: Path) -> None:
    seen, how = _run_disk_full(tmp_path / "dev")
    assert seen["saved"] >= 1, seen
    assert "未能保存" in str(seen["message"]) and "已保存的办件不受影响" in str(seen["message"])
    if how == "tmpfs":  # a real ENOSPC: the message names the cause
        assert seen["kind"] == "full" and "磁盘空间不足" in str(seen["message"])
    assert seen["recovered"] is False and seen["integrity"] == "ok"
    assert seen["readable"] == seen["saved"] == seen["queued"]
    assert seen["after_freeing"] == "saved"
