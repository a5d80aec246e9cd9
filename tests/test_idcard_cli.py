"""`onewindow card decode`, `onewindow card watch` and the doctor's PC/SC listing
and test read, run as a user runs them: real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from drivers.idcard import ga467_codec as c
from drivers.idcard.ga467_text import encode_identity
from emulators.ga467_emulator import Ga467Emulator
from emulators.sample_cards import expired_card, fake_wlt, foreign_old, hmt_permit
from emulators.virtual_sscard import VIRTUAL_ATR, VirtualSocialSecurityCard
from tests.idcard_harness import shared_pcscd, wait_reader_empty, wait_reader_state


def run(*args: str, env: dict | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "onewindow", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def read_frame(sample, fingerprint: bytes | None = None) -> str:
    text = encode_identity(sample.identity, sample.extras)
    data = c.encode_read_answer(text, fake_wlt(sample.identity), fingerprint)
    return c.encode_response(0x90, data).hex(" ").upper()


def test_card_decode_masks_personal_data_unless_asked():
    sample = hmt_permit()
    who = sample.identity
    r = run("card", "decode", "--hex", read_frame(sample))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["identity"]["card_type"] == "permit_hmt"
    assert out["identity"]["id_number"] == who.id_number[:3] + "*" * 11 + who.id_number[-4:]
    assert who.name not in r.stdout and who.id_number not in r.stdout
    assert who.address not in r.stdout and "H90000001" not in r.stdout
    assert out["check"] == {"ok": True, "warnings": []} and out["fingerprint"] == "none"

    r = run("card", "decode", "--show-personal", "--hex", read_frame(sample, b"F" * 1024))
    out = json.loads(r.stdout)
    assert out["identity"]["name"] == who.name and out["identity"]["id_number"] == who.id_number
    assert out["card_fields"] == {"pass_number": "H90000001", "issue_count": "01"}
    assert out["fingerprint"] == "read and discarded" and "FFFF" not in r.stdout


def test_card_decode_prints_typed_errors():
    r = run("card", "decode", "--hex", c.encode_response(0x41).hex())
    assert r.returncode == 1
    assert json.loads(r.stdout) == {
        "error": "ga467_sw3_41",
        "message": "读取证件失败",
        "hint": "请将证件移开后重新平放在读卡区",
        "sw3": "41",
    }
    bad = bytearray.fromhex(read_frame(foreign_old()).replace(" ", ""))
    bad[-1] ^= 0xFF
    r = run("card", "decode", "--hex", bad.hex())
    assert r.returncode == 1 and json.loads(r.stdout)["error"] == "ga467_frame_checksum"
    r = run("card", "decode", "--hex", read_frame(expired_card()))
    out = json.loads(r.stdout)
    assert out["check"]["ok"] is False and "过期" in out["check"]["message"]
    r = run("card", "decode", "--hex", "AA AA ZZ")
    assert r.returncode == 2 and "not hex" in r.stderr and "Traceback" not in r.stderr


def test_card_watch_prints_status_and_reads(tmp_path):
    with Ga467Emulator(link=tmp_path / "ttyGA467") as emu:
        cfg = tmp_path / "device.toml"
        cfg.write_text(
            f'data_dir = "{tmp_path / "data"}"\n'
            f'[devices.id_reader]\nbackend = "serial"\nport = "{emu.port}"\n',
            encoding="utf-8",
        )
        who = emu.present()
        r = run("--config", str(cfg), "card", "watch", "--json", "--seconds", "3")
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "stop"
    assert {
        "event": "status",
        "health": "ok",
        "backend": "serial",
        "message": "读卡器就绪",
    } in events
    (card,) = [e for e in events if e["event"] == "card"]
    assert card["id_number"].endswith(who.id_number[-4:]) and who.id_number not in r.stdout
    assert who.name not in r.stdout


def test_doctor_lists_pcsc_readers_with_their_state_and_test_reads(tmp_path):
    pcscd = shared_pcscd()
    card = VirtualSocialSecurityCard(port=pcscd.vicc_port)
    card.insert()
    wait_reader_state(pcscd.reader_name, present=True)
    cfg = tmp_path / "device.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path / "data"}"\n[backoffice]\nurl = "http://127.0.0.1:9"\n'
        f'[devices.id_reader]\nbackend = "pcsc"\nreader = "{pcscd.reader_name}"\n'
        '[devices.camera]\nbackend = "none"\n[devices.printer]\nuri = "none"\n',
        encoding="utf-8",
    )
    try:
        r = run("--config", str(cfg), "doctor", "--test-read", env=pcscd.client_env())
    finally:
        card.remove()
        wait_reader_empty(pcscd.reader_name)
    assert "Traceback" not in r.stderr, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("PC/SC"))
    assert f"{pcscd.reader_name} [有卡 card present, ATR {VIRTUAL_ATR.hex(' ').upper()}]" in line
    assert "无卡 empty" in line  # the second vpcd slot
    assert "id_reader: ok pcsc" in r.stdout
    read = next(x for x in r.stdout.splitlines() if x.startswith("读卡 read:"))
    assert read.endswith(card.identity.id_number[-4:]) and card.identity.id_number not in r.stdout
