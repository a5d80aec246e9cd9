"""The hall TV's page (/display) in a real browser, following a real hall server.

Debian's chromium through Selenium (onewindow.staff_browser, skipped when the
browser is missing: the bootstrap installs chromium and chromium-driver)
against a BackgroundHall on loopback: a counter's call reaches the page within
a second of its POST, a recall shows again, the page shows each category's
waiting count and the windows' names, and neither the page nor its event
stream carries a card's ID number or an appointment's code.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from core.appointments import Appointment
from hall.checkin import AppointmentList, holder_digest
from hall.config import load_settings
from hall.server import BackgroundHall
from onewindow.staff_browser import browser_missing, staff_browser

pytestmark = pytest.mark.skipif(bool(browser_missing()), reason=browser_missing() or "ok")

Q = "/api/v1/queue"
ID_NUMBER = "11010519491231002X"
APPT = "APPT-DISPLAY-0001"
KEY = b"d" * 32


def dev(code: str) -> dict[str, str]:
    return {"X-OneWindow-Device": code}  # the open demo hall: a device names itself


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[BackgroundHall]:
    now = dt.datetime.now().astimezone()
    book = AppointmentList(
        KEY,
        [
            Appointment(
                APPT,
                "A",
                now - dt.timedelta(minutes=10),
                now + dt.timedelta(minutes=20),
                holder_digest(KEY, ID_NUMBER),
            )
        ],
    )
    settings = load_settings(None, {"data_dir": str(tmp_path / "hall")})
    with BackgroundHall(settings, checkin=book) as h:
        yield h


@pytest.fixture
def web() -> Iterator[WebDriver]:
    driver = staff_browser(1920, 1080)
    yield driver
    driver.quit()


def take(h: BackgroundHall, category: str, **body: str) -> dict:
    r = requests.post(
        f"{h.url}{Q}/tickets", json={"category": category, **body}, headers=dev("K01"), timeout=10
    )
    assert r.status_code == 200, r.text
    t = r.json()
    p = requests.post(f"{h.url}{Q}/tickets/{t['id']}/printed", headers=dev("K01"), timeout=10)
    assert p.status_code == 200 and p.json()["state"] == "waiting"
    return t


def text_of(driver: WebDriver, element_id: str) -> str:
    return str(driver.execute_script(f"return document.getElementById('{element_id}').textContent"))


def waiting_counts(driver: WebDriver) -> dict[str, str]:
    found = driver.execute_script(
        "const out = {};"
        "for (const li of document.querySelectorAll('#waiting_list li')) {"
        "  out[li.dataset.category] = li.querySelector('b').textContent; }"
        "return out;"
    )
    return dict(found)


class _Stream:
    """The /display/events stream read on its own thread (what a display receives)."""

    def __init__(self, url: str) -> None:
        self.text: list[str] = []
        self._stop = threading.Event()
        self._response = requests.get(url + "/display/events", stream=True, timeout=10)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for line in self._response.iter_lines(decode_unicode=True):
                self.text.append(line or "")
                if self._stop.is_set():
                    return
        except (requests.RequestException, AttributeError):  # closed under the reader
            return

    def close(self) -> str:
        self._stop.set()
        self._response.close()
        self._thread.join(timeout=5)
        return "\n".join(self.text)


def test_a_call_reaches_the_display_within_a_second(hall: BackgroundHall, web: WebDriver) -> None:
    stream = _Stream(hall.url)
    web.get(f"{hall.url}/display")
    wait = WebDriverWait(web, 10, poll_frequency=0.01)
    wait.until(lambda d: text_of(d, "link") == "已连接")
    take(hall, "A")
    take(hall, "A")
    b1 = take(hall, "B")
    mine = take(hall, "A", id_number=ID_NUMBER)  # an appointment on time, by the card
    assert mine["priority"] == "appointment" and mine["appointment_code"] == APPT
    # The waiting counts follow the tickets (A: 3, B: 1) without a call.
    wait.until(lambda d: waiting_counts(d).get("A") == "3" and waiting_counts(d).get("B") == "1")
    assert waiting_counts(web) == {"A": "3", "B": "1", "C": "0", "D": "0"}
    names = web.find_element(By.ID, "waiting_list").text
    assert "综合受理" in names and "公安户政" in names

    # Window 3 serves B first: B001, the moment it is called.
    t0 = time.monotonic()
    r = requests.post(f"{hall.url}{Q}/windows/3/call", json={}, headers=dev("C03"), timeout=10)
    assert r.status_code == 200 and r.json()["ticket"]["number"] == b1["number"]
    wait.until(lambda d: text_of(d, "now_number") == b1["number"])
    latency = time.monotonic() - t0
    assert latency < 1.0, f"the call took {latency:.3f} s to show"
    assert text_of(web, "now_window") == "3号窗口"
    first_at = web.find_element(By.ID, "now").get_attribute("data-at")

    # A recall shows again (a new call on the page, counted in its recall mark).
    t0 = time.monotonic()
    r = requests.post(f"{hall.url}{Q}/windows/3/recall", headers=dev("C03"), timeout=10)
    assert r.status_code == 200 and r.json()["ticket"]["recalls"] == 1
    wait.until(lambda d: d.find_element(By.ID, "now").get_attribute("data-at") != first_at)
    assert time.monotonic() - t0 < 1.0
    assert text_of(web, "now_number") == b1["number"]
    assert web.find_element(By.ID, "now").get_attribute("data-recall") == "1"
    wait.until(lambda d: d.find_element(By.ID, "recent_list").text.count(b1["number"]) == 2)

    # Window 2 (A only): the appointment goes first; its window's name shows.
    requests.post(f"{hall.url}{Q}/windows/3/start", headers=dev("C03"), timeout=10)
    r = requests.post(f"{hall.url}{Q}/windows/2/call", json={}, headers=dev("C02"), timeout=10)
    assert r.json()["ticket"]["number"] == mine["number"]
    wait.until(lambda d: text_of(d, "now_number") == mine["number"])
    assert text_of(web, "now_window") == "2号窗口"
    wait.until(lambda d: waiting_counts(d).get("A") == "2" and waiting_counts(d).get("B") == "0")
    recent = web.find_element(By.ID, "recent_list").text
    assert "2号窗口" in recent and "3号窗口" in recent

    # No personal data: not on the page, not in the stream it follows.
    page = str(web.page_source)
    sent = stream.close()
    assert mine["number"] in sent and "event: call" in sent
    for secret in (ID_NUMBER, APPT, holder_digest(KEY, ID_NUMBER), mine["id"]):
        assert secret not in page
        assert secret not in sent
