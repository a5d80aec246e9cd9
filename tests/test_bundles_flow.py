"""一件事 end to end (issue 14 item 6), over the real test back office.

The kiosk: a bundle found by search, its guide, one merged form prefilled from
the card, one material list without duplicates, one case and one receipt
listing its three items; three reviewers of three departments decide their
items and the case reaches the kiosk as 待取件. The counter: the same bundle
from its item list, decided the same way, and handed out once at the window.
"""

from __future__ import annotations

import pytest
import requests

from core.case import CaseState
from core.identity import mask_name
from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, click, scan_required, sign_in_clerk
from tests.kiosk_walk import fill_form
from tests.test_kiosk_guides import small_targets
from tests.test_pickup import _read, _rows

NEWBORN = "440604-YJS-002"


@pytest.fixture
def themed(qapp):
    """The kiosk's look (its sizes come from the style sheet), for this test only."""
    from widgets.theme import apply_theme

    apply_theme(qapp)
    yield
    qapp.setStyleSheet("")


def _decide_all(bo, case_id: str, catalog) -> None:
    """Three reviewers, one per department, approve their own item over HTTP."""
    from tests._staff_fixture import bearer, staff_token

    items = catalog.bundle(NEWBORN).items
    assert len({catalog.item(c).department for c in items}) == 3
    last = None
    for i, code in enumerate(items):
        token = staff_token(bo, f"rev{i}", "reviewer", department=catalog.item(code).department)
        last = requests.post(
            f"{bo.url}/api/v1/cases/{case_id}/items/{code}/decision",
            json={"decision": "approved"},
            headers=bearer(token),
            timeout=10,
        )
        assert last.status_code == 200, last.text
        assert last.json()["state"] == ("ready" if i == 2 else "accepted")


def test_a_bundle_from_the_kiosk_to_three_departments(qtbot, tmp_path, backoffice, themed):
    win, bridge = make_window(app_config(tmp_path, "kiosk", backoffice.url))
    qtbot.addWidget(win)
    win.resize(1280, 800)  # the smaller kiosk screen, in the kiosk's look (themed)
    win.show()
    bridge.start()
    who = identity(name="测试母", address="广东省佛山市禅城区样例街道8号")
    try:
        rt = win.rt
        catalog = rt.catalog
        bundle = catalog.bundle(NEWBORN)
        qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
        # Found by search (pinyin initials of 出生登记), and from an item's guide.
        win.open_guides()
        items = win.pages["items"]
        click(win, "browse_bundle")  # every 一件事 as a big tile
        assert all(b.isVisible() for b in items.bundle_buttons.values())
        assert small_targets(items) == []
        items.search.setText("csdj")
        assert items.bundle_buttons[NEWBORN].isVisible()
        win.choose_item(bundle.items[1])
        offer = win.pages["guide"].bundle_offers.findChild(object, f"bundle_offer_{NEWBORN}")
        assert offer is not None and offer.isVisibleTo(win)
        click(win, f"bundle_offer_{NEWBORN}")
        assert win.current_page() == "guide" and win.bundle == NEWBORN
        text = win.pages["guide"].bundle_text.text()
        assert all(catalog.item(c).name in text for c in bundle.items)
        assert small_targets(win.pages["guide"]) == []
        click(win, "guide_next")  # no card yet: the notice, then the card
        click(win, "consent_agree")
        rt.devices.virtual_reader.present(who)
        qtbot.waitUntil(lambda: win.current_page() == "form", timeout=5000)

        # One merged form (一表通), prefilled from the card (masked on screen).
        keys = [f.key for f in catalog.merged_form(bundle.items)]
        assert list(win.form.editors) == keys
        assert win.form.editors["applicant_name"].text() == mask_name(who.name)
        fill_form(win)
        click(win, "form_next")
        assert win.current_page() == "scan", {k: e.text() for k, e in win.form.errors.items()}
        # One material list, without duplicates.
        merged = [m.code for m in catalog.merged_materials(bundle.items)]
        assert [m.code for m in win.case.materials] == merged
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        scan_required(win, win.item)
        click(win, "scan_next")
        assert win.current_page() == "confirm"
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)

        case = win.submitted
        assert case.bundle_code == NEWBORN
        assert [b.code for b in case.bundle_items] == list(bundle.items)
        qtbot.waitUntil(lambda: win.print_state != "pending", timeout=10000)
        assert win.print_state == "ok", win.print_msg.text()
        receipt = rt.devices.virtual_printer.wait_jobs(1)[-1].transcript
        assert "一件事联办事项（共3项）" in receipt
        for code in bundle.items:
            assert catalog.item(code).name in receipt
        assert who.id_number not in receipt

        # At the back office: three departments, three decisions, then ready.
        qtbot.waitUntil(lambda: backoffice.store.case_status(case.id) is not None, timeout=15000)
        assert len(backoffice.store.case_items(case.id)) == 3
        _decide_all(backoffice, case.id, catalog)
        rt.sync.sync_now()
        qtbot.waitUntil(lambda: rt.store.get_case(case.id).state is CaseState.READY, timeout=15000)
    finally:
        bridge.close()


def test_a_bundle_at_the_counter_is_decided_and_handed_out_once(qtbot, tmp_path, backoffice):
    win, bridge = make_window(app_config(tmp_path, "counter", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    applicant = identity()
    try:
        rt = win.rt
        catalog = rt.catalog
        bundle = catalog.bundle(NEWBORN)
        sign_in_clerk(qtbot, win, backoffice)
        rt.devices.virtual_reader.present(applicant)
        qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
        click(win, "card_next")
        assert win.current_page() == "item"
        win.search.setText("新生儿")
        labels = [win.item_list.item(i).text() for i in range(win.item_list.count())]
        assert any(bundle.name in t and "一件事" in t for t in labels), labels
        win.pages["item"].select_bundle(NEWBORN)
        assert win.item.name == bundle.name
        click(win, "item_next")
        assert win.current_page() == "materials"
        assert [m.code for m in win.case.materials] == [
            m.code for m in catalog.merged_materials(bundle.items)
        ]
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        fill_form(win)
        scan_required(win, win.item)
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        case = win.submitted
        assert [b.code for b in case.bundle_items] == list(bundle.items)

        qtbot.waitUntil(lambda: backoffice.store.case_status(case.id) is not None, timeout=15000)
        _decide_all(backoffice, case.id, catalog)
        rt.sync.sync_now()
        qtbot.waitUntil(lambda: rt.store.get_case(case.id).state is CaseState.READY, timeout=15000)

        # One pickup at the window: the slip lists the three items; a second is refused.
        click(win, "show_pickup")
        _read(qtbot, win, applicant)
        rows = _rows(win)
        assert len(rows) == 1 and case.receipt_no in rows[0]
        win.pickup_list.setCurrentRow(0)
        click(win, "confirm_pickup")
        qtbot.waitUntil(lambda: win.pickup_print_state == "ok", timeout=10000)
        slip = rt.devices.virtual_printer.wait_jobs(2)[-1].transcript
        assert "取件凭条" in slip and "一件事联办事项（共3项）" in slip
        assert _rows(win) == []
        qtbot.waitUntil(
            lambda: backoffice.store.case_status(case.id)["state"] == "delivered", timeout=15000
        )
    finally:
        bridge.close()
