"""GA/T 467 SAM frames: encode commands, decode responses, typed errors per SW3.

A frame is ``AA AA AA 96 69 | LEN (2, big-endian) | body | CHK`` where LEN
counts the body and CHK, and CHK is the XOR of LEN and body. A request body
is ``CMD PARA [data]``; a response body is ``SW1 SW2 SW3 [data]``. Only SW3
carries meaning; each SW3 other than success maps to its own error class
with a message a citizen or clerk can act on.

Pure functions and data; any thread may call them. Every malformed input
raises a :class:`Ga467Error` subclass, never another exception (the fuzz
tests hold the code to this).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from core.errors import DeviceError
from drivers.base import DeviceLost

HEADER = bytes.fromhex("AAAAAA9669")
MIN_LEN = 4  # SW1 SW2 SW3 CHK
MAX_LEN = 4096  # the longest real answer (30 10) is 2311 bytes; anything longer is garbage
BAUD_RATES = (115200, 57600, 38400, 19200, 9600)

TEXT_LEN = 256
PHOTO_LEN = 1024


class Command(Enum):
    """The commands OneWindow sends, as (CMD, PARA)."""

    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)

    @classmethod
    def of(cls, cmd: int, para: int) -> Command | None:
        for c in cls:
            if c.value == (cmd, para):
                return c
        return None


# SW3 values that are not errors.
SW3_OK = 0x90
SW3_NO_CONTENT = 0x91
SW3_FOUND = 0x9F
SW3_FIND_FAILED = 0x80  # "no card in the field": the normal answer to a find while idle


# ---- typed errors -------------------------------------------------------------------------------
class Ga467Error(DeviceError):
    """Anything wrong with a GA/T 467 exchange; subclasses say what."""

    code = "ga467"


class FrameError(Ga467Error):
    """A response frame that cannot be trusted (header, length, checksum, cut short)."""

    code = "ga467_frame"


class FrameHeaderError(FrameError):
    code = "ga467_frame_header"


class FrameLengthError(FrameError):
    code = "ga467_frame_length"


class FrameChecksumError(FrameError):
    code = "ga467_frame_checksum"


class FrameTruncatedError(FrameError):
    """The frame started but its bytes stopped coming (card pulled away, cable)."""

    code = "ga467_frame_truncated"


class NoResponseError(FrameError):
    """Nothing came back at all within the time allowed."""

    code = "ga467_no_response"


class SamStatusError(Ga467Error):
    """The SAM answered with an error SW3; ``sw3`` holds the code."""

    code = "ga467_sw3"

    def __init__(self, code: str | None = None, /, *, sw3: int = 0) -> None:
        super().__init__(code, sw3=f"{sw3:02X}")
        self.sw3 = sw3


class CommandChecksumError(SamStatusError):
    code = "ga467_sw3_10"


class CommandLengthError(SamStatusError):
    code = "ga467_sw3_11"


class CommandRejectedError(SamStatusError):
    code = "ga467_sw3_21"


class NotPermittedError(SamStatusError):
    code = "ga467_sw3_23"


class SamUnknownError(SamStatusError):
    code = "ga467_sw3_24"


class CardAuthenticationError(SamStatusError):
    code = "ga467_sw3_3x"


class UnknownCardTypeError(SamStatusError):
    code = "ga467_sw3_40"


class CardReadError(SamStatusError):
    code = "ga467_sw3_41"


class RandomNumberError(SamStatusError):
    code = "ga467_sw3_47"


class SamSelfTestError(SamStatusError, DeviceLost):
    """The security module itself is broken: the reader is unusable, not the card."""

    code = "ga467_sw3_60"


class SamNotAuthorisedError(SamStatusError, DeviceLost):
    """The security module is not authorised: the reader is unusable, not the card."""

    code = "ga467_sw3_66"


class CardFindError(SamStatusError):
    code = "ga467_sw3_80"


class CardSelectError(SamStatusError):
    code = "ga467_sw3_81"


class NoContentError(SamStatusError):
    code = "ga467_sw3_91"


class UnknownSw3Error(SamStatusError):
    code = "ga467_sw3_unknown"


# Each SW3's words are in the catalogue (core.messages) under the class's code.
_SW3: dict[int, Callable[[int], SamStatusError]] = {
    0x10: lambda s: CommandChecksumError("ga467_sw3_10", sw3=s),
    0x11: lambda s: CommandLengthError("ga467_sw3_11", sw3=s),
    0x21: lambda s: CommandRejectedError("ga467_sw3_21", sw3=s),
    0x23: lambda s: NotPermittedError("ga467_sw3_23", sw3=s),
    0x24: lambda s: SamUnknownError("ga467_sw3_24", sw3=s),
    0x31: lambda s: CardAuthenticationError("ga467_sw3_3x", sw3=s),
    0x32: lambda s: CardAuthenticationError("ga467_sw3_3x", sw3=s),
    0x33: lambda s: CardAuthenticationError("ga467_sw3_33", sw3=s),
    0x40: lambda s: UnknownCardTypeError("ga467_sw3_40", sw3=s),
    0x41: lambda s: CardReadError("ga467_sw3_41", sw3=s),
    0x47: lambda s: RandomNumberError("ga467_sw3_47", sw3=s),
    0x60: lambda s: SamSelfTestError("ga467_sw3_60", sw3=s),
    0x66: lambda s: SamNotAuthorisedError("ga467_sw3_66", sw3=s),
    0x80: lambda s: CardFindError("ga467_sw3_80", sw3=s),
    0x81: lambda s: CardSelectError("ga467_sw3_81", sw3=s),
    0x91: lambda s: NoContentError("ga467_sw3_91", sw3=s),
}


def sw3_error(sw3: int) -> SamStatusError:
    """The typed error for an SW3 that is not a success code."""
    make = _SW3.get(sw3)
    if make is not None:
        return make(sw3)
    return UnknownSw3Error("ga467_sw3_unknown", sw3=sw3)


# ---- frames -------------------------------------------------------------------------------------
def xor(data: bytes) -> int:
    out = 0
    for b in data:
        out ^= b
    return out


def encode_frame(body: bytes) -> bytes:
    """Header, length, body and checksum around ``body``."""
    length = (len(body) + 1).to_bytes(2, "big")
    return HEADER + length + body + bytes([xor(length + body)])


def encode_command(command: Command, data: bytes = b"") -> bytes:
    return encode_frame(bytes(command.value) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return encode_frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Response:
    """One decoded response frame. ``data`` follows the three status bytes."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @property
    def ok(self) -> bool:
        return self.sw3 in (SW3_OK, SW3_FOUND)

    def raise_for_status(self) -> Response:
        if not self.ok:
            raise sw3_error(self.sw3)
        return self


