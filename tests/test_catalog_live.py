"""A published catalog reaches running apps' item screens without a restart (issue 13 item 6).

A real back office on loopback, real sync clients polling it every 0.2 s,
the kiosk and the counter offscreen. An administrator publishes a catalog
that adds an item and withdraws the one a citizen (a clerk) is applying for
at that moment: the new item shows on the items screen, the withdrawn one
goes, and the session in progress keeps its item, finishes, and reaches the
back office under the catalog version it was started with.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import requests

import assets
from core.case import CaseState
from onewindow.gui import make_window
from tests._staff_fixture import bearer, staff_token
from tests.factories import identity
from tests.gui_helpers import app_config, click, scan_required, sign_in_clerk
from tests.keyboard_helpers import tap, tap_keys

NEW_CODE = "440604-TEST-0001"
NEW_NAME = "测试新增事项"
POLL = {"sync.catalog_poll_s": 0.2}


def _next_catalog(withdrawn: str, version: str) -> dict[str, Any]:
    """The sample catalog with ``withdrawn`` gone and one new item."""
    cat = json.loads(assets.sample_catalog().read_text(encoding="utf-8"))
    template = next(i for i in cat["items"] if i["code"] != withdrawn)
    new = {**copy.deepcopy(template), "code": NEW_CODE, "name": NEW_NAME, "keywords": []}
    cat["items"] = [i for i in cat["items"] if i["code"] != withdrawn] + [new]
    for key in ("bundles", "life_events"):
        for group in cat.get(key, []):
            group["items"] = [c for c in group["items"] if c != withdrawn]
    cat["bundles"] = [b for b in cat.get("bundles", []) if len(b["items"]) >= 2]
    cat["life_events"] = [e for e in cat.get("life_events", []) if e["items"]]
    cat["version"] = version
    return cat


def _publish(bo, catalog: dict[str, Any]) -> None:
    admin = staff_token(bo, "admin1", "admin")
    r = requests.post(
        f"{bo.url}/api/v1/catalog",
        json={"note": "新增测试事项，撤销一项", "catalog": catalog},
        headers=bearer(admin),
        timeout=5,
    )
    assert r.status_code == 201, r.text


def _running(qtbot, tmp_path, backoffice, role: str):
    """The app of ``role`` shown and started, polling the catalog, its first one pulled."""
    win, bridge = make_window(app_config(tmp_path, role, backoffice.url, **POLL))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(lambda: (win.rt.data_dir / "catalog.etag").exists(), timeout=5000)
    except BaseException:
        bridge.close()
        raise
    return win, bridge


def _synced(bo, case) -> bool:
    at_bo = bo.store.case_status(case.id)
    return at_bo is not None


def test_a_running_kiosk_shows_a_published_item_and_keeps_the_session(qtbot, tmp_path, backoffice):
    win, bridge = _running(qtbot, tmp_path, backoffice, "kiosk")
    rt = win.rt
    try:
        old_version = rt.catalog.version
        qtbot.waitUntil(lambda: "id_reader" in bridge.last_status, timeout=5000)
        # A citizen starts applying for the first item.
        click(win, "start")
        click(win, "consent_agree")
        rt.devices.virtual_reader.present(identity(name="测试乙"))
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        item = rt.catalog.items[0]
        win.choose_item(item.code)
        click(win, "guide_next")
        assert win.current_page() == "form"
        case_id = win.case.id

        # Meanwhile the administrator publishes a catalog without that item.
        _publish(backoffice, _next_catalog(item.code, "2025.2"))
        items_page = win.pages["items"]
        qtbot.waitUntil(lambda: NEW_CODE in items_page.item_buttons, timeout=10000)
        assert rt.catalog.version == "2025.2"
        assert item.code not in items_page.item_buttons

        # The session goes on with its item, as it was started.
        assert win.item is item and win.case.id == case_id
        assert win.current_page() == "form"
        tap(qtbot, win.form.editors["phone"])
        tap_keys(qtbot, win.keyboard, "13800138000")
        click(win, "form_next")
        assert win.current_page() == "scan"
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        scan_required(win, item)
        click(win, "scan_next")
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        case = win.submitted
        assert case.item_code == item.code and case.catalog_version == old_version
        # Taken in under its own version, though the item is withdrawn now.
        qtbot.waitUntil(lambda: _synced(backoffice, case), timeout=15000)
        qtbot.waitUntil(lambda: rt.store.get_case(case.id).state is CaseState.SYNCED, timeout=10000)

        # The next citizen finds the new item among the guides.
        win.reset_session()
        click(win, "guides")
        assert win.current_page() == "items"
        items_page.search.setText(NEW_NAME)
        assert items_page.item_buttons[NEW_CODE].isVisible()
        assert [i.code for i in items_page.listed()] == [NEW_CODE]
        items_page.search.setText(item.name)
        assert item.code not in [i.code for i in items_page.listed()]
    finally:
        bridge.close()


def test_a_running_counter_lists_a_published_item_and_keeps_the_case(qtbot, tmp_path, backoffice):
    win, bridge = _running(qtbot, tmp_path, backoffice, "counter")
    rt = win.rt
    try:
        old_version = rt.catalog.version
        sign_in_clerk(qtbot, win, backoffice)
        rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
        click(win, "card_next")
        assert win.current_page() == "item"
        item = next(i for i in rt.catalog.items if not i.scenario)
        win.select_item(item.code)
        click(win, "item_next")
        assert win.current_page() == "materials"

        _publish(backoffice, _next_catalog(item.code, "2025.2"))
        page = win.pages["item"]

        def listed() -> list[str]:
            return [win.item_list.item(i).data(256) for i in range(win.item_list.count())]

        qtbot.waitUntil(lambda: NEW_CODE in listed(), timeout=10000)
        assert item.code not in listed() and page.catalog.version == "2025.2"

        # The clerk finishes the case started under the old catalog.
        assert win.item is item
        for key, ed in win.form.editors.items():
            if hasattr(ed, "isReadOnly") and not ed.isReadOnly() and not ed.text():
                ed.setText("13800138000" if "phone" in key else "示例")
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        for row, cm in enumerate(win.case.materials):
            if item.material(cm.code).required:
                win.checklist.setCurrentRow(row)
                win.capture()
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        case = win.submitted
        assert case.item_code == item.code and case.catalog_version == old_version
        qtbot.waitUntil(lambda: _synced(backoffice, case), timeout=15000)

        # The next applicant: the new item is there to search for.
        win.new_intake()
        rt.devices.virtual_reader.present(identity(name="测试丁"))
        qtbot.waitUntil(lambda: win.card_next.isEnabled(), timeout=5000)
        click(win, "card_next")
        win.search.setText(NEW_NAME)
        assert listed() == [NEW_CODE]
    finally:
        bridge.close()
