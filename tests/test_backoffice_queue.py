"""The back office's side of the hall's queue (issue 15): appointments, queue events, figures.

A real back office over HTTP on loopback (backoffice.server.BackgroundBackoffice)
on SQLite, and on a real PostgreSQL in `make test-postgresql` (marker
``postgresql_later``): staff offer slots, a kiosk books one for a card holder,
the hall server (an enrolled device of its hall) fetches the day's appointments
and checks a citizen in with hall.checkin, reports its queue events (each
stored once) and the supervisor reads the figures on the staff page. The hall
side's link (hall.backoffice_link) is run against the back office down and up.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from core.appointments import Appointment
from hall.checkin import AppointmentList, holder_digest
from tests._backoffice_fixture import APPLICANT_ID, free_port
from tests._staff_fixture import PASSWORD, bearer, device_token, staff_token

ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql_later)]
API = "/api/v1"
HALL = "FS01"
OTHER_ID = "11010519491231002X"  # a second (fictitious) card holder


@pytest.fixture(params=ENGINES)
def bo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BackgroundBackoffice]:
    """A back office on this test's engine (no open access: every caller has a token)."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_server").fresh_database()
    with BackgroundBackoffice(
        tmp_path / "backoffice", tokens=["operator-token"], database_url=url
    ) as b:
        yield b
    if url:
        request.getfixturevalue("postgres_server").drop(url)


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def offset_of(t: dt.datetime) -> str:
    minutes = int(t.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def slot_around_now(capacity: int = 2, category: str = "A") -> dict[str, Any]:
    """A slot of today that check-in now is on time for (the machine's own offset)."""
    now = local_now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(midnight, now - dt.timedelta(minutes=10))
    end = min(midnight + dt.timedelta(hours=23, minutes=59), now + dt.timedelta(minutes=20))
    return {
        "category": category,
        "day": now.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "capacity": capacity,
        "utc_offset": offset_of(now),
    }


def post(bo: BackgroundBackoffice, path: str, token: str, body: Any) -> requests.Response:
    return requests.post(f"{bo.url}{API}{path}", json=body, headers=bearer(token), timeout=10)


def get(bo: BackgroundBackoffice, path: str, token: str) -> requests.Response:
    return requests.get(f"{bo.url}{API}{path}", headers=bearer(token), timeout=10)


def booking(slot: dict[str, Any], id_number: str) -> dict[str, str]:
    return {"slot_id": slot["id"], "id_number": id_number}


def appointment_of(entry: dict[str, Any]) -> Appointment:
    return Appointment(
        entry["code"],
        entry["category"],
        dt.datetime.fromisoformat(entry["start"]),
        dt.datetime.fromisoformat(entry["end"]),
        entry["holder"],
    )


# ---------------------------------------------------------------- 1. appointments


def test_a_booked_slot_reaches_its_hall_with_the_holder_as_hmac_and_checks_in_on_time(
    bo: BackgroundBackoffice,
) -> None:
    admin = staff_token(bo, "root", "admin")
    clerk = staff_token(bo, "clerk1", "clerk", HALL)
    kiosk = device_token(bo, HALL, "K01")
    hall_server = device_token(bo, HALL, "HS01")
    elsewhere = device_token(bo, "FS02", "HS01")
    body = slot_around_now(capacity=2)

    # Slots: administrators and supervisors only; the same slot again is the same slot.
    assert post(bo, f"/halls/{HALL}/slots", clerk, body).json()["code"] == (
        "bo.role_cannot_make_slots"
    )
    assert post(bo, f"/halls/{HALL}/slots", kiosk, body).status_code == 403  # a device
    made = post(bo, f"/halls/{HALL}/slots", admin, body)
    assert made.status_code == 201, made.text
    slot = made.json()
    again = post(bo, f"/halls/{HALL}/slots", admin, body)
    assert again.status_code == 200 and again.json()["id"] == slot["id"]
    clash = post(bo, f"/halls/{HALL}/slots", admin, {**body, "capacity": 9})
    assert clash.status_code == 409 and clash.json()["code"] == "bo.slot_exists"
    backwards = post(bo, f"/halls/{HALL}/slots", admin, {**body, "end": body["start"]})
    assert backwards.status_code == 422 and backwards.json()["code"] == "bo.slot_times"

    # A kiosk of the hall books it for a card holder; the same holder again: the same code.
    booked = post(bo, f"/halls/{HALL}/appointments", kiosk, booking(slot, APPLICANT_ID))
    assert booked.status_code == 201, booked.text
    code = booked.json()["code"]
    assert re.fullmatch(r"YY[A-Z2-9]{20}", code) and booked.json()["slot"]["booked"] == 1
    twice = post(bo, f"/halls/{HALL}/appointments", kiosk, booking(slot, APPLICANT_ID))
    assert twice.status_code == 200 and twice.json()["code"] == code
    # Another hall's device may neither book here nor see the slot exists.
    stranger = post(bo, "/halls/FS02/appointments", elsewhere, booking(slot, OTHER_ID))
    assert stranger.status_code == 404 and stranger.json()["code"] == "bo.no_slot"
    refused = post(bo, f"/halls/{HALL}/appointments", elsewhere, booking(slot, OTHER_ID))
    assert refused.status_code == 403 and refused.json()["code"] == "bo.other_hall"
    # A clerk of the hall books the last place; then it is full.
    second = post(bo, f"/halls/{HALL}/appointments", clerk, booking(slot, OTHER_ID))
    assert second.status_code == 201 and second.json()["slot"]["booked"] == 2
    third = {"slot_id": slot["id"], "id_number": "440604199003071230"}  # a third holder
    full = post(bo, f"/halls/{HALL}/appointments", kiosk, third)
    assert full.status_code == 409 and full.json()["code"] == "bo.slot_full"
    listed = get(bo, f"/halls/{HALL}/slots?day={body['day']}", kiosk).json()["slots"]
    assert [(s["id"], s["booked"], s["capacity"]) for s in listed] == [(slot["id"], 2, 2)]

    # The hall server fetches the day: holders as HMACs under the hall's key, no ID number.
    day = body["day"]
    answer = get(bo, f"/halls/{HALL}/appointments?day={day}", hall_server)
    assert answer.status_code == 200, answer.text
    assert APPLICANT_ID not in answer.text and OTHER_ID not in answer.text
    data = answer.json()
    key = bytes.fromhex(data["holder_key"])
    mine = next(a for a in data["appointments"] if a["code"] == code)
    assert mine["holder"] == holder_digest(key, APPLICANT_ID)
    assert mine["category"] == "A"
    assert {a["holder"] for a in data["appointments"]} == {
        holder_digest(key, APPLICANT_ID),
        holder_digest(key, OTHER_ID),
    }
    # ... and the back office keeps nothing but those HMACs either.
    rows = bo.store._db.execute("SELECT * FROM appointments").fetchall()
    assert rows and APPLICANT_ID not in repr(rows) and OTHER_ID not in repr(rows)

    # Another hall's device (its own hall server) cannot fetch this hall's; staff neither.
    other = get(bo, f"/halls/{HALL}/appointments?day={day}", elsewhere)
    assert other.status_code == 403 and other.json()["code"] == "bo.other_hall"
    assert get(bo, f"/halls/{HALL}/appointments?day={day}", admin).status_code == 403
    assert get(bo, f"/halls/FS02/appointments?day={day}", elsewhere).json()["appointments"] == []
    nobody = requests.get(f"{bo.url}{API}/halls/{HALL}/appointments?day={day}", timeout=10)
    assert nobody.status_code == 401

    # The hall's list from what it fetched: the card on time is a priority check-in.
    book = AppointmentList(b"placeholder-key-before-the-fetch")
    book.replace([appointment_of(a) for a in data["appointments"]], key=key)
    now = local_now()
    by_card = book.check_in(category="A", id_number=APPLICANT_ID, appointment_code="", now=now)
    assert (by_card.priority, by_card.appointment_code) == ("appointment", code)
    by_qr = book.check_in(category="A", id_number="", appointment_code=code, now=now)
    assert by_qr.priority == "appointment"
    late = book.check_in(
        category="A", id_number=APPLICANT_ID, appointment_code="", now=now + dt.timedelta(hours=2)
    )
    assert late.priority == "" and late.note == "appointment.too_late"


def test_a_slots_last_place_goes_once_when_two_book_at_once(bo: BackgroundBackoffice) -> None:
    admin = staff_token(bo, "root", "admin")
    kiosks = [device_token(bo, HALL, f"K0{n}") for n in (1, 2)]
    slot = post(bo, f"/halls/{HALL}/slots", admin, slot_around_now(capacity=1)).json()
    answers: list[int] = []

    def book(token: str, id_number: str) -> None:
        r = post(bo, f"/halls/{HALL}/appointments", token, booking(slot, id_number))
        answers.append(r.status_code)

    threads = [
        threading.Thread(target=book, args=(t, n))
        for t, n in zip(kiosks, (APPLICANT_ID, OTHER_ID), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [201, 409]
    assert bo.store.slot(slot["id"]).booked == 1  # type: ignore[union-attr]


# ---------------------------------------------------------------- 2. queue events


def day_events(hall: str = HALL, day: dt.date | None = None) -> list[dict[str, Any]]:
    """A small day: A001–A003 and B001 arrive, are called, served or 过号."""
    day = day or local_now().date()
    at = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.timezone(dt.timedelta(hours=8)))
    out: list[dict[str, Any]] = []

    def ev(kind: str, number: str, minute: int, **kw: Any) -> None:
        when = (at + dt.timedelta(minutes=minute)).isoformat(timespec="milliseconds")
        out.append(
            {"id": f"ev{len(out):03d}", "hall_code": hall, "kind": kind, "at": when,
             "number": number, "category": number[0], **kw}
        )  # fmt: skip

    for n, number in enumerate(("A001", "A002", "A003", "B001")):
        ev("arrive", number, n)
    ev("call", "A001", 5, window="1", wait_s=60)
    ev("call", "A002", 6, window="2", wait_s=120)
    ev("call", "B001", 7, window="3", wait_s=30)
    ev("end", "A001", 8, window="1", service_s=100, case_id="c" * 32)
    ev("end", "A002", 9, window="2", service_s=200)
    ev("end", "B001", 10, window="3", service_s=50)
    ev("call", "A003", 11, window="1", wait_s=300)
    ev("recall", "A003", 12, window="1")
    ev("no_show", "A003", 13, window="1")
    return out


def test_events_posted_twice_are_stored_once_and_the_figures_follow(
    bo: BackgroundBackoffice,
) -> None:
    hall_server = device_token(bo, HALL, "HS01")
    elsewhere = device_token(bo, "FS02", "HS01")
    supervisor = staff_token(bo, "boss", "supervisor")
    events = day_events()
    first = post(bo, "/queue-events", hall_server, {"events": events[:8]})
    assert first.status_code == 200, first.text
    assert first.json() == {"accepted": [e["id"] for e in events[:8]], "already": []}
    # The whole day again (the hall was unsure the first batch arrived): only the rest is new.
    again = post(bo, "/queue-events", hall_server, {"events": events})
    assert again.json() == {
        "accepted": [e["id"] for e in events[8:]],
        "already": [e["id"] for e in events[:8]],
    }
    n = bo.store._db.execute("SELECT COUNT(*) FROM queue_events").fetchone()[0]
    assert n == len(events)
    # Another hall's device may not report this hall's events; a staff token is no device.
    wrong = post(bo, "/queue-events", elsewhere, {"events": events[:1]})
    assert wrong.status_code == 403 and wrong.json()["code"] == "bo.events_other_hall"
    assert post(bo, "/queue-events", supervisor, {"events": events[:1]}).status_code == 403

    day = events[0]["at"][:10]
    stats = get(bo, f"/halls/{HALL}/queue-stats?day={day}", supervisor)
    assert stats.status_code == 200, stats.text
    s = stats.json()
    assert s["by_category"]["A"] == {
        "tickets": 3, "served": 2, "no_shows": 1, "avg_wait_s": 160, "p90_wait_s": 300,
        "avg_service_s": 150, "p90_service_s": 200,
    }  # fmt: skip
    assert s["by_category"]["B"]["tickets"] == 1 and s["by_category"]["B"]["avg_wait_s"] == 30
    assert list(s["by_window"]) == ["1", "2", "3"]
    assert s["by_window"]["1"] == {
        "tickets": 2, "served": 1, "no_shows": 1, "avg_wait_s": 180, "p90_wait_s": 300,
        "avg_service_s": 100, "p90_service_s": 100,
    }  # fmt: skip
    clerk = staff_token(bo, "clerk1", "clerk")
    assert get(bo, f"/halls/{HALL}/queue-stats?day={day}", clerk).json()["code"] == (
        "bo.role_cannot_read_queue"
    )
    bad_day = get(bo, f"/halls/{HALL}/queue-stats?day=2026-02-30", supervisor)
    assert bad_day.status_code == 422 and bad_day.json()["code"] == "bo.bad_day"


def test_two_workers_taking_the_same_events_at_once_store_each_once(
    bo: BackgroundBackoffice,
) -> None:
    """Two stores on one database (two workers' processes share nothing else): the same
    batches sent to both at once are stored once, by the database's unique key."""
    from backoffice.store import BackofficeStore
    from wire.queue import QueueEvent

    other = BackofficeStore(bo.data_dir, bo.store.database_url)
    try:
        events = [QueueEvent.model_validate(e) for e in day_events()]
        taken: list[tuple[list[str], list[str]]] = []
        barrier = threading.Barrier(4)

        def send(store: BackofficeStore) -> None:
            barrier.wait()
            for one in events:
                taken.append(store.take_queue_events([one]))

        threads = [threading.Thread(target=send, args=(s,)) for s in (bo.store, other) * 2]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        accepted = [i for a, _ in taken for i in a]
        assert sorted(accepted) == sorted(e.id for e in events)  # each once, none lost
        n = bo.store._db.execute("SELECT COUNT(*) FROM queue_events").fetchone()[0]
        assert n == len(events)
    finally:
        other.close()


# ---------------------------------------------------------------- 3. the supervisor's page


class StaffPage:
    """A signed-in staff session over plain HTTP (as tests/test_review_pages.py's Page)."""

    def __init__(self, bo: BackgroundBackoffice, login: str) -> None:
        self.bo = bo
        self.http = requests.Session()
        form = self.http.get(f"{bo.url}/staff/sign-in", timeout=5)
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert token is not None
        r = self.http.post(
            f"{bo.url}/staff/sign-in",
            data={"login": login, "password": PASSWORD, "csrf": token[1]},
            allow_redirects=False,
            timeout=5,
        )
        assert r.status_code == 303, r.text

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.bo.url}{path}", timeout=5)


def cells(html: str, table: str, row_attr: str, key: str) -> dict[str, str]:
    """The figures of one row of a page's table: {class: text} (times in seconds)."""
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    row = body.split(f'{row_attr}="{key}"', 1)[1].split("</tr>", 1)[0]
    out = {}
    for m in re.finditer(
        r'<td data-label="[^"]*"(?: data-s="(\d+)")? class="([a-z0-9-]+)">([^<]*)<', row
    ):
        secs, cls, text = m.groups()
        out[cls] = secs if secs is not None else text
    return out


def test_the_supervisor_page_shows_the_days_figures_per_category_and_window(
    bo: BackgroundBackoffice,
) -> None:
    hall_server = device_token(bo, HALL, "HS01")
    events = day_events()
    assert post(bo, "/queue-events", hall_server, {"events": events}).status_code == 200
    post(bo, "/queue-events", device_token(bo, "FS02", "HS01"), {"events": day_events("FS02")})
    staff_token(bo, "boss", "supervisor")
    staff_token(bo, "root", "admin")
    staff_token(bo, "hallboss", "supervisor", "FS02")
    staff_token(bo, "clerk1", "clerk")
    day = events[0]["at"][:10]

    boss = StaffPage(bo, "boss")
    assert 'href="/staff/queue"' in boss.get("/staff/supervisor").text  # linked from there
    page = boss.get(f"/staff/queue?hall={HALL}&day={day}")
    assert page.status_code == 200, page.text
    assert cells(page.text, "by-category", "data-category", "A") == {
        "tickets": "3", "served": "2", "no-shows": "1", "avg-wait": "160", "p90-wait": "300",
        "avg-service": "150", "p90-service": "200",
    }  # fmt: skip
    assert "2 分 40 秒" in page.text  # 160 s as people read it
    assert cells(page.text, "by-window", "data-window", "2") == {
        "tickets": "1", "served": "1", "no-shows": "0", "avg-wait": "120", "p90-wait": "120",
        "avg-service": "200", "p90-service": "200",
    }  # fmt: skip
    assert cells(page.text, "by-window", "data-window", "1")["no-shows"] == "1"
    # The administrator too; a hall-bound supervisor sees only their hall, whatever asked.
    assert StaffPage(bo, "root").get(f"/staff/queue?hall={HALL}&day={day}").status_code == 200
    bound = StaffPage(bo, "hallboss").get(f"/staff/queue?hall={HALL}&day={day}").text
    assert "排队统计 · FS02" in bound and f'value="{HALL}"' not in bound
    # A clerk may not; nor may anyone signed out.
    assert StaffPage(bo, "clerk1").get("/staff/queue").status_code == 403
    out = requests.get(f"{bo.url}/staff/queue", allow_redirects=False, timeout=5)
    assert out.status_code in (303, 307)
    empty = boss.get(f"/staff/queue?hall={HALL}&day=2001-01-01").text
    assert "这一天没有排队记录" in empty


# ---------------------------------------------------------------- 4. the hall's link


def test_the_halls_link_keeps_its_events_while_the_back_office_is_down_and_sends_them_once(
    tmp_path: Path,
) -> None:
    from hall.backoffice_link import BackOfficeLink
    from hall.config import load_settings
    from hall.store import HallStore

    bo = BackgroundBackoffice(tmp_path / "backoffice", port=free_port(), tokens=["op"]).start()
    try:
        token = device_token(bo, HALL, "HS01")
        admin = staff_token(bo, "root", "admin")
        kiosk = device_token(bo, HALL, "K01")
        slot = post(bo, f"/halls/{HALL}/slots", admin, slot_around_now()).json()
        code = post(bo, f"/halls/{HALL}/appointments", kiosk, booking(slot, APPLICANT_ID)).json()[
            "code"
        ]
    finally:
        bo.stop()  # the back office is down (its address stays the same)

    hall = HallStore(load_settings(None, {"data_dir": str(tmp_path / "hall"), "hall_code": HALL}))
    book = AppointmentList(b"the hall's key before any fetch")
    link = BackOfficeLink(bo.url, token, HALL, hall, book, timeout_s=2)
    try:
        for _ in range(3):  # three tickets taken, printed, one called and served
            t = hall.take("A", "K01")
            hall.printed(t.id, "K01")
        hall.call("2")
        hall.start("2")
        hall.end("2")
        made = len(hall.unsent_events(1000))
        assert made == 6  # 3 arrive, call, start, end

        down = link.run_once()
        assert down.failed == ["events", "appointments"] and down.sent == 0
        assert len(hall.unsent_events(1000)) == made  # kept, none lost
        cardholder = book.check_in(
            category="A", id_number=APPLICANT_ID, appointment_code="", now=local_now()
        )
        assert cardholder.note == "appointment.none_found"  # nothing fetched yet

        bo.start()  # back up, at the same address
        # The first batch arrived once but its answer was lost: the link sends it again.
        lost = [e.model_dump(mode="json") for e in hall.unsent_events(2)]
        assert post(bo, "/queue-events", token, {"events": lost}).status_code == 200
        t4 = hall.take("B", "K01")
        hall.printed(t4.id, "K01")  # one more while it was away

        up = link.run_once()
        assert up.ok, up
        assert (up.sent, up.already, up.appointments) == (made + 1 - 2, 2, 1)
        assert hall.unsent_events(1000) == []
        n = bo.store._db.execute(
            "SELECT COUNT(*) FROM queue_events WHERE hall_code = ?", (HALL,)
        ).fetchone()[0]
        assert n == made + 1  # every event once
        assert link.run_once().sent == 0  # nothing twice

        # The appointments came with the hall's key: the card on time gets priority.
        on_time = book.check_in(
            category="A", id_number=APPLICANT_ID, appointment_code="", now=local_now()
        )
        assert (on_time.priority, on_time.appointment_code) == ("appointment", code)

        # The figures at the back office are the hall's own.
        supervisor = staff_token(bo, "boss", "supervisor")
        day = hall.clock().date().isoformat()
        theirs = get(bo, f"/halls/{HALL}/queue-stats?day={day}", supervisor).json()
        ours = hall.stats(day).model_dump(mode="json")
        assert theirs["by_category"] == ours["by_category"]
        assert theirs["by_category"]["A"]["tickets"] == 3

        # The thread does the same on its own.
        t5 = hall.take("A", "K01")
        hall.printed(t5.id, "K01")
        link.interval_s = 0.05
        link.start()
        deadline = dt.datetime.now() + dt.timedelta(seconds=10)
        while hall.unsent_events(10) and dt.datetime.now() < deadline:
            threading.Event().wait(0.05)
        assert hall.unsent_events(10) == []
    finally:
        link.stop()
        hall.close()
        bo.stop()


@pytest.mark.parametrize("hall_engine", ENGINES)
def test_an_event_the_back_office_refuses_for_good_is_set_aside_and_the_rest_arrive_once(
    request: pytest.FixtureRequest, tmp_path: Path, hall_engine: str
) -> None:
    """The hall store on SQLite and on PostgreSQL (its set-aside rows), the back
    office on SQLite."""
    from hall.backoffice_link import BackOfficeLink
    from hall.config import load_settings
    from hall.server import BackgroundHall

    overrides: dict[str, Any] = {"data_dir": str(tmp_path / "hall"), "hall_code": HALL}
    db_url = ""
    if hall_engine == "postgresql":
        db_url = request.getfixturevalue("postgres_server").fresh_database()
        overrides["database_url"] = db_url
    bo = BackgroundBackoffice(tmp_path / "backoffice", port=free_port(), tokens=["op"]).start()
    settings = load_settings(None, overrides)
    try:
        with BackgroundHall(settings) as h:
            token = device_token(bo, HALL, "HS01")
            store = h.store
            for _ in range(5):
                t = store.take("A", "K01")
                store.printed(t.id, "K01")
            events = store.unsent_events(1000)
            assert len(events) == 5
            bad = events[2].id
            with store._unit:  # a row the back office cannot take: its time is no time
                store._db.execute("UPDATE hall_events SET at = 'yesterday' WHERE id = ?", (bad,))
            link = BackOfficeLink(bo.url, token, HALL, store, timeout_s=5, batch=4)
            first = link.run_once()
            assert first.ok, first
            assert (first.sent, first.set_aside) == (4, 1)
            assert store.unsent_events(1000) == []
            health = requests.get(f"{h.url}/health", timeout=5).json()
            assert health["events_set_aside"] == 1

            # Later events go on as before; the refused one is not sent again.
            t = store.take("B", "K01")
            store.printed(t.id, "K01")
            again = link.run_once()
            assert (again.sent, again.already, again.set_aside) == (1, 0, 0)
            rows = bo.store._db.execute(
                "SELECT id FROM queue_events WHERE hall_code = ?", (HALL,)
            ).fetchall()
            ids = [r[0] for r in rows]
            assert len(ids) == len(set(ids)) == 5 and bad not in ids  # each once
            assert link.run_once().sent == 0
            status = store._db.execute(
                "SELECT status FROM hall_set_aside WHERE id = ?", (bad,)
            ).fetchone()
            assert status[0] == 422
    finally:
        bo.stop()
        if db_url:
            request.getfixturevalue("postgres_server").drop(db_url)


def test_a_back_office_error_keeps_the_events_for_the_next_round(tmp_path: Path) -> None:
    from hall.backoffice_link import BackOfficeLink, refused_for_good
    from hall.config import load_settings
    from hall.store import HallStore

    assert refused_for_good(422) and refused_for_good(400)
    assert not any(refused_for_good(s) for s in (401, 403, 408, 409, 429, 500, 503))
    bo = BackgroundBackoffice(tmp_path / "backoffice", port=free_port(), tokens=["op"]).start()
    store = HallStore(load_settings(None, {"data_dir": str(tmp_path / "hall"), "hall_code": HALL}))
    try:
        t = store.take("A", "K01")
        store.printed(t.id, "K01")
        # Not an enrolled device: 401 passes on its own (a token being enrolled), kept.
        wrong = BackOfficeLink(bo.url, "not-a-token", HALL, store, timeout_s=5)
        r = wrong.run_once()
        assert r.failed == ["events"] and r.set_aside == 0
        assert len(store.unsent_events(10)) == 1 and store.set_aside_count() == 0
        wrong.stop()
    finally:
        store.close()
        bo.stop()
