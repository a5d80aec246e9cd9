"""Queue benchmark: one simulated hall day against a real hall server, one JSON line.

    python -m bench.queue                          2,000 tickets, 3 kiosks, 30 windows
    python -m bench.queue --tickets 60 --windows 4 a quick run (the smoke test's)
    python -m bench.queue --server http://hall:8766  against a running (open) hall

By default the hall server is hall.server.BackgroundHall on SQLite in a temp
folder, with 30 windows over the demo hall's four categories and the day's
appointments (hall.checkin.AppointmentList). Time is compressed: the day is
the ticket sequence, nothing waits for real hours. Kiosk threads take tickets
one after the other (some priority, some by appointment: the QR code or the
card's ID number), window threads call, recall, start, transfer and serve.
Mid-day the server is stopped and started again twice on the same port and
data folder (not with ``--server``); every device retries until it answers. One
kiosk (K03) reserves number blocks (POST /blocks) before the day, is offline
for an hour of the simulated eight (an eighth of its tickets, issued from its
blocks with no server), and reports them (POST /offline-tickets) when back.
A thread follows /display/events as a hall TV would.

Figures: ``tickets_issued`` (printed, online or offline), ``duplicates`` (a
number given twice on the day), ``called_twice`` (a ticket called by two
windows, or again with no recall or transfer in between), ``lost`` (a printed
ticket never called and not waiting at the day's end), ``take_ms_p99`` (POST
/tickets), ``call_ms_p99`` (POST /windows/{w}/call), ``display_latency_ms_p99``
(from a call's POST to its SSE ``call`` event), and what the day held.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import requests

from core.appointments import Appointment
from core.queue import format_number
from hall.checkin import AppointmentList, holder_digest
from hall.config import HallSettings, WindowConfig, load_settings
from hall.server import BackgroundHall

Q = "/api/v1/queue"
CATEGORIES = {"A": 0.4, "B": 0.25, "C": 0.2, "D": 0.15}  # the share of the day's tickets
PRIORITIES = ["elderly", "disabled", "pregnant", "military"]
KEY = b"bench-queue-appointments-key-32b"
OFFLINE_KIOSK = "K03"
DAY_HOURS = 8  # the simulated day; the offline kiosk is away for one of them


def _p99_ms(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1)


def hall_settings(data_dir: str, windows: int) -> HallSettings:
    """The demo hall's categories with ``windows`` windows: each serves one category
    first and the next one after it; every third picks whoever waited longest."""
    cats = list(CATEGORIES)
    wins = [
        WindowConfig(
            code=str(i + 1),
            categories=[cats[i % len(cats)], cats[(i + 1) % len(cats)]],
            mode="longest" if i % 3 == 2 else "order",
        )
        for i in range(windows)
    ]
    return load_settings(None, {"data_dir": data_dir, "windows": [w.model_dump() for w in wins]})


def id_number(i: int) -> str:
    return f"44060419800101{i:03d}{'X' if i % 2 else '1'}"


class Day:
    """What the simulated day saw, shared by every thread (each change under its lock)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.printed: list[str] = []  # numbers printed (online and offline)
        self.offline: list[str] = []
        self.calls: Counter[str] = Counter()
        self.transfers: Counter[str] = Counter()
        self.recalls = 0
        self.appointments = 0
        self.priority = 0
        self.voided = 0
        self.take_s: list[float] = []
        self.call_s: list[float] = []
        self.call_sent: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.shown: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.current: dict[str, str] = {}  # window → number it has called or serves
        self.held_twice = 0  # a number some other window holds as well
        self.odd: list[str] = []  # what counted as called twice, for stderr
        self.busy = 0  # windows between a call and their next one
        self.kiosks_done = 0
        self.drained = threading.Event()
        self.following = threading.Event()  # the display's stream is open


class Client:
    """One device's HTTP session to the hall; retries while the server is away.
    Used by the one thread that made it."""

    def __init__(self, url: str, device: str, deadline: float) -> None:
        self.url = url
        self.session = requests.Session()
        self.session.headers["X-OneWindow-Device"] = device
        self.deadline = deadline

    def post(
        self, path: str, body: dict[str, Any] | None = None
    ) -> tuple[requests.Response, float]:
        """The answer and how long its (successful) attempt took."""
        while True:
            t0 = time.monotonic()
            try:
                r = self.session.post(self.url + path, json=body, timeout=30)
                return r, time.monotonic() - t0
            except requests.RequestException:
                if time.monotonic() > self.deadline:
                    raise
                self.session.close()  # the connection died with the server: a new one
                time.sleep(0.02)

    def get(self, path: str) -> requests.Response:
        while True:
            try:
                return self.session.get(self.url + path, timeout=30)
            except requests.RequestException:
                if time.monotonic() > self.deadline:
                    raise
                self.session.close()
                time.sleep(0.02)


