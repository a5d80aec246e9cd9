"""GA/T 467 frames: bytes on the wire, typed errors per SW3, the read answer."""

from __future__ import annotations

import pytest

from core.errors import DeviceError
from drivers.base import DeviceLost
from drivers.idcard import ga467_codec as c

# The request frames as the protocol writes them (checksum = XOR of LEN and body).
WIRE = {
    c.Command.RESET_SAM: "AAAAAA9669 0003 10FF EC",
    c.Command.SAM_STATUS: "AAAAAA9669 0003 11FF ED",
    c.Command.SAM_ID: "AAAAAA9669 0003 12FF EE",
    c.Command.FIND_CARD: "AAAAAA9669 0003 2001 22",
    c.Command.SELECT_CARD: "AAAAAA9669 0003 2002 21",
    c.Command.READ_TEXT_PHOTO: "AAAAAA9669 0003 3001 32",
    c.Command.READ_TEXT_PHOTO_FINGERPRINT: "AAAAAA9669 0003 3010 23",
}


@pytest.mark.parametrize("command", list(c.Command))
def test_commands_encode_to_the_documented_bytes(command):
    assert c.encode_command(command) == bytes.fromhex(WIRE[command].replace(" ", ""))
    req = c.decode_request(c.encode_command(command))
    assert req.command is command and req.data == b""


def test_a_found_card_answer_decodes():
    frame = bytes.fromhex("AAAAAA9669 0008 00009F 00000000 97".replace(" ", ""))
    resp = c.decode_response(frame)
    assert (resp.sw1, resp.sw2, resp.sw3, resp.data) == (0, 0, 0x9F, bytes(4))
    assert resp.ok and resp.raise_for_status() is resp
    assert c.encode_response(0x9F, bytes(4)) == frame


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("AAAAAA9669 0004 000090 95", c.FrameChecksumError),  # right: 0x90 ^ 0x04 = 0x94
        ("AAAAAA9669 0005 000090 94", c.FrameTruncatedError),  # one byte short
        ("AAAAAA9669 0003 000090 94", c.FrameLengthError),  # one byte too many
        ("AAAAAA9669 0001 00", c.FrameLengthError),  # shorter than status + checksum
        ("AAAAAA9669 FFFF 00", c.FrameLengthError),  # longer than any real answer
        ("AAAAAA9668 0004 000090 94", c.FrameHeaderError),
        ("AAAAAA96", c.FrameTruncatedError),
        ("", c.FrameTruncatedError),
    ],
)
def test_damaged_frames_give_typed_errors(frame, error):
    with pytest.raises(error) as info:
        c.decode_response(bytes.fromhex(frame.replace(" ", "")))
    assert isinstance(info.value, c.FrameError) and info.value.hint


SW3_TYPES = {
    0x10: c.CommandChecksumError,
    0x11: c.CommandLengthError,
    0x21: c.CommandRejectedError,
    0x23: c.NotPermittedError,
    0x24: c.SamUnknownError,
    0x31: c.CardAuthenticationError,
    0x32: c.CardAuthenticationError,
    0x33: c.CardAuthenticationError,
    0x40: c.UnknownCardTypeError,
    0x41: c.CardReadError,
    0x47: c.RandomNumberError,
    0x60: c.SamSelfTestError,
    0x66: c.SamNotAuthorisedError,
    0x80: c.CardFindError,
    0x81: c.CardSelectError,
    0x91: c.NoContentError,
    0x55: c.UnknownSw3Error,
}


@pytest.mark.parametrize(("sw3", "error"), SW3_TYPES.items())
def test_each_sw3_has_its_typed_error_with_words(sw3, error):
    resp = c.decode_response(c.encode_response(sw3))
    assert not resp.ok
    with pytest.raises(error) as info:
        resp.raise_for_status()
    exc = info.value
    assert exc.sw3 == sw3 and exc.params["sw3"] == f"{sw3:02X}"
    assert exc.message and not exc.message.isascii()  # Chinese words for the citizen
    assert exc.hint and not exc.hint.isascii()
    # a broken SAM makes the reader unusable (device lost); the rest is about the card
    assert isinstance(exc, DeviceLost) == (sw3 in (0x60, 0x66))
    assert isinstance(exc, DeviceError)


def test_read_answer_30_01_splits_text_and_photo():
    text, photo = bytes(range(256)), bytes(1024)
    data = c.encode_read_answer(text, photo)
    assert data[:4] == bytes.fromhex("01000400")
    card = c.split_read_answer(data)
    assert (card.text, card.photo, card.had_fingerprint) == (text, photo, False)
    frame = c.encode_response(0x90, data)
    assert len(frame) == 1295 and frame[5:7] == bytes.fromhex("0508")


def test_read_answer_30_10_drops_the_fingerprint():
    text, photo, fp = b"T" * 256, b"P" * 1024, b"F" * 1024
    card = c.split_read_answer(c.encode_read_answer(text, photo, fp))
    assert (card.text, card.photo, card.had_fingerprint) == (text, photo, True)
    assert b"F" not in card.text + card.photo
    assert not hasattr(card, "fingerprint")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x01\x00",
        bytes.fromhex("01000400") + b"x" * 10,
        bytes.fromhex("00100400") + b"x" * 1040,
    ],
)
def test_bad_read_answers_give_typed_errors(data):
    with pytest.raises(c.FrameError):
        c.split_read_answer(data)


def test_frame_reader_skips_noise_and_joins_split_frames():
    r = c.FrameReader()
    frame = c.encode_response(0x9F, bytes(4))
    r.feed(b"\x00\xf8\xaa\x13" + frame[:3])
    assert r.next_frame() is None
    r.feed(frame[3:9])
    assert r.next_frame() is None
    assert r.needed() == len(frame) - 9
    r.feed(frame[9:] + frame)
    assert r.next_frame() == frame
    assert r.next_frame() == frame
    assert r.next_frame() is None and r.pending == 0


def test_sam_id_is_formatted_as_vendors_print_it():
    data = bytes.fromhex("0500010032A3340112D687000A1B9F4B")
    assert c.format_sam_id(data) == "05.01-20226866-0008902162-1268718346"
    with pytest.raises(c.FrameLengthError):
        c.format_sam_id(data[:8])
