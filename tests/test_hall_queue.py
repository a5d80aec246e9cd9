"""The hall server over real HTTP: 取号, 叫号 by work profile, blocks, transfers, auth.

A real uvicorn hall server on loopback (hall.server.BackgroundHall) over SQLite,
and over a real PostgreSQL for the store's tests (`make test-postgresql` runs
those); three separate processes take tickets at once.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from core.appointments import Appointment
from hall.checkin import AppointmentList, holder_digest
from hall.config import load_settings, token_digest
from hall.server import BackgroundHall

ROOT = Path(__file__).resolve().parents[1]
Q = "/api/v1/queue"
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql_later)]


def dev(code: str) -> dict[str, str]:
    return {"X-OneWindow-Device": code}  # the open demo hall: a device names itself


@pytest.fixture(params=ENGINES)
def hall(request, tmp_path: Path) -> Iterator[BackgroundHall]:
    overrides: dict[str, object] = {"data_dir": str(tmp_path / "hall")}
    url = ""
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")
        url = server.fresh_database()
        overrides["database_url"] = url
    with BackgroundHall(load_settings(None, overrides)) as h:
        yield h
    if url:
        request.getfixturevalue("postgres_server").drop(url)


def take(h: BackgroundHall, category: str = "A", device: str = "K01", **body: str) -> dict:
    r = requests.post(
        f"{h.url}{Q}/tickets", json={"category": category, **body}, headers=dev(device), timeout=10
    )
    assert r.status_code == 200, r.text
    t = r.json()
    p = requests.post(f"{h.url}{Q}/tickets/{t['id']}/printed", headers=dev(device), timeout=10)
    assert p.status_code == 200 and p.json()["state"] == "waiting"
    return t


def call(h: BackgroundHall, window: str = "1", device: str = "C01") -> requests.Response:
    return requests.post(
        f"{h.url}{Q}/windows/{window}/call", json={}, headers=dev(device), timeout=10
    )


def test_numbers_count_per_category_and_calls_follow_the_profile(hall: BackgroundHall) -> None:
    a1, b1, a2 = take(hall, "A"), take(hall, "B"), take(hall, "A")
    assert (a1["number"], b1["number"], a2["number"]) == ("A001", "B001", "A002")
    assert a2["waiting_before"] == 1 and a2["expected_wait_s"] > 0
    # Window 3 serves B first, then A; window 1 serves A first.
    r = call(hall, "3")
    assert r.json()["ticket"]["number"] == "B001"
    requests.post(f"{hall.url}{Q}/windows/3/start", headers=dev("C01"), timeout=10)
    assert call(hall, "3").json()["ticket"]["number"] == "A001"  # the B001 service ended
    assert call(hall, "1").json()["ticket"]["number"] == "A002"
    assert call(hall, "2").json()["ticket"] is None  # nobody left for window 2
    st = requests.get(f"{hall.url}{Q}/status", timeout=10).json()
    assert [c["number"] for c in st["recent_calls"][:3]] == ["A002", "A001", "B001"]
    assert st["recent_calls"][0]["text"] == "请A002号到1号窗口办理"
    w3 = requests.get(f"{hall.url}{Q}/windows/3", headers=dev("C01"), timeout=10).json()
    assert w3["served_today"] == 1 and w3["current"]["number"] == "A001"


def test_a_ticket_counts_only_once_printed(hall: BackgroundHall) -> None:
    r = requests.post(
        f"{hall.url}{Q}/tickets", json={"category": "A"}, headers=dev("K01"), timeout=10
    )
    t = r.json()
    assert t["state"] == "issued"
    assert call(hall, "2").json()["ticket"] is None  # not printed: not waiting
    other = requests.post(
        f"{hall.url}{Q}/tickets/{t['id']}/printed", headers=dev("K02"), timeout=10
    )
    assert other.status_code == 404  # another kiosk's ticket is not found for it
    voided = requests.post(f"{hall.url}{Q}/tickets/{t['id']}/void", headers=dev("K01"), timeout=10)
    assert voided.json()["state"] == "void"
    assert take(hall)["number"] == "A002"  # a voided number is never given again


def test_priority_and_appointments_go_first_transfers_keep_their_arrival(tmp_path: Path) -> None:
    key = b"k" * 32
    now = dt.datetime.now().astimezone()
    book = AppointmentList(
        key,
        [
            Appointment(
                "APPT-ONTIME-0001",
                "A",
                now - dt.timedelta(minutes=10),
                now + dt.timedelta(minutes=20),
                holder_digest(key, "11010519491231002X"),
            ),
            Appointment(
                "APPT-LATER-00002", "A", now + dt.timedelta(hours=3), now + dt.timedelta(hours=4)
            ),
        ],
    )
    settings = load_settings(None, {"data_dir": str(tmp_path / "hall")})
    with BackgroundHall(settings, checkin=book) as h:
        walk1, walk2 = take(h, "A"), take(h, "A")
        early = take(h, "A", appointment_code="APPT-LATER-00002")
        assert early["priority"] == "" and early["note"] == "appointment.too_early"
        on_time = take(h, "A", id_number="11010519491231002X")  # by the card
        assert on_time["priority"] == "appointment" and on_time["appointment_code"]
        elder = take(h, "A", priority="elderly")
        called = [call(h, "2").json()["ticket"]["number"] for _ in range(1)]
        requests.post(f"{h.url}{Q}/windows/2/start", headers=dev("C02"), timeout=10)
        # The appointment on time first, then the elderly, then walk-ins by arrival.
        for _ in range(4):
            called.append(call(h, "2").json()["ticket"]["number"])
            requests.post(f"{h.url}{Q}/windows/2/start", headers=dev("C02"), timeout=10)
        assert called == [
            on_time["number"],
            elder["number"],
            walk1["number"],
            walk2["number"],
            early["number"],
        ]
        # A transfer to C (not-A window 4) keeps the ticket's arrival: it goes first there.
        c1 = take(h, "C")
        t = requests.post(
            f"{h.url}{Q}/windows/2/transfer", json={"category": "C"}, headers=dev("C02"), timeout=10
        )
        assert t.status_code == 200 and t.json()["current"] is None
        assert call(h, "4", "C04").json()["ticket"]["number"] == early["number"]
        assert call(h, "4", "C04").status_code == 409  # still called: start, recall or 过号
        requests.post(f"{h.url}{Q}/windows/4/start", headers=dev("C04"), timeout=10)
        assert call(h, "4", "C04").json()["ticket"]["number"] == c1["number"]


def test_check_in_without_a_category_takes_the_appointments_own(tmp_path: Path) -> None:
    """The kiosk's 预约签到 names no category: the appointment's is used; a too-early one
    says from when; nothing found is refused (no category to issue in)."""
    key = b"k" * 32
    now = dt.datetime.now().astimezone()
    opens = now + dt.timedelta(hours=3)
    book = AppointmentList(
        key,
        [
            Appointment(
                "APPT-ONTIME-B001",
                "B",
                now - dt.timedelta(minutes=5),
                now + dt.timedelta(minutes=25),
                holder_digest(key, "11010519491231002X"),
            ),
            Appointment("APPT-LATER-C0002", "C", opens, opens + dt.timedelta(hours=1)),
        ],
    )
    with BackgroundHall(load_settings(None, {"data_dir": str(tmp_path)}), checkin=book) as h:
        by_card = take(h, "", id_number="11010519491231002X")
        assert by_card["category"] == "B" and by_card["priority"] == "appointment"
        early = take(h, "", appointment_code="APPT-LATER-C0002")
        assert early["category"] == "C" and early["note"] == "appointment.too_early"
        want = (opens - dt.timedelta(minutes=30)).strftime("%H:%M")
        assert early["note_params"] == {"time": want} and early["priority"] == ""
        for body, status, code in (
            ({"appointment_code": "NO-SUCH-APPT"}, 404, "appointment.not_found"),
            ({}, 422, "queue.category_missing"),
        ):
            r = requests.post(f"{h.url}{Q}/tickets", json=body, headers=dev("K01"), timeout=10)
            assert r.status_code == status and r.json()["code"] == code


def test_no_show_only_after_the_recalls(hall: BackgroundHall) -> None:
    take(hall)
    assert call(hall, "2").json()["ticket"]["number"] == "A001"
    early = requests.post(f"{hall.url}{Q}/windows/2/no-show", headers=dev("C02"), timeout=10)
    assert early.status_code == 409 and early.json() == {
        "code": "queue.recall_first",
        "params": {"recalls": 0, "need": 2},
    }
    for n in (1, 2):
        r = requests.post(f"{hall.url}{Q}/windows/2/recall", headers=dev("C02"), timeout=10)
        assert r.json()["ticket"]["recalls"] == n
    gone = requests.post(f"{hall.url}{Q}/windows/2/no-show", headers=dev("C02"), timeout=10)
    assert gone.status_code == 200 and gone.json()["no_shows_today"] == 1
    stats = requests.get(f"{hall.url}{Q}/stats", headers=dev("C02"), timeout=10).json()
    assert stats["by_category"]["A"]["no_shows"] == 1 and stats["by_category"]["A"]["tickets"] == 1


def test_walk_in_pause_and_the_days_figures(hall: BackgroundHall) -> None:
    assert requests.post(f"{hall.url}{Q}/windows/2/walk-in", headers=dev("C02"), timeout=10).json()[
        "walk_in"
    ]
    end = requests.post(
        f"{hall.url}{Q}/windows/2/end", json={"case_id": "c" * 32}, headers=dev("C02"), timeout=10
    )
    assert end.json()["served_today"] == 1 and not end.json()["walk_in"]
    requests.post(f"{hall.url}{Q}/windows/2/pause", headers=dev("C02"), timeout=10)
    take(hall)
    paused = call(hall, "2")
    assert paused.status_code == 409 and paused.json()["code"] == "queue.window_paused"
    requests.post(f"{hall.url}{Q}/windows/2/resume", headers=dev("C02"), timeout=10)
    assert call(hall, "2").json()["ticket"]["number"] == "A001"


def test_a_kiosks_block_is_never_issued_by_the_server_and_taken_in_once(
    hall: BackgroundHall,
) -> None:
    day = dt.date.today().isoformat()
    blk = requests.post(
        f"{hall.url}{Q}/blocks",
        json={"category": "A", "day": day, "size": 5},
        headers=dev("K02"),
        timeout=10,
    ).json()
    assert (blk["first"], blk["last"]) == (1, 5)
    assert take(hall)["number"] == "A006"  # the server skips the block
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)  # issued while the server was away
    offline = [
        {"number": f"A00{n}", "category": "A", "day": day, "issued_at": before.isoformat()}
        for n in (1, 2)
    ]
    r = requests.post(
        f"{hall.url}{Q}/offline-tickets", json={"tickets": offline}, headers=dev("K02"), timeout=10
    )
    assert r.json() == {"accepted": ["A001", "A002"], "already": []}
    again = requests.post(
        f"{hall.url}{Q}/offline-tickets", json={"tickets": offline}, headers=dev("K02"), timeout=10
    )
    assert again.json() == {"accepted": [], "already": ["A001", "A002"]}
    theirs = requests.post(
        f"{hall.url}{Q}/offline-tickets", json={"tickets": offline}, headers=dev("K01"), timeout=10
    )
    assert theirs.status_code == 409 and theirs.json()["code"] == "queue.not_your_block"
    # The offline tickets arrived before the server's A006: they are called first.
    assert [call(hall, "2").json()["ticket"]["number"] for _ in range(1)] == ["A001"]


def test_devices_act_only_as_themselves(tmp_path: Path) -> None:
    settings = load_settings(
        None,
        {
            "data_dir": str(tmp_path / "hall"),
            "devices": {
                "K01": token_digest("tok-k01"),
                "C01": token_digest("tok-c01"),
                "C02": token_digest("tok-c02"),
            },
        },
    )
    with BackgroundHall(settings) as h:
        anon = requests.post(
            f"{h.url}{Q}/tickets", json={"category": "A"}, headers=dev("K01"), timeout=10
        )
        assert anon.status_code == 401 and anon.json()["code"] == "queue.token_missing"
        bad = requests.post(
            f"{h.url}{Q}/tickets",
            json={"category": "A"},
            headers={"Authorization": "Bearer nope"},
            timeout=10,
        )
        assert bad.status_code == 401 and bad.json()["code"] == "queue.token_unknown"
        ok = requests.post(
            f"{h.url}{Q}/tickets",
            json={"category": "A"},
            headers={"Authorization": "Bearer tok-k01"},
            timeout=10,
        )
        assert ok.status_code == 200 and ok.json()["device_code"] == "K01"
        # Window 1 belongs to C01: C02 may not call for it.
        other = requests.post(
            f"{h.url}{Q}/windows/1/call",
            json={},
            headers={"Authorization": "Bearer tok-c02"},
            timeout=10,
        )
        assert other.status_code == 403 and other.json()["code"] == "queue.not_your_window"
        strict = requests.post(
            f"{h.url}{Q}/tickets",
            json={"category": "a1"},
            headers={"Authorization": "Bearer tok-k01"},
            timeout=10,
        )
        assert strict.status_code == 422 and strict.json()["params"]["fields"] == ["category"]


TAKER = """
import json, sys, requests
url, device, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = requests.Session()
out = []
for _ in range(n):
    r = s.post(url + "/api/v1/queue/tickets", json={"category": "A"},
               headers={"X-OneWindow-Device": device}, timeout=30)
    r.raise_for_status()
    out.append(r.json()["number"])