def _ok(r: requests.Response) -> dict[str, Any]:
    if r.status_code != 200:
        raise RuntimeError(f"{r.request.method} {r.request.path_url}: {r.status_code} {r.text}")
    out: dict[str, Any] = r.json()
    return out


def kiosk(
    day: Day,
    url: str,
    device: str,
    plan: list[tuple[str, str, str]],
    deadline: float,
    seed: int,
) -> None:
    """Take (and print) the planned tickets; K03 issues an eighth of them offline."""
    rnd = random.Random(seed)
    c = Client(url, device, deadline)
    today = dt.date.today().isoformat()
    offline_from, offline_to = len(plan) * 3 // DAY_HOURS, len(plan) * 4 // DAY_HOURS
    blocks: dict[str, list[int]] = {}
    if device == OFFLINE_KIOSK:  # numbers kept before the day: enough for the hour away
        need = Counter(cat for cat, _p, _a in plan[offline_from:offline_to])
        for cat, n in need.items():
            b = _ok(c.post(f"{Q}/blocks", {"category": cat, "day": today, "size": n})[0])
            blocks[cat] = list(range(b["first"], b["last"] + 1))
    away: list[dict[str, str]] = []
    for i, (cat, priority, appt) in enumerate(plan):
        if blocks and offline_from <= i < offline_to:
            number = format_number(cat, blocks[cat].pop(0))
            issued = dt.datetime.now().astimezone().isoformat(timespec="milliseconds")
            away.append({"number": number, "category": cat, "day": today, "issued_at": issued})
            if priority not in ("", "appointment"):
                away[-1]["priority"] = priority
            continue
        if blocks and i == offline_to:
            _report(day, c, away)
        body: dict[str, str] = {"category": cat}
        if appt:
            key = "appointment_code" if appt.startswith("APPT") else "id_number"
            body[key] = appt
        elif priority:
            body["priority"] = priority
        r, took = c.post(f"{Q}/tickets", body)
        t = _ok(r)
        with day.lock:
            day.take_s.append(took)
        if rnd.random() < 0.01:  # the print failed: the ticket is never called
            _ok(c.post(f"{Q}/tickets/{t['id']}/void")[0])
            with day.lock:
                day.voided += 1
            continue
        _ok(c.post(f"{Q}/tickets/{t['id']}/printed")[0])
        with day.lock:
            day.printed.append(t["number"])
            day.appointments += t["priority"] == "appointment"
            day.priority += t["priority"] not in ("", "appointment")
    if blocks and len(plan) <= offline_to:
        _report(day, c, away)
    with day.lock:
        day.kiosks_done += 1


def _report(day: Day, c: Client, away: list[dict[str, str]]) -> None:
    """Back from the hour away: the offline tickets, each taken in once (sent twice)."""
    if not away:
        return
    got = _ok(c.post(f"{Q}/offline-tickets", {"tickets": away})[0])
    again = _ok(c.post(f"{Q}/offline-tickets", {"tickets": away})[0])
    if again["accepted"]:
        raise RuntimeError(f"offline tickets taken in twice: {again['accepted']}")
    with day.lock:
        day.printed += got["accepted"]
        day.offline += got["accepted"]


