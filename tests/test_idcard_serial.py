"""The serial GA/T 467 backend (pyserial) against the reader emulator on a real pty."""

from __future__ import annotations

import time

import pytest

from core.config import CameraConfig, DevicesConfig, IdReaderConfig, PrinterConfig
from core.errors import DeviceError, IdentityError
from drivers import registry
from drivers.base import DeviceLost, Health
from drivers.idcard import ga467_codec as c
from drivers.idcard.ga467_serial import Ga467SerialReader, wire_seconds
from drivers.manager import DeviceManager
from drivers.registry import BackendContext
from emulators.ga467_emulator import Fault, Ga467Emulator
from emulators.sample_cards import all_card_kinds, expired_card, fake_wlt
from tests.idcard_harness import Events, no_photo, wait_until


@pytest.fixture
def emu(tmp_path):
    with Ga467Emulator(link=tmp_path / "ttyGA467", pace=False) as e:
        yield e


def reader(port: str, **kw) -> Ga467SerialReader:
    kw.setdefault("poll_interval_s", 0.0)
    kw.setdefault("response_timeout_s", 0.5)
    kw.setdefault("probe_timeout_s", 0.15)
    r = Ga467SerialReader(port, **kw)
    r.open()
    return r


def test_reads_all_four_card_kinds_once_per_presentation(emu):
    r = reader(emu.port)
    try:
        assert r.poll() is None  # empty field
        for sample in all_card_kinds():
            emu.present(sample.identity)
            got = r.poll()
            assert got is not None and no_photo(got) == sample.identity
            assert got.photo == fake_wlt(sample.identity)  # raw WLT kept without a decoder
            assert r.poll() is None and r.poll() is None  # still there: not read again
            emu.remove()
            assert r.poll() is None
        emu.present(all_card_kinds()[0].identity)  # the same card again: a new presentation
        assert r.poll() is not None
    finally:
        r.close()


def test_auto_detects_port_and_baud(tmp_path):
    with (
        Ga467Emulator(baud=38400, pace=False) as emu,
        Ga467Emulator(baud=115200, pace=False) as silent,
    ):
        silent.set_silent(True)  # a port where nothing answers comes first
        r = reader("", baud=115200, candidates=[str(tmp_path / "gone"), silent.port, emu.port])
        try:
            assert (r.connected_port, r.connected_baud) == (emu.port, 38400)
            ident = emu.present()
            assert no_photo(r.poll()) == ident
        finally:
            r.close()


def test_open_fails_with_words_when_no_reader_answers(tmp_path, emu):
    emu.set_silent(True)
    with pytest.raises(DeviceError, match="未找到身份证读卡器"):
        reader(emu.port)
    with pytest.raises(DeviceError, match="找不到读卡器串口"):
        reader(str(tmp_path / "ttyUSB9"))


def test_sam_status_is_checked_at_open(emu):
    emu.set_sam_status(0x60)
    with pytest.raises(c.SamSelfTestError) as info:
        reader(emu.port)
    assert isinstance(info.value, DeviceLost)


def test_polls_no_faster_than_the_interval(emu):
    r = reader(emu.port, poll_interval_s=0.3)
    try:
        emu.commands.clear()
        r.poll()
        r.poll()  # too soon: no I/O
        assert emu.commands == [c.Command.FIND_CARD]
    finally:
        r.close()


@pytest.mark.parametrize(
    ("fault", "command", "sw3", "error"),
    [
        (Fault.BAD_CHECKSUM, c.Command.READ_TEXT_PHOTO, 0, c.FrameChecksumError),
        (Fault.SW3, c.Command.READ_TEXT_PHOTO, 0x41, c.CardReadError),
        (Fault.SW3, c.Command.SELECT_CARD, 0x81, c.CardSelectError),
        (Fault.SW3, c.Command.FIND_CARD, 0x40, c.UnknownCardTypeError),
        (Fault.SW3, c.Command.READ_TEXT_PHOTO, 0x33, c.CardAuthenticationError),
        (Fault.REMOVED_MID_READ, c.Command.READ_TEXT_PHOTO, 0, c.FrameTruncatedError),
        (Fault.SILENCE, c.Command.READ_TEXT_PHOTO, 0, c.NoResponseError),
    ],
)
def test_faults_give_one_typed_error_then_wait_for_the_card_to_leave(
    emu, fault, command, sw3, error
):
    r = reader(emu.port)
    try:
        ident = emu.present()
        emu.inject(fault, command, sw3=sw3)
        with pytest.raises(error) as info:
            r.poll()
        assert not isinstance(info.value, DeviceLost)
        assert info.value.message and info.value.hint
        for _ in range(3):
            assert r.poll() is None  # the card stays: no second error, no read
        emu.remove()
        assert r.poll() is None
        emu.present(ident)
        assert no_photo(r.poll()) == ident
    finally:
        r.close()


def test_a_reader_that_finds_the_card_again_still_reads_it_once(tmp_path):
    with Ga467Emulator(pace=False, halt=False) as emu:
        r = reader(emu.port)
        try:
            ident = emu.present()
            assert no_photo(r.poll()) == ident
            emu.commands.clear()
            assert r.poll() is None and r.poll() is None
            assert emu.commands.count(c.Command.READ_TEXT_PHOTO) == 2  # read again, not returned
            emu.present(all_card_kinds()[1].identity)  # swapped for another card
            assert r.poll() is None  # the field is empty for a moment in between
            assert no_photo(r.poll()) == all_card_kinds()[1].identity
            emu.inject(Fault.SW3, c.Command.READ_TEXT_PHOTO, sw3=0x41, times=3)
            emu.present(ident)
            assert r.poll() is None
            with pytest.raises(c.CardReadError):
                r.poll()
            assert r.poll() is None and r.poll() is None  # failing again: reported once
            assert no_photo(r.poll()) == ident  # the faults are over: read
        finally:
            r.close()