@dataclass(frozen=True)
class Request:
    """One decoded request frame (what the emulator receives)."""

    cmd: int
    para: int
    data: bytes = b""

    @property
    def command(self) -> Command | None:
        return Command.of(self.cmd, self.para)


def split_frame(frame: bytes) -> bytes:
    """Check header, length and checksum of one whole frame; returns its body."""
    if len(frame) < len(HEADER) + 2:
        raise FrameTruncatedError("ga467_frame_truncated")
    if frame[: len(HEADER)] != HEADER:
        raise FrameHeaderError("ga467_frame_header")
    length = int.from_bytes(frame[5:7], "big")
    if not MIN_LEN - 2 <= length <= MAX_LEN:
        raise FrameLengthError("ga467_frame_length")
    rest = frame[7:]
    if len(rest) < length:
        raise FrameTruncatedError("ga467_frame_truncated")
    if len(rest) > length:
        raise FrameLengthError("ga467_frame_length")
    body, chk = rest[:-1], rest[-1]
    if xor(frame[5:7] + body) != chk:
        raise FrameChecksumError("ga467_frame_checksum")
    return body


def decode_response(frame: bytes) -> Response:
    """A whole response frame → Response (status not yet checked)."""
    body = split_frame(frame)
    if len(body) < 3:
        raise FrameLengthError("ga467_frame_length")
    return Response(body[0], body[1], body[2], bytes(body[3:]))


def decode_request(frame: bytes) -> Request:
    body = split_frame(frame)
    if len(body) < 2:
        raise FrameLengthError("ga467_frame_length_command")
    return Request(body[0], body[1], bytes(body[2:]))