def window(day: Day, url: str, code: str, kiosks: int, deadline: float, seed: int) -> None:
    """Call, now and then recall or transfer, start, serve; until the day is drained."""
    rnd = random.Random(seed)
    c = Client(url, f"W{code}", deadline)
    cats = list(CATEGORIES)
    while not day.drained.is_set():
        with day.lock:
            day.busy += 1  # before the call: a ticket on its way here is not "drained"
        r, took = c.post(f"{Q}/windows/{code}/call", {})
        if r.status_code == 409 and r.json()["code"] == "queue.still_called":
            # The call went through but its answer was lost in a restart: take it up.
            current = _ok(c.get(f"{Q}/windows/{code}"))["current"]
            ticket = current
        else:
            ticket = _ok(r)["ticket"]
            if ticket is not None:
                with day.lock:
                    day.call_s.append(took)
                    day.call_sent[(ticket["number"], code)].append(time.monotonic() - took)
        if ticket is None:
            with day.lock:
                day.busy -= 1
                day.current.pop(code, None)
                idle = day.kiosks_done == kiosks and day.busy == 0
            if idle and sum(k["waiting"] for k in _ok(c.get(f"{Q}/status"))["categories"]) == 0:
                with day.lock:
                    if day.busy == 0:
                        day.drained.set()
            time.sleep(rnd.uniform(0.2, 0.4))  # nobody for this window: look again soon
            continue
        number = ticket["number"]
        with day.lock:
            day.current.pop(code, None)
            if number in day.current.values():
                day.held_twice += 1
                day.odd.append(f"{number} at {code}, held by {day.current}")
            day.current[code] = number
            day.calls[number] += 1
            if day.calls[number] > 1 + day.transfers[number]:
                day.odd.append(f"{number} called again at {code} ({day.calls[number]} calls)")
        if rnd.random() < 0.05:  # nobody came up: 再次呼叫
            rr, _t = c.post(f"{Q}/windows/{code}/recall")
            if rr.status_code == 200:
                with day.lock:
                    day.recalls += 1
        if rnd.random() < 0.03:  # another category's business: transfer, arrival kept
            to = rnd.choice([k for k in cats if k != ticket["category"]])
            with day.lock:  # counted before it is sent: another window may call it at once
                day.transfers[number] += 1
                day.current.pop(code, None)
            tr, _t = c.post(f"{Q}/windows/{code}/transfer", {"category": to})
            if tr.status_code == 200 or tr.json().get("code") == "queue.nobody_called":
                with day.lock:
                    day.busy -= 1
                continue
            day.odd.append(f"transfer of {number} at {code}: {tr.status_code} {tr.text}")
            with day.lock:  # not transferred: still this window's
                day.transfers[number] -= 1
                day.current[code] = number
        c.post(f"{Q}/windows/{code}/start")
        time.sleep(rnd.uniform(0.0, 0.01))  # the service (compressed)
        with day.lock:
            day.busy -= 1
    r, _t = c.post(f"{Q}/windows/{code}/end", {})  # the day's last service


def display(day: Day, url: str, stop: threading.Event) -> None:
    """Follow /display/events like the hall TV; reconnect when the server restarts."""
    last_id = ""
    while not stop.is_set():
        head = {"Last-Event-ID": last_id} if last_id else {}
        try:
            with requests.get(
                url + "/display/events", stream=True, timeout=(5, 30), headers=head
            ) as r:
                buf = ""
                event = ""
                for chunk in r.iter_content(chunk_size=None, decode_unicode=True):
                    at = time.monotonic()
                    day.following.set()
                    buf += chunk
                    *lines, buf = buf.split("\n")
                    for line in lines:
                        if line.startswith("id: "):
                            last_id = line[4:]
                        elif line.startswith("event: "):
                            event = line[7:]
                        elif line.startswith("data: ") and event == "call":
                            c = json.loads(line[6:])
                            if not c["recall"]:
                                with day.lock:
                                    day.shown[(c["number"], c["window"])].append(at)
                    if stop.is_set():
                        return
        except (requests.RequestException, AttributeError):
            pass
        time.sleep(0.02)


