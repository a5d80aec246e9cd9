"""Fuzzing: random, truncated and corrupted input only ever gives a typed error.

Each decoder and parser either returns a value or raises its own typed
error (a OneWindowError with words for the citizen); anything else (an
IndexError, a UnicodeDecodeError, a ValueError from a date) is a bug.
"""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import OneWindowError
from core.identity import CardType, Identity
from drivers.idcard import ga467_codec as c
from drivers.idcard import ga467_text as t
from drivers.idcard import ssse
from emulators.sample_cards import all_card_kinds, fake_wlt, social_security_identities

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SAMPLES = {s.identity.card_type: s for s in all_card_kinds()}
READ_FRAMES = [
    c.encode_response(
        0x90,
        c.encode_read_answer(t.encode_identity(s.identity, s.extras), fake_wlt(s.identity)),
    )
    for s in all_card_kinds()
]


def corrupt(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    buf = bytearray(data)
    for pos, value in edits:
        if buf:
            buf[pos % len(buf)] = value
    out = bytes(buf)
    return out[: cut % (len(out) + 1)] if cut is not None else out


EDITS = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8)
CUT = st.none() | st.integers(0, 10_000)


def decode_whole_read(frame: bytes) -> Identity | None:
    """What `card decode` and the serial reader do with a read answer."""
    resp = c.decode_response(frame).raise_for_status()
    card = c.split_read_answer(resp.data)
    return t.to_identity(t.parse_text(card.text), card.photo)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash_the_frame_decoder(data):
    with contextlib.suppress(c.Ga467Error):
        c.decode_response(data)


@FUZZ
@given(st.sampled_from(READ_FRAMES), EDITS, CUT)
def test_corrupted_and_truncated_read_answers_give_typed_errors(frame, edits, cut):
    try:
        ident = decode_whole_read(corrupt(frame, edits, cut))
    except c.Ga467Error as exc:
        assert isinstance(exc, OneWindowError) and exc.message
        return
    assert isinstance(ident, Identity)


@FUZZ
@given(st.lists(st.binary(max_size=300), max_size=12))
def test_frame_reader_on_a_noisy_stream(chunks):
    r = c.FrameReader()
    for chunk in chunks:
        r.feed(chunk)
        while True:
            try:
                frame = r.next_frame()
            except c.FrameLengthError:
                continue
            if frame is None:
                break
            with contextlib.suppress(c.Ga467Error):
                c.decode_response(frame)
        assert r.needed() >= 1


@FUZZ
@given(st.binary(max_size=3000))
def test_random_read_answer_data_gives_typed_errors(data):
    with contextlib.suppress(c.FrameError):
        c.split_read_answer(data)


def _parser_test(card_type: CardType):
    flag = t.FLAG_OF[card_type].encode("utf-16-le")
    sample = SAMPLES[card_type]
    good = t.encode_identity(sample.identity, sample.extras)

    @FUZZ
    @given(st.binary(min_size=248, max_size=248), st.binary(min_size=6, max_size=6))
    def random_block(head, tail):
        with contextlib.suppress(t.CardDataError):
            t.to_identity(t.parse_text(head + flag + tail))

    @FUZZ
    @given(EDITS, CUT)
    def corrupted_block(edits, cut):
        try:
            ident = t.to_identity(t.parse_text(corrupt(good, edits, cut)))
        except t.CardDataError as exc:
            assert exc.message and exc.hint
            return
        assert isinstance(ident, Identity)

    return random_block, corrupted_block


(test_resident_text_random, test_resident_text_corrupted) = _parser_test(CardType.RESIDENT)
(test_hmt_permit_text_random, test_hmt_permit_text_corrupted) = _parser_test(CardType.PERMIT_HMT)
(test_foreign_old_text_random, test_foreign_old_text_corrupted) = _parser_test(CardType.FOREIGN_OLD)
(test_foreign_2023_text_random, test_foreign_2023_text_corrupted) = _parser_test(
    CardType.FOREIGN_2023
)


@FUZZ
@given(st.binary(max_size=300))
def test_any_text_length_or_flag_gives_typed_errors(data):
    with contextlib.suppress(t.CardDataError):
        t.parse_text(data)


SSSE_GOOD = ssse.identity_records(social_security_identities()[0])


@FUZZ
@given(
    st.dictionaries(st.sampled_from(sorted(SSSE_GOOD)), st.binary(max_size=40), max_size=13),
    st.booleans(),
)
def test_social_security_records_give_typed_errors(records, start_from_good):
    data = {**SSSE_GOOD, **records} if start_from_good else records
    try:
        ident = ssse.parse_records(data)
    except ssse.SsseDataError as exc:
        assert exc.message
        return
    assert ident.card_type is CardType.SOCIAL_SECURITY
