"""A virtual ID card reader serving fictitious sample identities.

Used by the demo and the tests in place of a GA/T 467 reader. The sample
people are invented: their ID numbers are valid GB 11643 numbers (computed
with ``core.identity.check_digit``) but belong to no one.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence

from core.config import IdReaderConfig
from core.errors import DeviceError
from core.identity import CardType, Gender, Identity, check_digit
from drivers.base import DeviceLost, IdReader
from drivers.registry import BackendContext


def make_id_number(region: str, birth: dt.date, seq: str) -> str:
    """A valid GB 11643 number from a 6-digit region, a birth date and a 3-digit sequence."""
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + check_digit(first17)


def _person(
    name: str,
    gender: Gender,
    birth: dt.date,
    region: str,
    seq: str,
    address: str,
    authority: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    nation: str = "01",
) -> Identity:
    return Identity(
        card_type=CardType.RESIDENT,
        name=name,
        gender=gender,
        nation=nation,
        birth=birth,
        address=address,
        id_number=make_id_number(region, birth, seq),
        authority=authority,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def sample_identities() -> list[Identity]:
    """Fictitious people with valid numbers; valid_to in the future or 长期 (None)."""
    return [
        _person(
            "张小三", Gender.MALE, dt.date(1988, 6, 15), "440604", "371",
            "广东省佛山市禅城区示例街道幸福路88号", "佛山市公安局禅城分局",
            dt.date(2019, 7, 1), dt.date(2039, 7, 1),
        ),
        _person(
            "李四", Gender.MALE, dt.date(1962, 11, 3), "420106", "053",
            "湖北省武汉市武昌区示例路12号3栋", "武汉市公安局武昌分局",
            dt.date(2012, 3, 20), None,
        ),
        _person(
            "欧阳明华", Gender.FEMALE, dt.date(2001, 2, 28), "330106", "428",
            "浙江省杭州市西湖区示例小区5幢201室", "杭州市公安局西湖分局",
            dt.date(2022, 5, 10), dt.date(2032, 5, 10),
        ),
        _person(
            "王芳", Gender.FEMALE, dt.date(1979, 9, 9), "120101", "246",
            "天津市和平区示例大街7号", "天津市公安局和平分局",
            dt.date(2020, 10, 12), dt.date(2040, 10, 12), nation="03",
        ),
    ]  # fmt: skip


def expired_identity() -> Identity:
    """A fictitious person whose card expired in 2020 (check_identity refuses it)."""
    return _person(
        "赵旧证", Gender.MALE, dt.date(1990, 1, 1), "440604", "555",
        "广东省佛山市禅城区示例路1号", "佛山市公安局禅城分局",
        dt.date(2010, 1, 1), dt.date(2020, 1, 1),
    )  # fmt: skip


class VirtualIdReader(IdReader):
    """A reader with a simulated card slot, for the demo and the tests.

    ``open``/``poll``/``close`` run on the reader's I/O thread (the device
    manager's). ``present``/``remove``/``samples``/``set_connected`` act as
    the citizen or the tester and may be called from any thread.

    ``poll`` returns the identity once per presentation, like a real reader.
    With ``auto_present_s`` set, the next sample card is presented that many
    seconds after ``open`` (once), so a demo runs without clicking.
    """

    backend = "virtual"

    def __init__(
        self,
        identities: Sequence[Identity] | None = None,
        *,
        auto_present_s: float | None = None,
    ) -> None:
        self._samples = list(identities) if identities is not None else sample_identities()
        self.auto_present_s = auto_present_s
        self._lock = threading.Lock()
        self._next = 0
        self._card: Identity | None = None
        self._delivered = False
        self._open = False
        self._connected = True
        self._opened_at = 0.0
        self._auto_done = False

    # ---- the IdReader interface (reader thread) ---------------------------
    def open(self) -> None:
        with self._lock:
            if not self._connected:
                raise DeviceError("id_reader.virtual_unplugged", device="id_reader")
            self._open = True
            self._opened_at = time.monotonic()

    def poll(self) -> Identity | None:
        with self._lock:
            if not self._connected:
                self._open = False
                raise DeviceLost("id_reader.disconnected", device="id_reader")
            if not self._open:
                raise DeviceLost("id_reader.not_open", device="id_reader")
            if (
                self.auto_present_s is not None
                and not self._auto_done
                and time.monotonic() - self._opened_at >= self.auto_present_s
            ):
                self._auto_done = True
                self._present_locked(None)
            if self._card is not None and not self._delivered:
                self._delivered = True
                return self._card
            return None

    def close(self) -> None:
        with self._lock:
            self._open = False

    # ---- the simulated world (any thread) ---------------------------------
    def samples(self) -> list[Identity]:
        """The sample identities this reader cycles through."""
        return list(self._samples)

    def present(self, identity: Identity | None = None) -> Identity:
        """Put a card on the reader (default: the next sample); returns it."""
        with self._lock:
            return self._present_locked(identity)

    def _present_locked(self, identity: Identity | None) -> Identity:
        if identity is None:
            identity = self._samples[self._next % len(self._samples)]
            self._next += 1
        self._card = identity
        self._delivered = False
        return identity

    def remove(self) -> None:
        """Take the card off the reader."""
        with self._lock:
            self._card = None
            self._delivered = False

    @property
    def card_present(self) -> bool:
        with self._lock:
            return self._card is not None

    def set_connected(self, connected: bool) -> None:
        """Simulate unplugging (False) and plugging back (True) the reader."""
        with self._lock:
            self._connected = connected


def create(cfg: IdReaderConfig, ctx: BackendContext) -> VirtualIdReader:
    """The ``virtual`` ID reader backend (registered in pyproject)."""
    return VirtualIdReader(auto_present_s=ctx.auto_present_s)