print(json.dumps(out))
"""


def test_three_processes_taking_300_tickets_at_once_get_300_numbers(
    hall: BackgroundHall,
) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", TAKER, hall.url, f"K0{i}", "100"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for i in (1, 2, 3)
    ]
    numbers: list[str] = []
    for p in procs:
        out, _ = p.communicate(timeout=300)
        assert p.returncode == 0
        numbers += json.loads(out)
    assert len(numbers) == 300 and len(set(numbers)) == 300
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 301)]


HOT_INDEXES = {
    "hall_tickets_day_state",
    "hall_events_day_win_kind",
    "hall_events_day_kind",
    "hall_events_reported",
}


def _indexes(h: BackgroundHall) -> set[str]:
    db = h.store._db
    if db.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE tablename LIKE 'hall_%'"
    return {str(r[0]) for r in db.execute(sql).fetchall()}


def test_a_database_made_before_the_indexes_gets_them_at_start(hall: BackgroundHall) -> None:
    assert _indexes(hall) >= HOT_INDEXES
    t = take(hall)
    with hall.store._unit:  # the database as an older hall server left it
        for name in HOT_INDEXES:
            hall.store._db.execute(f"DROP INDEX {name}")
    assert not HOT_INDEXES & _indexes(hall)
    hall.stop()
    hall.start()
    assert _indexes(hall) >= HOT_INDEXES
    assert call(hall, "1").json()["ticket"]["id"] == t["id"]  # the data stayed
