"""The kiosk and the counter read cards through the real paths: the serial GA/T 467
backend on a pty emulator, the PC/SC backend through pcscd and vpcd."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from core.config import IdReaderConfig
from core.identity import mask_id_number, mask_name
from drivers.base import Health
from emulators import card_slots
from emulators.ga467_emulator import Ga467Emulator
from emulators.sample_cards import expired_card, foreign_2023
from emulators.virtual_sscard import VirtualSocialSecurityCard
from onewindow.gui import make_window
from tests.gui_helpers import app_config, click, pcsc_app_config, sign_in_clerk
from tests.idcard_harness import shared_pcscd, wait_reader_empty

OFFLINE = "http://127.0.0.1:9"  # these tests need no back office
NO_CAMERA_PRINTER = {"devices.camera.backend": "none", "devices.printer.uri": "none"}


@pytest.fixture
def emulator(tmp_path):
    link = tmp_path / "ttyGA467"
    with Ga467Emulator(link=link) as emu:
        cfg = IdReaderConfig(backend="serial", port=str(link))
        card_slots.register(cfg, emu)  # the demo button puts cards into the emulator
        yield emu
        card_slots.unregister(cfg)


def test_kiosk_reads_id_cards_from_a_serial_reader(qtbot, tmp_path, emulator):
    cfg = app_config(
        tmp_path,
        "kiosk",
        OFFLINE,
        **{"devices.id_reader.backend": "serial", "devices.id_reader.port": emulator.port},
        **NO_CAMERA_PRINTER,
    )
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(
            lambda: getattr(win.bridge.last_status.get("id_reader"), "health", None) is Health.OK,
            timeout=10000,
        )
        assert win.bridge.last_status["id_reader"].backend == "serial"
        # the reader is unplugged while the kiosk waits on its home page
        emulator.unplug()
        qtbot.waitUntil(lambda: not win.start_btn.isEnabled(), timeout=10000)
        assert "人工窗口" in win.start_btn.text()
        emulator.plug()
        qtbot.waitUntil(win.start_btn.isEnabled, timeout=10000)

        click(win, "start")

        click(win, "consent_agree")  # the privacy notice comes first
        assert win.current_page() == "card"
        emulator.present(expired_card().identity)
        qtbot.waitUntil(lambda: "过期" in win.card_msg.text(), timeout=10000)
        assert win.current_page() == "card"

        emulator.remove()
        assert win.demo_card_btn.isVisibleTo(win)
        click(win, "demo_card")  # through the emulator, the pty and the serial backend
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=10000)
        first = emulator.samples()[0]
        assert win.identity.id_number == first.id_number
        assert mask_name(first.name) in win.who.text()
        assert first.id_number not in win.who.text()
    finally:
        bridge.close()


def test_kiosk_reads_a_2023_foreign_permanent_resident_card(qtbot, tmp_path, emulator):
    cfg = app_config(
        tmp_path,
        "kiosk",
        OFFLINE,
        **{"devices.id_reader.backend": "serial", "devices.id_reader.port": emulator.port},
        **NO_CAMERA_PRINTER,
    )
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(win.start_btn.isEnabled, timeout=10000)
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        who = foreign_2023().identity
        emulator.present(who)
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=10000)
        assert win.identity.english_name == who.english_name
        assert mask_id_number(who.id_number) in win.who.text()
    finally:
        bridge.close()


def test_counter_reads_social_security_cards_through_pcsc(qtbot, tmp_path, backoffice):
    cfg, pcscd, card, reader_cfg = pcsc_app_config(
        tmp_path,
        "counter",
        backoffice.url,
        **NO_CAMERA_PRINTER,  # the clerk's sign-in
    )
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(
            lambda: getattr(win.bridge.last_status.get("id_reader"), "health", None) is Health.OK,
            timeout=10000,
        )
        # pcscd restarts under the running counter: the status bar says so, then recovers
        pcscd.stop()
        label = win.status.labels["id_reader"]
        qtbot.waitUntil(lambda: "PC/SC 服务未运行" in label.text(), timeout=10000)
        pcscd.start()
        qtbot.waitUntil(
            lambda: win.bridge.last_status["id_reader"].health is Health.OK, timeout=10000
        )
        sign_in_clerk(qtbot, win, backoffice)
        assert win.current_page() == "card"
        assert win.demo_card_btn.isVisibleTo(win)
        click(win, "demo_card")  # inserts the virtual social security card into vpcd
        qtbot.waitUntil(lambda: win.applicant is not None, timeout=10000)
        who = card.identity
        assert win.applicant == who and who.card_number
        shown = win.people.text()
        assert mask_name(who.name) in shown and who.id_number not in shown
        assert win.card_next.isEnabled()
    finally:
        bridge.close()
        card_slots.unregister(reader_cfg)
        card.remove()
        wait_reader_empty(pcscd.reader_name)


def test_kiosk_reads_a_social_security_card_and_the_counter_an_id_card(
    qtbot, tmp_path, emulator, backoffice
):
    pcscd = shared_pcscd()
    card = VirtualSocialSecurityCard(port=pcscd.vicc_port)
    kiosk_cfg = app_config(
        tmp_path,
        "kiosk",
        OFFLINE,
        **{"devices.id_reader.backend": "pcsc", "devices.id_reader.reader": pcscd.reader_name},
        **NO_CAMERA_PRINTER,
    )
    counter_cfg = app_config(
        tmp_path,
        "counter",
        backoffice.url,  # the clerk's sign-in
        **{"devices.id_reader.backend": "serial", "devices.id_reader.port": emulator.port},
        **NO_CAMERA_PRINTER,
    )
    kiosk, kb = make_window(kiosk_cfg)
    counter, cb = make_window(counter_cfg)
    for w in (kiosk, counter):
        qtbot.addWidget(w)
        w.show()
    kb.start()
    cb.start()
    try:
        qtbot.waitUntil(kiosk.start_btn.isEnabled, timeout=10000)
        click(kiosk, "start")
        click(kiosk, "consent_agree")  # the privacy notice comes first
        card.insert()
        qtbot.waitUntil(lambda: kiosk.current_page() == "items", timeout=10000)
        assert kiosk.identity == card.identity

        sign_in_clerk(qtbot, counter, backoffice)
        who = emulator.present()
        qtbot.waitUntil(lambda: counter.applicant is not None, timeout=10000)
        assert counter.applicant.id_number == who.id_number
    finally:
        kb.close()
        cb.close()
        card.remove()
        wait_reader_empty(pcscd.reader_name)


def test_the_sample_card_button_works_with_the_virtual_reader_too(qtbot, tmp_path):
    win, bridge = make_window(app_config(tmp_path, "kiosk", OFFLINE, **NO_CAMERA_PRINTER))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        # the start button is enabled from the first paint; the reader's first
        # status is what shows the demo button
        qtbot.waitUntil(lambda: "id_reader" in bridge.last_status, timeout=10000)
        assert win.start_btn.isEnabled()
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        assert win.demo_card_btn.isVisible()  # shown once the virtual reader exists
        click(win, "demo_card")
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=10000)
    finally:
        bridge.close()


DEMO_CHECK = """
import json, sys, time
from pathlib import Path
from emulators.demo_readers import DemoCardReaders
from drivers.manager import DeviceManager
from onewindow.demo import demo_configs

