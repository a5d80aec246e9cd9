"""A GA/T 467 SAM reader emulated on a pseudo-terminal pair.

The reader side opens the pty's slave end like any serial port (pyserial,
the real backend); the emulator answers on the master end, byte-paced at its
baud rate so timings look like a real UART. A reader that opens the port at
another speed gets line noise, as it would on a real wire.

The card in the field follows the card's own state machine: a fresh card is
found once; after a read or a failed step it is halted and the find answers
"no card" until the card leaves the field and comes back.

Faults can be injected for the next matching command(s): a bad checksum,
any SW3 error, the card pulled away halfway through the read answer, or
silence. ``unplug``/``plug`` simulate pulling the USB cable: the pty goes
away and a new one appears behind the same ``link`` path (like the
/dev/serial/by-id/ names udev keeps stable).

Test, demo and bench code drive it from any thread; its I/O runs on its own
thread.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import pty
import select
import termios
import threading
import time
import tty
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from core.identity import Identity
from drivers.idcard.ga467_codec import (
    SW3_FIND_FAILED,
    SW3_FOUND,
    SW3_OK,
    Command,
    FrameChecksumError,
    FrameError,
    FrameReader,
    decode_request,
    encode_read_answer,
    encode_response,
)
from drivers.idcard.ga467_text import encode_identity
from emulators.sample_cards import SampleCard, all_card_kinds, fake_wlt, resident_cards

log = logging.getLogger(__name__)

_BAUD_CONSTANTS = {
    9600: termios.B9600,
    19200: termios.B19200,
    38400: termios.B38400,
    57600: termios.B57600,
    115200: termios.B115200,
}
_NOISE = bytes([0xF8, 0x80, 0x00, 0xFE, 0xE0, 0x00, 0x80, 0xF0])  # never forms a header
SAM_ID = bytes.fromhex("0500010032A3340112D687000A1B9F4B")


class Fault(enum.Enum):
    """What the emulator does wrong for the next matching command."""

    BAD_CHECKSUM = "bad_checksum"  # answer with a corrupted checksum byte
    SW3 = "sw3"  # answer with the given SW3 instead
    REMOVED_MID_READ = "removed_mid_read"  # card leaves halfway through the read answer
    SILENCE = "silence"  # no answer at all


@dataclass
class _Injected:
    fault: Fault
    command: Command | None
    sw3: int
    times: int


@dataclass
class EmulatedCard:
    """What the card carries: the 256-byte text, the WLT photo, maybe a fingerprint."""

    text: bytes
    photo: bytes
    fingerprint: bytes | None = None
    identity: Identity | None = field(default=None, repr=False)


class Ga467Emulator:
    """A GA/T 467 reader on a pty. See the module docstring.

    ``present``/``remove``/``samples`` make it a card slot for the demo's
    "present a sample card" button (emulators.card_slots).
    """

    def __init__(
        self,
        *,
        baud: int = 115200,
        link: Path | str | None = None,
        pace: bool = True,
        samples: list[SampleCard] | None = None,
        halt: bool = True,
    ) -> None:
        if baud not in _BAUD_CONSTANTS:
            raise ValueError(f"unsupported baud rate {baud}")
        self.baud = baud
        self.link = Path(link) if link else None
        self.pace = pace
        # False: like some readers, find the card again after its read or error
        self.halt = halt
        self._samples = samples if samples is not None else resident_cards() + all_card_kinds()[1:]
        self._next_sample = 0
        self._lock = threading.Lock()
        self._card: EmulatedCard | None = None
        self._state = "empty"  # empty | idle | found | selected | halted
        self._gap = False
        self._faults: deque[_Injected] = deque()
        self._silent = False
        self._sam_sw3 = SW3_OK
        self._master = -1
        self._slave = -1
        self._slave_name = ""
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None
        self._running = False
        self.commands: list[Command | None] = []
        self.bytes_in = 0
        self.bytes_out = 0

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self) -> Ga467Emulator:
        self._open_pty()
        self._running = True
        self._thread = threading.Thread(target=self._run, name="ga467-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._running = False
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._close_pty()
        fds, self._wake_r, self._wake_w = (self._wake_r, self._wake_w), -1, -1
        for fd in fds:
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def __enter__(self) -> Ga467Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> str:
        """The path a reader opens: the stable link when there is one, else the pty."""
        return str(self.link) if self.link else self._slave_name

    @property
    def pty_name(self) -> str:
        return self._slave_name

    def _open_pty(self) -> None:
        master, slave = pty.openpty()
        tty.setraw(slave)  # no echo, no CR/LF mangling until the reader configures it
        attrs = termios.tcgetattr(slave)
        attrs[4] = attrs[5] = _BAUD_CONSTANTS[self.baud]
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        os.set_blocking(master, False)
        with self._lock:
            self._master, self._slave = master, slave  # the slave stays open: no EIO on master
            self._slave_name = os.ttyname(slave)
        if self.link is not None:
            tmp = self.link.with_name(self.link.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(self._slave_name)
            tmp.replace(self.link)

    def _close_pty(self) -> None:
        with self._lock:
            fds, self._master, self._slave = (self._master, self._slave), -1, -1
        if self.link is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()
        for fd in fds:
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def unplug(self) -> None:
        """Pull the cable: the port disappears and the reader's I/O fails."""
        self._close_pty()
        self._wake()

    def plug(self) -> None:
        """Plug it back: a new pty behind the same link."""
        self._open_pty()
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    # ---- the card in the field ----------------------------------------------------------------
    def samples(self) -> list[Identity]:
        return [s.identity for s in self._samples]

    def present(self, identity: Identity | None = None) -> Identity:
        """Put a card in the field (default: the next sample); returns its identity."""
        if identity is None:
            sample = self._samples[self._next_sample % len(self._samples)]
            self._next_sample += 1
        else:
            sample = next(
                (s for s in self._samples if s.identity == identity), SampleCard(identity)
            )
        ident = sample.identity
        self.present_card(
            EmulatedCard(encode_identity(ident, sample.extras), fake_wlt(ident), identity=ident)
        )
        return ident

    def present_card(self, card: EmulatedCard) -> None:
        with self._lock:
            # a card already in the field has to leave before another can enter:
            # the next find sees the empty field once
            self._gap = self._card is not None
            self._card = card
            self._state = "idle"

    def remove(self) -> None:
        with self._lock:
            self._card = None
            self._state = "empty"

    @property
    def card_state(self) -> str:
        with self._lock:
            return self._state

    # ---- faults -------------------------------------------------------------------------------
    def inject(
        self, fault: Fault, command: Command | None = None, *, sw3: int = 0x41, times: int = 1
    ) -> None:
        """Misbehave on the next ``times`` commands matching ``command`` (None: any)."""
        with self._lock:
            self._faults.append(_Injected(fault, command, sw3, times))

    def set_silent(self, silent: bool) -> None:
        """Answer nothing at all until set back (a hung reader)."""
        with self._lock:
            self._silent = silent

    def set_sam_status(self, sw3: int) -> None:
        """What the SAM status command answers (0x90 healthy, 0x60 self-test failed...)."""
        with self._lock:
            self._sam_sw3 = sw3

    def _take_fault(self, command: Command | None) -> _Injected | None:
        for f in self._faults:
            if f.command is None or f.command is command:
                f.times -= 1
                if f.times <= 0:
                    self._faults.remove(f)
                return f
        return None

    # ---- I/O thread ---------------------------------------------------------------------------
    def _byte_time(self) -> float:
        return 10 / self.baud

    def _baud_matches(self, master: int) -> bool:
        try:
            return termios.tcgetattr(master)[4] == _BAUD_CONSTANTS[self.baud]
        except termios.error:
            return False

    def _run(self) -> None:
        frames = FrameReader()
        while self._running:
            master = self._master
            fds = [self._wake_r] + ([master] if master >= 0 else [])
            try:
                ready, _, _ = select.select(fds, [], [], 0.5)
            except (OSError, ValueError):
                time.sleep(0.01)
                continue
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
                frames.clear()
            if master < 0 or master not in ready:
                continue
            try:
                data = os.read(master, 4096)
            except BlockingIOError:
                continue
            except OSError:
                time.sleep(0.01)
                continue
            self.bytes_in += len(data)
            if not self._baud_matches(master):
                self._send(master, _NOISE * (1 + len(data) // 4))
                frames.clear()
                continue
            frames.feed(data)
            while True:
                try:
                    frame = frames.next_frame()
                except FrameError:
                    self._send(master, encode_response(0x11))
                    continue
                if frame is None:
                    break
                if self.pace:
                    time.sleep(len(frame) * self._byte_time())  # the request's own wire time
                self._answer(master, frame)

    def _answer(self, master: int, frame: bytes) -> None:
        try:
            req = decode_request(frame)
        except FrameChecksumError:
            self._send(master, encode_response(0x10))
            return
        except FrameError:
            self._send(master, encode_response(0x11))
            return
        command = req.command
        self.commands.append(command)
        with self._lock:
            if self._silent:
                return
            fault = self._take_fault(command)
            if fault is not None and fault.fault is Fault.SILENCE:
                return
            out = self._respond(command, fault)
        if fault is not None and fault.fault is Fault.BAD_CHECKSUM:
            out = out[:-1] + bytes([out[-1] ^ 0x5A])
        if fault is not None and fault.fault is Fault.REMOVED_MID_READ:
            self._send(master, out[: len(out) // 2])
            return
        self._send(master, out)

    def _respond(self, command: Command | None, fault: _Injected | None) -> bytes:
        """The answer for ``command`` given the card state (lock held)."""
        if command is None:
            return encode_response(0x21)
        if command in (Command.SAM_STATUS, Command.RESET_SAM):
            return encode_response(self._sam_sw3)
        if command is Command.SAM_ID:
            return encode_response(SW3_OK, SAM_ID)
        card_command = command in (
            Command.FIND_CARD,
            Command.SELECT_CARD,
            Command.READ_TEXT_PHOTO,
            Command.READ_TEXT_PHOTO_FINGERPRINT,
        )
        if card_command and self._sam_sw3 != SW3_OK:
            return encode_response(self._sam_sw3)
        after = "halted" if self.halt else "idle"
        if fault is not None and fault.fault is Fault.SW3:
            if self._card is not None:
                self._state = after  # after an error the card must leave the field
            return encode_response(fault.sw3)
        if command is Command.FIND_CARD:
            if self._gap:
                self._gap = False
                return encode_response(SW3_FIND_FAILED)
            if self._card is not None and self._state in ("idle", "found"):
                self._state = "found"  # found but not selected: it answers finds again
                return encode_response(SW3_FOUND, bytes(4))
            return encode_response(SW3_FIND_FAILED)
        if command is Command.SELECT_CARD:
            if self._card is not None and self._state == "found":
                self._state = "selected"
                return encode_response(SW3_OK, bytes(8))
            if self._card is not None:
                self._state = after
            return encode_response(0x81)
        # a read
        card = self._card
        if card is None or self._state != "selected":
            if card is not None:
                self._state = after
            return encode_response(0x41)
        self._state = after
        if fault is not None and fault.fault is Fault.REMOVED_MID_READ:
            self._card, self._state = None, "empty"
        fp = None
        if command is Command.READ_TEXT_PHOTO_FINGERPRINT:
            fp = card.fingerprint or b""
        return encode_response(SW3_OK, encode_read_answer(card.text, card.photo, fp))

    def _send(self, master: int, data: bytes) -> None:
        """Write ``data`` to the master, paced at the baud rate."""
        start = time.monotonic()
        per_byte = self._byte_time() if self.pace else 0.0
        sent = 0
        while sent < len(data):
            chunk = data[sent : sent + 64]
            try:
                n = os.write(master, chunk)
            except BlockingIOError:
                select.select([], [master], [], 0.05)
                continue
            except OSError:
                return  # unplugged meanwhile
            sent += n
            self.bytes_out += n
            if per_byte:
                delay = start + sent * per_byte - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