@dataclass(frozen=True)
class CardData:
    """The parts of a read answer: 256 bytes of text, the raw WLT photo.

    A fingerprint block, when the answer carries one (command 30 10), is
    dropped here and never kept: ``had_fingerprint`` only says it was there.
    """

    text: bytes
    photo: bytes
    had_fingerprint: bool = False


def split_read_answer(data: bytes) -> CardData:
    """The data of a 30 01 / 30 10 answer → text and photo (fingerprint discarded).

    30 01: text length (2), photo length (2), text, photo.
    30 10: text length (2), photo length (2), fingerprint length (2), text, photo, fingerprint.
    The two are told apart by which layout adds up to the data length.
    """
    if len(data) < 4:
        raise FrameLengthError("ga467_frame_length_card_data")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = 0
    offset = 4
    if 4 + text_len + photo_len != len(data):
        if len(data) < 6:
            raise FrameLengthError("ga467_frame_length_card_data")
        fp_len = int.from_bytes(data[4:6], "big")
        offset = 6
        if 6 + text_len + photo_len + fp_len != len(data):
            raise FrameLengthError("ga467_frame_length_mismatch")
    if text_len != TEXT_LEN:
        raise FrameLengthError("ga467_frame_length_text")
    text = data[offset : offset + text_len]
    photo = data[offset + text_len : offset + text_len + photo_len]
    return CardData(text=bytes(text), photo=bytes(photo), had_fingerprint=fp_len > 0)


def encode_read_answer(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """The data part of a 30 01 (or, with ``fingerprint``, 30 10) answer."""
    head = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
    if fingerprint is None:
        return head + text + photo
    return head + len(fingerprint).to_bytes(2, "big") + text + photo + fingerprint


def format_sam_id(data: bytes) -> str:
    """The 16-byte SAM id as vendors print it: ``05.01-20101010-0012345678-1234567890``."""
    if len(data) < 16:
        raise FrameLengthError("ga467_frame_length_sam_id")
    a = int.from_bytes(data[0:2], "little")
    b = int.from_bytes(data[2:4], "little")
    c = int.from_bytes(data[4:8], "little")
    d = int.from_bytes(data[8:12], "little")
    e = int.from_bytes(data[12:16], "little")
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"


def frame_bytes(total_body: int) -> int:
    """Bytes on the wire for a frame with a body of ``total_body`` bytes."""
    return len(HEADER) + 2 + total_body + 1


class FrameReader:
    """Assembles frames from a byte stream, skipping noise before a header.

    Feed it bytes as they arrive; ``next_frame`` returns one whole frame (not
    yet checked) or None. Used by the serial backend and the emulator on
    their own I/O threads; not thread-safe.
    """

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> None:
        self._buf += data

    @property
    def pending(self) -> int:
        return len(self._buf)

    def clear(self) -> None:
        self._buf.clear()

    def needed(self) -> int:
        """How many more bytes complete the frame in progress (at least 1)."""
        start = self._buf.find(HEADER)
        if start < 0 or len(self._buf) < start + 7:
            return max(1, 7 - len(self._buf))
        length = int.from_bytes(self._buf[start + 5 : start + 7], "big")
        return max(1, start + 7 + length - len(self._buf))

    def next_frame(self) -> bytes | None:
        start = self._buf.find(HEADER)
        if start < 0:
            # keep a possible partial header at the end, drop the noise before it
            keep = 0
            for k in range(len(HEADER) - 1, 0, -1):
                if self._buf.endswith(HEADER[:k]):
                    keep = k
                    break
            del self._buf[: len(self._buf) - keep]
            return None
        if start:
            del self._buf[:start]
        if len(self._buf) < 7:
            return None
        length = int.from_bytes(self._buf[5:7], "big")
        if not MIN_LEN - 2 <= length <= MAX_LEN:
            del self._buf[:1]  # a false header inside noise: resync after it
            raise FrameLengthError("ga467_frame_length")
        if len(self._buf) < 7 + length:
            return None
        frame = bytes(self._buf[: 7 + length])
        del self._buf[: 7 + length]
        return frame