def test_a_reader_that_goes_silent_is_lost(emu):
    r = reader(emu.port)
    try:
        emu.set_silent(True)
        with pytest.raises(DeviceLost, match="无响应"):
            r.poll()
    finally:
        r.close()


def test_unplugged_reader_is_lost_and_found_again_behind_its_link(emu):
    r = reader(emu.port)
    try:
        emu.unplug()
        with pytest.raises(DeviceLost, match="串口读写失败"):
            r.poll()  # the port's I/O fails (EIO, termios.error): lost, not a crash
        with pytest.raises(DeviceLost):
            r.check()
        r.close()
        with pytest.raises(DeviceError):
            r.open()
        emu.plug()
        r.open()
        ident = emu.present()
        assert no_photo(r.poll()) == ident
    finally:
        r.close()


def test_sam_id_and_wire_time(emu):
    r = reader(emu.port)
    try:
        assert r.sam_id() == "05.01-20226866-0008902162-1268718346"
    finally:
        r.close()
    # find + select + read: 30 request bytes, 15 + 19 + 1295 answer bytes
    assert wire_seconds(1359, 115200) == pytest.approx(0.118, abs=0.001)


def test_paced_emulator_takes_the_wire_time(tmp_path):
    with Ga467Emulator(baud=115200, pace=True) as emu:
        r = reader(emu.port)
        try:
            emu.present()
            emu.bytes_in = emu.bytes_out = 0
            t0 = time.monotonic()
            assert r.poll() is not None
            took = time.monotonic() - t0
            # The emulator counts a chunk just after writing it, so the reader
            # may have the last bytes a moment before the count does.
            deadline = time.monotonic() + 2
            while emu.bytes_in + emu.bytes_out < 1359 and time.monotonic() < deadline:
                time.sleep(0.01)
            # Under load the reader may repeat one short command after a late
            # answer, so the count is at least one clean exchange.
            assert emu.bytes_in + emu.bytes_out >= 1359
            assert took >= wire_seconds(1359, 115200)
        finally:
            r.close()


def test_factory_builds_the_serial_backend_and_keeps_printer_ports_out(tmp_path, emu):
    cfg = IdReaderConfig(backend="serial", port=emu.port, baud=115200)
    serial_backend = registry.factory("id_reader", "serial")
    r = serial_backend(cfg, BackendContext(tmp_path))
    assert isinstance(r, Ga467SerialReader) and r.port == emu.port
    auto = serial_backend(
        IdReaderConfig(backend="serial"), BackendContext(tmp_path, exclude_ports=[emu.port])
    )
    auto.candidates = [emu.port]
    with pytest.raises(DeviceError):
        auto.open()  # the only port is the printer's: never probed
    broken = serial_backend(
        IdReaderConfig(backend="serial", port=emu.port, wlt_library=str(tmp_path / "nope.so")),
        BackendContext(tmp_path),
    )
    assert broken.wlt is None and broken.wlt_problem
    broken.open()
    try:
        assert broken.check() == (Health.DEGRADED, broken.wlt_problem)
    finally:
        broken.close()


# ---- through the device manager ------------------------------------------------------------------
def serial_manager(tmp_path, events: Events, port: str) -> DeviceManager:
    cfg = DevicesConfig(
        id_reader=IdReaderConfig(backend="serial", port=port),
        camera=CameraConfig(backend="none"),
        printer=PrinterConfig(uri="none"),
    )
    return DeviceManager(
        cfg,
        data_dir=tmp_path,
        on_status=events.on_status,
        on_card=events.on_card,
        on_card_error=events.on_card_error,
        card_poll_s=0.3,
        retry_min_s=0.1,
        retry_max_s=0.5,
        reader_check_s=0.2,
    )


def test_manager_reads_checks_and_survives_unplug(tmp_path, emu):
    events = Events()
    m = serial_manager(tmp_path, events, emu.port)
    m.start()
    try:
        wait_until(lambda: events.reader_health() is Health.OK)
        assert m.card_slot is None  # no emulator registered for the demo button here
        # while no page wants a card, the reader's health is still watched
        emu.unplug()
        wait_until(lambda: events.reader_health() is Health.ABSENT)
        assert "读卡器" in events.reader_message()
        emu.plug()
        wait_until(lambda: events.reader_health() is Health.OK)
        m.set_card_polling(True)
        ident = emu.present()
        wait_until(lambda: events.cards)
        assert no_photo(events.cards[0][0]) == ident and events.cards[0][1] == []
        emu.present(expired_card().identity)
        wait_until(lambda: events.errors)
        assert isinstance(events.errors[0], IdentityError) and "过期" in events.errors[0].message
        emu.present()
        emu.inject(Fault.SW3, c.Command.READ_TEXT_PHOTO, sw3=0x41)
        wait_until(lambda: len(events.errors) == 2)
        assert isinstance(events.errors[1], c.CardReadError)
    finally:
        m.stop()
