"""A virtual social security card served to pcscd through vpcd's socket protocol.

vpcd (vsmartcard) is a pcscd reader driver that listens on a TCP port; the
card side connects to it. Connecting inserts the card, closing removes it.
Messages both ways are a 2-byte big-endian length and a payload; from vpcd a
1-byte payload is a control message (0 power off, 1 power on, 2 reset,
4 send the ATR), anything longer is a command APDU to answer.

The card holds a tiny ISO 7816 file system: the SSSE application with EF05
and EF06 (drivers.idcard.ssse). Options make the other cards the tests need:
a card that wants a PIN, a card without SSSE (unsupported), another ATR, a
card pulled out after N commands.

Used by the tests, the bench and the demo; call it from any thread; its
socket I/O runs on its own thread. It connects to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time
from collections.abc import Sequence

from core.identity import Identity
from drivers.idcard.ssse import EF_CARD, EF_HOLDER, SSSE_AID, identity_records
from emulators.sample_cards import social_security_identities

log = logging.getLogger(__name__)

VIRTUAL_ATR = bytes.fromhex("3B8A014F5753535345332E303098")  # historical bytes "OWSSSE3.00"
OTHER_ATR = bytes.fromhex("3B880141434D454341524497")  # "ACMECARD": a card known by SELECT only
DEFAULT_VPCD_PORT = 0x8C7B  # 35963, vsmartcard's default


def _sw(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


class CardApplet:
    """The card's answers to APDUs (SSSE with EF05/EF06). Used on the card's thread."""

    def __init__(
        self, identity: Identity | None, *, ssse: bool = True, pin_required: bool = False
    ) -> None:
        self.records = identity_records(identity) if identity is not None else {}
        self.ssse = ssse
        self.pin_required = pin_required
        self.reset()

    def reset(self) -> None:
        self.df = "MF"
        self.ef: str | None = None

    def answer(self, apdu: bytes) -> bytes:
        if len(apdu) < 4:
            return _sw(0x6700)
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        if cla != 0x00:
            return _sw(0x6E00)
        if ins == 0xA4:
            return self._select(p1, body)
        if ins == 0xB2:
            le = apdu[4] if len(apdu) == 5 else 0
            return self._read_record(p1, p2, le)
        return _sw(0x6D00)

    def _select(self, p1: int, body: bytes) -> bytes:
        if p1 == 0x04:
            if self.ssse and body == SSSE_AID:
                self.df, self.ef = "SSSE", None
                return _sw(0x9000)
            return _sw(0x6A82)
        if body == b"\x3f\x00":
            self.df, self.ef = "MF", None
            return _sw(0x9000)
        if self.df == "SSSE" and body in (EF_CARD, EF_HOLDER):
            self.ef = body.hex().upper()
            return _sw(0x9000)
        return _sw(0x6A82)

    def _read_record(self, number: int, p2: int, le: int) -> bytes:
        sfi = p2 >> 3
        if sfi:
            if self.df != "SSSE" or sfi not in (5, 6):
                return _sw(0x6A82)
            self.ef = f"EF0{sfi}"
        if self.ef is None:
            return _sw(0x6986)  # no current EF
        if p2 & 0x07 not in (0x04, 0x00):
            return _sw(0x6A86)
        in_file = range(0x01, 0x08) if self.ef == "EF05" else range(0x08, 0x0E)
        if number not in in_file or number not in self.records:
            return _sw(0x6A83)
        if self.ef == "EF06" and self.pin_required:
            return _sw(0x6982)
        rec = self.records[number]
        if le and le < len(rec):
            return _sw(0x6C00 | len(rec))
        return rec + _sw(0x9000)


class VirtualSocialSecurityCard:
    """A social security card that inserts itself into a vpcd reader slot.

    ``insert``/``remove`` connect and close; while inserted it reconnects
    on its own when vpcd goes away (pcscd restarted), as a card left in a
    reader would be seen again. ``present``/``samples`` make it a card slot
    for the demo button (emulators.card_slots).
    """

    def __init__(
        self,
        identity: Identity | None = None,
        *,
        port: int = DEFAULT_VPCD_PORT,
        host: str = "127.0.0.1",
        atr: bytes = VIRTUAL_ATR,
        ssse: bool = True,
        pin_required: bool = False,
        samples: Sequence[Identity] | None = None,
    ) -> None:
        self._samples = list(samples) if samples is not None else social_security_identities()
        self._next = 0
        self.identity = identity or self._samples[0]
        self.port = port
        self.host = host
        self.atr = atr
        self.ssse = ssse
        self.pin_required = pin_required
        self.remove_after: int | None = None  # pull the card out after this many APDUs
        self.apdus: list[bytes] = []
        self.powered = threading.Event()
        self.connected = threading.Event()
        self._lock = threading.Lock()
        self._inserted = False
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._later: threading.Timer | None = None
        self.connected_at = 0.0

    # ---- the card slot ------------------------------------------------------------------------
    def samples(self) -> list[Identity]:
        return list(self._samples)

    def present(self, identity: Identity | None = None) -> Identity:
        """Insert this (default: the next sample) card; a card already in is taken out first."""
        if identity is None:
            identity = self._samples[self._next % len(self._samples)]
            self._next += 1
        was_in = self.inserted
        if was_in:
            self.remove()
            # pcscd polls vpcd about every 400 ms: let it see the slot empty before the new card
            later = threading.Timer(0.9, self.insert, kwargs={"identity": identity})
            later.daemon = True
            self._later = later
            later.start()
        else:
            self.insert(identity)
        return identity

    @property
    def inserted(self) -> bool:
        with self._lock:
            return self._inserted

    def insert(self, identity: Identity | None = None) -> None:
        """Put the card in the reader (connect to vpcd); returns at once."""
        with self._lock:
            if identity is not None:
                self.identity = identity
            if self._inserted:
                return
            self._inserted = True
            self.apdus = []
            self._thread = threading.Thread(target=self._run, name="virtual-sscard", daemon=True)
            self._thread.start()

    def remove(self, wait: bool = True) -> None:
        """Pull the card out (close the connection)."""
        with self._lock:
            self._inserted = False
            sock, thread = self._sock, self._thread
            later, self._later = self._later, None
        if later is not None:
            later.cancel()  # a swap still waiting to put the next card in
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        self.connected.clear()
        self.powered.clear()

    # ---- socket thread ------------------------------------------------------------------------
    def _run(self) -> None:
        while self.inserted:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                time.sleep(0.1)  # vpcd not listening (pcscd down or restarting): try again
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                if not self._inserted:
                    sock.close()
                    return
                self._sock = sock
            self.connected_at = time.monotonic()
            self.connected.set()
            try:
                self._serve(sock)
            except OSError:
                pass
            finally:
                with self._lock:
                    self._sock = None
                with contextlib.suppress(OSError):
                    sock.close()
                self.connected.clear()
                self.powered.clear()
            if self.inserted:
                time.sleep(0.1)

    def _recv(self, sock: socket.socket, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
            # vpcd writes the length and the payload separately; acknowledging at once
            # keeps Nagle's algorithm on its side from holding the payload back ~40 ms
            with contextlib.suppress(AttributeError, OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        return buf

    def _send(self, sock: socket.socket, payload: bytes) -> None:
        sock.sendall(struct.pack(">H", len(payload)) + payload)

    def _serve(self, sock: socket.socket) -> None:
        applet = CardApplet(self.identity, ssse=self.ssse, pin_required=self.pin_required)
        while self.inserted:
            head = self._recv(sock, 2)
            if head is None:
                return
            payload = self._recv(sock, struct.unpack(">H", head)[0])
            if payload is None:
                return
            if len(payload) == 1:
                ctrl = payload[0]
                if ctrl == 4:
                    self._send(sock, self.atr)
                elif ctrl in (1, 2):
                    applet.reset()
                    self.powered.set()
                elif ctrl == 0:
                    self.powered.clear()
                continue
            self.apdus.append(payload)
            if self.remove_after is not None and len(self.apdus) > self.remove_after:
                with self._lock:
                    self._inserted = False  # pulled out mid-read: the answer never comes
                return
            self._send(sock, applet.answer(payload))