def plan_day(tickets: int, kiosks: int, seed: int) -> tuple[list[list[Any]], list[Appointment]]:
    """Each kiosk's tickets (category, priority, appointment QR or card) and the day's
    appointments: about 3 % by appointment, 5 % priority."""
    rnd = random.Random(seed)
    now = dt.datetime.now().astimezone()
    plans: list[list[Any]] = [[] for _ in range(kiosks)]
    appts: list[Appointment] = []
    for i in range(tickets):
        cat = rnd.choices(list(CATEGORIES), weights=list(CATEGORIES.values()))[0]
        priority, appt = "", ""
        roll = rnd.random()
        k = i % kiosks
        if roll < 0.03 and kiosks and k != kiosks - 1:  # the offline kiosk takes none
            n = len(appts)
            holder = holder_digest(KEY, id_number(n))
            appts.append(
                Appointment(
                    f"APPT-{n:06d}",
                    cat,
                    now - dt.timedelta(minutes=5),
                    now + dt.timedelta(hours=DAY_HOURS),
                    holder,
                )
            )
            priority, appt = "appointment", (f"APPT-{n:06d}" if n % 2 else id_number(n))
        elif roll < 0.08:
            priority = rnd.choice(PRIORITIES)
        plans[k].append((cat, priority, appt))
    return plans, appts


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.monotonic()
    deadline = started + args.timeout_s
    kiosks = 3
    plans, appts = plan_day(args.tickets, kiosks, args.seed)
    hall: BackgroundHall | None = None
    tmp = tempfile.TemporaryDirectory(prefix="bench-queue-")
    if args.server:
        url = args.server.rstrip("/")
        plans = [[(c, p if p != "appointment" else "", "") for c, p, _a in pl] for pl in plans]
    else:
        settings = hall_settings(str(Path(tmp.name) / "hall"), args.windows)
        hall = BackgroundHall(settings, checkin=AppointmentList(KEY, appts)).start()
        url = hall.url
    day = Day()
    stop = threading.Event()
    shown = threading.Thread(target=display, args=(day, url, stop), daemon=True)
    shown.start()
    if not day.following.wait(30):
        raise RuntimeError("the display's stream did not open")
    codes = [str(i + 1) for i in range(args.windows)]
    windows = [
        threading.Thread(target=window, args=(day, url, w, kiosks, deadline, args.seed + i))
        for i, w in enumerate(codes)
    ]
    takers = [
        threading.Thread(
            target=kiosk, args=(day, url, f"K0{i + 1}", plans[i], deadline, args.seed + 100 + i)
        )
        for i in range(kiosks)
    ]
    for t in windows + takers:
        t.start()
    restarts = 0
    try:
        if hall is not None:  # restarts mid-day, evenly spread (two: at 1/3 and 2/3)
            for share in [k / (args.restarts + 1) for k in range(1, args.restarts + 1)]:
                while len(day.printed) < args.tickets * share and any(t.is_alive() for t in takers):
                    time.sleep(0.01)
                hall.stop()
                hall.start()
                restarts += 1
        for t in takers:
            t.join(max(1.0, deadline - time.monotonic()))
        for t in windows:
            t.join(max(1.0, deadline - time.monotonic()))
        wall = time.monotonic() - started
        probe = requests.get(url + f"{Q}/status", timeout=30).json()
        waiting_end = sum(k["waiting"] for k in probe["categories"])
    finally:
        stop.set()
        if hall is not None:
            hall.stop()
        shown.join(timeout=5)
        tmp.cleanup()
    if any(t.is_alive() for t in windows + takers):
        raise RuntimeError(f"the day did not end within {args.timeout_s} s")
    for line in day.odd:
        print("bench.queue:", line, file=sys.stderr)
    counts = Counter(day.printed)
    called = set(day.calls)
    latencies: list[float] = []
    missed = 0
    for key, sent in day.call_sent.items():
        seen = day.shown.get(key, [])
        missed += max(0, len(sent) - len(seen))
        latencies += [max(0.0, b - a) for a, b in zip(sent, seen, strict=False)]
    return {
        "tickets_issued": len(day.printed),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "called_twice": day.held_twice
        + sum(max(0, n - 1 - day.transfers[k]) for k, n in day.calls.items()),
        "lost": max(0, len(set(day.printed) - called) - waiting_end),
        "take_ms_p99": _p99_ms(day.take_s),
        "call_ms_p99": _p99_ms(day.call_s),
        "display_latency_ms_p99": _p99_ms(latencies),
        "display_calls_seen": len(latencies),
        "display_calls_missed": missed,  # never reached the display
        "kiosks": kiosks,
        "windows": args.windows,
        "offline_tickets": len(day.offline),
        "appointments": day.appointments,
        "priority": day.priority,
        "voided": day.voided,
        "recalls": day.recalls,
        "transfers": sum(day.transfers.values()),
        "restarts": restarts,
        "waiting_at_end": waiting_end,
        "wall_s": round(wall, 1),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.queue", description=__doc__.split("\n")[0])
    p.add_argument("--tickets", type=int, default=2000)
    p.add_argument("--windows", type=int, default=30)
    p.add_argument("--server", default="", help="a running open hall's URL (default: our own)")
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--restarts", type=int, default=2, help="hall server restarts mid-day")
    p.add_argument("--timeout-s", type=float, default=900.0)
    args = p.parse_args(argv)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    print(json.dumps(run(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