root = Path(sys.argv[1])
out = {}
with DemoCardReaders(root / "readers") as readers:
    out["notes"] = readers.notes
    for cfg in demo_configs(root, "http://127.0.0.1:9", None, readers.overrides):
        devices = cfg.devices.model_copy(update={
            "camera": cfg.devices.camera.model_copy(update={"backend": "none"}),
            "printer": cfg.devices.printer.model_copy(update={"uri": "none"}),
        })
        cards = []
        m = DeviceManager(devices, data_dir=cfg.data_path, on_card=lambda i, w: cards.append(i))
        m.start()
        m.set_card_polling(True)
        end = time.monotonic() + 10
        while m.status().get("id_reader") is None or m.status()["id_reader"].health.value != "ok":
            assert time.monotonic() < end, m.status()
            time.sleep(0.05)
        who = m.card_slot.present()
        while not cards and time.monotonic() < end:
            time.sleep(0.05)
        out[cfg.role.value] = {
            "backend": devices.id_reader.backend,
            "read": bool(cards) and cards[0].id_number == who.id_number,
        }
        m.stop()
print(json.dumps(out, ensure_ascii=False))
"""


def test_the_demo_runs_both_readers_on_the_emulators(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PCSCLITE_CSOCK_NAME"}
    r = subprocess.run(
        [sys.executable, "-c", DEMO_CHECK, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.splitlines()[-1])
    assert out["kiosk"] == {"backend": "serial", "read": True}
    if out["counter"]["backend"] == "virtual":  # pcscd could not run: the demo says so
        assert any("PC/SC 不可用" in n for n in out["notes"])
    else:
        assert out["counter"] == {"backend": "pcsc", "read": True}
