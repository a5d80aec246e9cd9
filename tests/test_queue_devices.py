"""The devices' side of the hall queue against a real hall server over HTTP.

A kiosk's TicketDesk takes tickets online, keeps its reserved blocks on disk,
issues from them while the server is down (never a duplicate, even after a
restart of the kiosk) and reports them when it is back; the announcer speaks
each call through a (virtual) voice device in turn, never two at once; the
``onewindow queue`` command prints one JSON object per answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from core.config import load_config
from core.queue import announcement, speech_s
from drivers.voice.device import VoiceDevice
from hall.config import load_settings
from hall.server import BackgroundHall
from services.announcer import CallAnnouncer
from services.queue import TicketDesk, WindowDesk
from sync.hall_client import HallClient, HallRefused, HallUnreachable

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[BackgroundHall]:
    with BackgroundHall(load_settings(None, {"data_dir": str(tmp_path / "hall")})) as h:
        yield h


def kiosk(h: BackgroundHall, data: Path, block: int = 5) -> TicketDesk:
    client = HallClient(h.url, device_code="K01", timeout_s=2)
    return TicketDesk(client, data, block_size=block, device_code="K01")


def test_online_ticket_counts_once_printed(hall: BackgroundHall, tmp_path: Path) -> None:
    desk = kiosk(hall, tmp_path / "k")
    cats, priorities = desk.categories()
    assert [c.code for c in cats][:2] == ["A", "B"] and "elderly" in priorities
    ticket = desk.take("A")
    assert not ticket.offline and ticket.number == "A001" and ticket.state == "issued"
    window = WindowDesk(HallClient(hall.url, device_code="C02"), "2")
    assert window.call().ticket is None  # not printed yet: nobody to call
    desk.printed(ticket)
    called = window.call().ticket
    assert called is not None and called.number == "A001"
    public = requests.get(f"{hall.url}/api/v1/queue/status", timeout=5).text  # no token
    assert "A001" in public and ticket.id not in public and "K01" not in public


def test_offline_block_never_duplicates(hall: BackgroundHall, tmp_path: Path) -> None:
    data = tmp_path / "k"
    desk = kiosk(hall, data, block=4)
    desk.categories()
    assert desk.keep_up()
    assert desk.numbers_left("A") == 4
    online = desk.take("A")
    desk.printed(online)
    port = hall.port
    hall.stop()  # the hall server goes away
    offline = []
    for _ in range(2):
        t = desk.take("A")
        assert t.offline
        desk.printed(t)
        offline.append(t.number)
    # The kiosk restarts while the server is still away: the file keeps its place.
    desk = kiosk(hall, data, block=4)
    t = desk.take("A")
    desk.printed(t)
    offline.append(t.number)
    spoilt = desk.take("A")
    desk.void(spoilt)  # a failed print: the number is skipped, never reported
    with pytest.raises(HallRefused) as refused:
        desk.take("A")  # the block is used up
    assert refused.value.code == "queue.no_block_left"
    assert desk.pending == 3
    assert len(set([*offline, online.number, spoilt.number])) == 5
    hall.port = port
    hall.start()
    assert desk.keep_up() and desk.pending == 0
    assert desk.keep_up()  # a second report adds nothing
    after = desk.take("A")
    desk.printed(after)
    assert after.number not in [*offline, online.number, spoilt.number]
    window = WindowDesk(HallClient(hall.url, device_code="C02"), "2")
    called = []
    while (answer := window.call()).ticket is not None:
        called.append(answer.ticket.number)
        window.start()
        window.end()
    assert sorted(called) == sorted([online.number, *offline, after.number])
    assert len(called) == len(set(called))


def test_unreachable_and_refusals_read_as_words(tmp_path: Path) -> None:
    client = HallClient("http://127.0.0.1:9", device_code="K01", timeout_s=0.5)
    with pytest.raises(HallUnreachable) as gone:
        client.status()
    assert gone.value.code == "queue.offline" and "大厅" in gone.value.message
    desk = TicketDesk(client, tmp_path, block_size=5)
    with pytest.raises(HallRefused) as none_left:
        desk.take("A")  # never online: no block to issue from
    assert none_left.value.code == "queue.no_block_left"
    with pytest.raises(HallRefused) as unset:
        HallClient("").status()
    assert unset.value.code == "queue.not_configured"


def test_calls_are_spoken_in_turn_never_overlapping(hall: BackgroundHall, tmp_path, qtbot) -> None:
    """Through the real voice device (latest-wins: a text given while another waits
    replaces it) on its virtual backend, which takes as long to say a text as an
    engine at 200 characters a second and is cut by the next text, like the real one."""
    cfg = load_config(None, {"devices.voice.backend": "virtual"}).devices
    assert cfg.voice.backend == "virtual"
    voice = VoiceDevice(cfg, data_dir=tmp_path / "voice")
    voice.start()
    virtual = voice.virtual
    assert virtual is not None
    virtual.chars_per_s = 200.0
    announcer = CallAnnouncer(hall.url, voice, chars_per_s=200.0, gap_s=0.1)
    announcer.start()
    try:
        desk = kiosk(hall, tmp_path / "k")
        for _ in range(2):
            desk.printed(desk.take("A"))
        # Two windows call at the same moment.
        w1 = WindowDesk(HallClient(hall.url, device_code="C01"), "1")
        w2 = WindowDesk(HallClient(hall.url, device_code="C02"), "2")
        qtbot.waitUntil(lambda: announcer.connected, timeout=5000)  # the stream's first event
        a, b = w1.call().ticket, w2.call().ticket
        assert a and b
        qtbot.waitUntil(lambda: len(virtual.utterances) >= 2, timeout=5000)
        heard = virtual.utterances
        qtbot.waitUntil(lambda: time.monotonic() > heard[-1].end, timeout=5000)
        heard = virtual.utterances
    finally:
        announcer.stop()
        voice.close()
    assert sorted(u.text for u in heard) == sorted(  # both, whichever came first
        [announcement(f"请{a.number}号到1号窗口办理"), announcement(f"请{b.number}号到2号窗口办理")]
    )
    first, second = heard
    assert first.text.count("办理") == 2 and first.language == "zh"  # each call said twice
    assert first.end - first.t == pytest.approx(speech_s(first.text, 200.0))
    assert not first.cut and not second.cut  # each said to its end
    assert first.end <= second.t  # the second starts after the first ended


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "onewindow", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_queue_command_prints_json(hall: BackgroundHall) -> None:
    server = ["--server", hall.url]
    took = run_cli("queue", "take", "--category", "B", *server, "--device", "K02", "--json")
    assert took.returncode == 0, took.stderr
    ticket = json.loads(took.stdout)
    assert ticket["number"] == "B001" and ticket["category"] == "B"
    assert ticket["state"] == "waiting"
    called = run_cli("queue", "call", "--window", "3", *server, "--device", "C03", "--json")
    assert called.returncode == 0, called.stderr
    assert json.loads(called.stdout)["number"] == "B001"
    status = json.loads(run_cli("queue", "status", *server, "--json").stdout)
    assert status["recent_calls"][0]["window_name"] == "3号窗口"
    bad = run_cli("--lang", "en", "queue", "take", "--category", "Z", *server, "--device", "K02")
    assert bad.returncode == 1 and "no category Z" in bad.stderr


def test_hall_token_add_writes_only_a_digest(tmp_path: Path) -> None:
    cfg = tmp_path / "hall.toml"
    cfg.write_text('hall_code = "FS02"\n', encoding="utf-8")
    added = run_cli("hall", "token", "add", "K07", "--hall-config", str(cfg))
    assert added.returncode == 0, added.stderr
    token = added.stdout.split(": ", 1)[1].strip()
    text = cfg.read_text(encoding="utf-8")
    assert token not in text and "K07 = " in text
    settings = load_settings(cfg)
    assert set(settings.devices) == {"K07"} and not settings.open_hall
    again = run_cli("hall", "token", "add", "K07", "--hall-config", str(cfg))
    assert again.returncode == 0 and cfg.read_text(encoding="utf-8").count("K07 = ") == 1
