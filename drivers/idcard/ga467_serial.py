"""GA/T 467 SAM readers on a serial (or USB-serial) port, with pyserial.

``open`` finds the reader (the configured port and baud, else every serial
port at every standard baud rate), then checks the SAM status. ``poll`` runs
one find → select → read cycle, never more often than every 300 ms. A card
that was read, or failed, is halted and answers no find until it has left
the field; for readers that find it again anyway, the same card is not
returned twice and a card error is reported once, until the field is seen
empty.

Errors: a vanished port or a reader that stops answering raises DeviceLost
(the device manager re-opens it with backoff); anything about the card
raises a typed Ga467Error for the card-error callback.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.config import IdReaderConfig
from core.errors import DeviceError
from core.identity import Identity
from drivers.base import DeviceLost, Health, IdReader
from drivers.idcard.ga467_codec import (
    BAUD_RATES,
    SW3_FIND_FAILED,
    SW3_OK,
    Command,
    FrameError,
    FrameReader,
    FrameTruncatedError,
    Ga467Error,
    NoResponseError,
    Response,
    decode_response,
    encode_command,
    format_sam_id,
    split_read_answer,
    sw3_error,
)
from drivers.idcard.ga467_text import parse_text, to_identity
from drivers.registry import BackendContext

if TYPE_CHECKING:
    import serial

    from drivers.idcard.wlt_photo import WltDecoder

log = logging.getLogger(__name__)


def _port_errors() -> tuple[type[BaseException], ...]:
    """What a vanished port raises: pyserial's error, OSError, and termios.error
    (tcflush on a pty whose other end is gone), which is not an OSError."""
    import serial

    errors: tuple[type[BaseException], ...] = (serial.SerialException, OSError)
    try:
        import termios
    except ImportError:  # Windows
        return errors
    return (*errors, termios.error)


def wire_seconds(nbytes: int, baud: int) -> float:
    """Time ``nbytes`` need on a UART at ``baud`` (8N1: 10 bits a byte)."""
    return nbytes * 10 / baud


class Ga467Link:
    """Command/response over one open serial port. Reader thread only."""

    def __init__(self, ser: serial.Serial, baud: int) -> None:
        self.ser = ser
        self.baud = baud
        self.port = ser.port or ""
        self._frames = FrameReader()

    def exchange(self, command: Command, timeout_s: float) -> Response:
        """Send ``command`` and wait for its response frame (status not checked).

        Raises DeviceLost when the port fails, NoResponseError when nothing
        comes back in ``timeout_s``, FrameTruncatedError when the answer stops
        halfway, other FrameErrors for a damaged answer.
        """
        try:
            self.ser.reset_input_buffer()
            self._frames.clear()
            self.ser.write(encode_command(command))
            return decode_response(self._read_frame(timeout_s))
        except _port_errors() as exc:
            raise DeviceLost("id_reader.serial_io", device="id_reader") from exc

    def _read_frame(self, timeout_s: float) -> bytes:
        deadline = time.monotonic() + timeout_s
        extended = False
        while True:
            frame = self._frames.next_frame()
            if frame is not None:
                return frame
            need = self._frames.needed()
            if not extended and self._frames.pending >= 7:
                # the frame has begun: allow for its length on the wire, twice, plus slack
                deadline = max(deadline, time.monotonic() + 2 * wire_seconds(need, self.baud) + 0.2)
                extended = True
            left = deadline - time.monotonic()
            if left <= 0:
                if self._frames.pending:
                    raise FrameTruncatedError("ga467_frame_truncated_read")
                raise NoResponseError("ga467_no_response")
            self.ser.timeout = left
            chunk = self.ser.read(max(need, self.ser.in_waiting))
            if chunk:
                self._frames.feed(chunk)

    def close(self) -> None:
        try:
            self.ser.close()
        except Exception:  # closing a port that already vanished
            log.debug("closing %s failed", self.port, exc_info=True)


class Ga467SerialReader(IdReader):
    """A GA/T 467 SAM reader on a serial port.

    ``open``, ``poll``, ``check``, ``sam_id`` and ``close`` run on the
    reader's I/O thread only (the device manager's); the properties may be
    read from any thread. ``candidates`` replaces the system's port list
    for auto-detection (tests, or a fixed list of by-id paths).
    """

    backend = "serial"

    def __init__(
        self,
        port: str = "",
        baud: int = 115200,
        *,
        candidates: Sequence[str] | None = None,
        exclude_ports: Sequence[str] = (),
        wlt: WltDecoder | None = None,
        wlt_problem: str = "",
        response_timeout_s: float = 2.0,
        probe_timeout_s: float = 0.3,
        poll_interval_s: float = 0.3,
        check_interval_s: float = 2.0,
    ) -> None:
        self.port = port
        self.baud = baud
        self.candidates = list(candidates) if candidates is not None else None
        self.exclude_ports = {os.path.realpath(p) for p in exclude_ports if p}
        self.wlt = wlt
        self.wlt_problem = wlt_problem
        self.response_timeout_s = response_timeout_s
        self.probe_timeout_s = probe_timeout_s
        self.poll_interval_s = poll_interval_s
        self.check_interval_s = check_interval_s
        self._link: Ga467Link | None = None
        self._last_good: tuple[str, int] | None = None
        self._last_cycle = 0.0
        self._last_io = 0.0
        self._last_text: bytes | None = None  # the card read last, until the field is empty
        self._quiet = False  # a card error was reported; the card has not left yet

    # ---- where the reader is ----------------------------------------------------------------
    @property
    def connected_port(self) -> str:
        return self._link.port if self._link else ""

    @property
    def connected_baud(self) -> int:
        return self._link.baud if self._link else 0

    def _ports(self) -> list[str]:
        if self.port:
            return [self.port]
        if self.candidates is not None:
            ports = list(self.candidates)
        else:
            from serial.tools import list_ports

            ports = [p.device for p in sorted(list_ports.comports())]
        ports = [p for p in ports if os.path.realpath(p) not in self.exclude_ports]
        if self._last_good and self._last_good[0] in ports:
            ports.remove(self._last_good[0])
            ports.insert(0, self._last_good[0])
        return ports

    def _bauds(self, port: str) -> list[int]:
        first = self._last_good[1] if self._last_good and self._last_good[0] == port else self.baud
        return [first] + [b for b in (self.baud, *BAUD_RATES) if b != first]

    # ---- IdReader -----------------------------------------------------------------------------
    def open(self) -> None:
        import serial

        self.close()
        ports = self._ports()
        if self.port and not Path(self.port).exists():
            raise DeviceError("id_reader.port_missing", port=self.port)
        if not ports:
            raise DeviceError("id_reader.no_serial_ports")
        for port in ports:
            for baud in self._bauds(port):
                try:
                    ser = serial.Serial(port, baud, timeout=0.1, write_timeout=1.0, exclusive=True)
                except (*_port_errors(), ValueError):
                    log.debug("cannot open %s at %d", port, baud, exc_info=True)
                    break  # busy or gone: no point trying other speeds
                link = Ga467Link(ser, baud)
                try:
                    status = link.exchange(Command.SAM_STATUS, self.probe_timeout_s)
                except (Ga467Error, DeviceLost):
                    link.close()
                    continue
                if status.sw3 != SW3_OK:
                    link.close()
                    raise sw3_error(status.sw3)  # a reader whose SAM is broken: say so
                self._link = link
                self._last_good = (port, baud)
                self._last_io = time.monotonic()
                self._last_text, self._quiet = None, False
                log.info("GA/T 467 reader on %s at %d baud", port, baud)
                return
        raise DeviceError("id_reader.not_found")

    def close(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None

    def _exchange(self, command: Command, timeout_s: float | None = None) -> Response:
        if self._link is None:
            raise DeviceLost("id_reader.not_open", device="id_reader")
        try:
            return self._link.exchange(command, timeout_s or self.response_timeout_s)
        finally:
            self._last_io = time.monotonic()

    def _still_there(self) -> None:
        """After a timeout: is the reader alive? Raises DeviceLost if not."""
        try:
            status = self._exchange(Command.SAM_STATUS, self.probe_timeout_s * 2)
        except NoResponseError:
            raise DeviceLost("id_reader.no_response", device="id_reader") from None
        except FrameError:
            return  # it answered, if garbled: it is there
        if status.sw3 != SW3_OK:
            raise sw3_error(status.sw3)

    def poll(self) -> Identity | None:
        now = time.monotonic()
        if now - self._last_cycle < self.poll_interval_s:
            return None
        self._last_cycle = now
        try:
            found = self._exchange(Command.FIND_CARD)
        except NoResponseError:
            self._still_there()
            return None
        except FrameError:
            return None  # a damaged answer to a find: ask again next cycle
        if found.sw3 == SW3_FIND_FAILED:
            # The field is empty, or holds a card that is halted after its read or its
            # error (such a card answers no find until it has left the field).
            self._last_text = None
            self._quiet = False
            return None
        try:
            found.raise_for_status()
            self._exchange(Command.SELECT_CARD).raise_for_status()
            answer = self._exchange(Command.READ_TEXT_PHOTO).raise_for_status()
            card = split_read_answer(answer.data)
            block = parse_text(card.text)
        except Ga467Error as exc:
            if isinstance(exc, DeviceLost):
                raise
            if isinstance(exc, NoResponseError):
                self._still_there()  # DeviceLost if the reader itself is gone
            if self._quiet:
                return None  # reported once already; the card has not left the field
            self._quiet = True
            raise
        digest = hashlib.sha256(card.text).digest()  # no personal data kept between reads
        if digest == self._last_text:
            return None  # a reader that finds the same card again: read once per presentation
        self._last_text = digest
        self._quiet = False
        photo = card.photo
        if self.wlt is not None:
            photo = self.wlt.decode(card.photo) or card.photo
        return to_identity(block, photo)

    def check(self) -> tuple[Health, str] | None:
        if self._link is None:
            raise DeviceLost("id_reader.not_open", device="id_reader")
        port = self._link.port
        if port.startswith("/") and not os.path.exists(port):
            raise DeviceLost("id_reader.unplugged", device="id_reader")
        if time.monotonic() - self._last_io >= self.check_interval_s:
            self._still_there()
        if self.wlt_problem:
            return Health.DEGRADED, self.wlt_problem
        return None

    def sam_id(self) -> str:
        """The SAM's id (not personal data), e.g. for `onewindow doctor`."""
        answer = self._exchange(Command.SAM_ID).raise_for_status()
        return format_sam_id(answer.data)


def create(cfg: IdReaderConfig, ctx: BackendContext) -> Ga467SerialReader:
    """The ``serial`` backend (registered in pyproject): a GA/T 467 reader on a serial port.

    ``ctx.exclude_ports`` are ports other devices use (a serial receipt
    printer): auto-detection never sends GA/T 467 bytes to them.
    """
    try:
        import serial  # noqa: F401
    except ImportError as exc:
        raise DeviceError("id_reader.no_pyserial", device="id_reader") from exc
    from drivers.idcard.wlt_photo import load_decoder

    wlt, problem = None, ""
    try:
        wlt = load_decoder(cfg.wlt_library)
    except DeviceError as exc:
        log.warning("WLT photo library not loaded: %s", cfg.wlt_library)
        problem = exc.message_words()
    return Ga467SerialReader(
        cfg.port, cfg.baud, exclude_ports=ctx.exclude_ports, wlt=wlt, wlt_problem=problem
    )
