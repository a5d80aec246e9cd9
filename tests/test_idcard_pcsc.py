"""PC/SC through the real pcscd and vpcd: the virtual social security card, the
supervisor over pcscd restarts and reader unplug/replug, the card profiles.

pcscd runs privately (tests.idcard_harness). How an unplug is simulated:
vpcd cannot drop its reader from a live pcscd, so pcscd is restarted without
the reader in its configuration and restarted again with it
(emulators.pcscd_service explains the mapping).
"""

from __future__ import annotations

import logging

import pytest

from core.config import CameraConfig, DevicesConfig, IdReaderConfig, PrinterConfig
from core.errors import IdentityError
from drivers import registry
from drivers.base import Health
from drivers.idcard.card_profiles import (
    PROFILES,
    CardAccessError,
    SocialSecurityProfile,
    UnsupportedCardError,
    transmit_full,
)
from drivers.idcard.pcsc_reader import CardRemovedError, PcscIdReader
from drivers.manager import DeviceManager
from drivers.registry import BackendContext
from emulators.sample_cards import social_security_identities
from emulators.virtual_sscard import OTHER_ATR, VIRTUAL_ATR, VirtualSocialSecurityCard
from tests.idcard_harness import Events, shared_pcscd, wait_reader_empty, wait_until


@pytest.fixture
def pcscd():
    d = shared_pcscd()
    yield d
    if d.running and d.with_reader:
        wait_reader_empty(d.reader_name)  # the next test starts with an empty slot


@pytest.fixture
def open_reader(pcscd):
    r = PcscIdReader(pcscd.reader_name)
    r.open()
    yield r
    r.close()


def card_for(pcscd, **kw) -> VirtualSocialSecurityCard:
    return VirtualSocialSecurityCard(port=pcscd.vicc_port, **kw)


def read_next(r: PcscIdReader, timeout: float = 5.0):
    """Poll until the supervisor has a new card and the reader read it (or raised)."""
    got = []
    wait_until(lambda: got.append(r.poll()) or got[-1] is not None, timeout)
    return got[-1]


def test_reads_the_social_security_card_once_per_insertion(pcscd, open_reader, caplog):
    caplog.set_level(logging.INFO)
    assert open_reader.check() is None
    assert open_reader.supervisor.snapshot().readers == (pcscd.reader_name,)
    card = card_for(pcscd)
    card.insert()
    try:
        ident = read_next(open_reader)
        assert ident == card.identity
        assert ident.card_number and ident.valid_to is not None
        assert open_reader.poll() is None  # still inserted: not read twice
        assert "card profile ssse (ATR)" in caplog.text
        assert ident.name not in caplog.text and ident.id_number not in caplog.text
    finally:
        card.remove()
    wait_until(lambda: not open_reader.supervisor.snapshot().cards)
    other = social_security_identities()[1]
    card.insert(other)  # inserted again, another person
    try:
        assert read_next(open_reader) == other
    finally:
        card.remove()


def test_a_card_with_an_unknown_atr_is_chosen_by_its_select(pcscd, open_reader, caplog):
    caplog.set_level(logging.INFO)
    card = card_for(pcscd, atr=OTHER_ATR)
    card.insert()
    try:
        assert read_next(open_reader) == card.identity
        assert "card profile ssse (SELECT)" in caplog.text
    finally:
        card.remove()


def test_an_unsupported_card_says_so_and_logs_its_atr(pcscd, open_reader, caplog):
    card = card_for(pcscd, atr=OTHER_ATR, ssse=False)
    card.insert()
    try:
        with pytest.raises(UnsupportedCardError) as info:
            read_next(open_reader)
        assert info.value.message == "此卡片暂不支持" and info.value.hint
        assert OTHER_ATR.hex(" ").upper() in caplog.text
        assert open_reader.poll() is None  # one error per insertion
    finally:
        card.remove()


def test_a_card_that_wants_a_pin_is_refused_with_words(pcscd, open_reader):
    card = card_for(pcscd, pin_required=True)
    card.insert()
    try:
        with pytest.raises(CardAccessError) as info:
            read_next(open_reader)
        assert "人工窗口" in info.value.hint
    finally:
        card.remove()


def test_a_card_pulled_out_mid_read(pcscd, open_reader):
    card = card_for(pcscd)
    card.remove_after = 3  # SELECT SSSE, SELECT EF05, one record: then gone
    card.insert()
    with pytest.raises(CardRemovedError) as info:
        read_next(open_reader)
    assert "拔出" in info.value.message
    card.remove()
    wait_until(lambda: not open_reader.supervisor.snapshot().cards)
    card.remove_after = None
    card.insert()
    try:
        assert read_next(open_reader) == card.identity
    finally:
        card.remove()


def test_presenting_another_sample_swaps_the_card(pcscd, open_reader):
    card = card_for(pcscd)
    first = card.present()
    try:
        assert read_next(open_reader) == first
        second = card.present()  # the demo button again: the card out, the next sample in
        assert second != first
        assert read_next(open_reader) == second
    finally:
        card.remove()


def test_profiles_choose_by_atr_first():
    assert PROFILES and isinstance(PROFILES[0], SocialSecurityProfile)
    assert PROFILES[0].matches_atr(VIRTUAL_ATR) and not PROFILES[0].matches_atr(OTHER_ATR)


def test_t0_chaining_follows_61xx_and_6cxx():
    sent = []
    answers = [(b"", 0x6C05), (b"ab", 0x6103), (b"cde", 0x9000)]

    def transmit(apdu: bytes) -> tuple[bytes, int]:
        sent.append(apdu)
        return answers[len(sent) - 1]

    data, sw = transmit_full(transmit, bytes.fromhex("00B2070400"))
    assert (data, sw) == (b"abcde", 0x9000)
    assert sent == [bytes.fromhex(h) for h in ("00B2070400", "00B2070405", "00C0000003")]


# ---- hot plug: pcscd restarts, reader unplug/replug, readers appearing after start -------------
def pcsc_manager(tmp_path, events: Events, reader: str) -> DeviceManager:
    cfg = DevicesConfig(
        id_reader=IdReaderConfig(backend="pcsc", reader=reader),
        camera=CameraConfig(backend="none"),
        printer=PrinterConfig(uri="none"),
    )
    return DeviceManager(
        cfg,
        data_dir=tmp_path,
        on_status=events.on_status,
        on_card=events.on_card,
        on_card_error=events.on_card_error,
        reader_check_s=0.1,
    )


def test_manager_survives_pcscd_restarts_and_reader_unplug(tmp_path, pcscd):
    events = Events()
    m = pcsc_manager(tmp_path, events, pcscd.reader_name)
    card = card_for(pcscd)
    m.start()
    try:
        wait_until(lambda: events.reader_health() is Health.OK)
        assert isinstance(m._reader, PcscIdReader)
        sup = m._reader.supervisor
        m.set_card_polling(True)
        card.insert()
        wait_until(lambda: len(events.cards) == 1)
        card.remove()

        for hard in (False, True):  # a clean restart, then a crash (SIGKILL)
            monitors = sup.snapshot().monitors
            pcscd.stop(hard=hard)
            wait_until(lambda: events.reader_health() is Health.ABSENT)
            assert "PC/SC" in events.reader_message()
            pcscd.start()
            wait_until(lambda: events.reader_health() is Health.OK)
            assert sup.snapshot().monitors > monitors  # the dead monitor was recreated
            before = len(events.cards)
            card.insert()
            wait_until(lambda: len(events.cards) == before + 1)  # noqa: B023
            card.remove()

        pcscd.unplug_reader()
        wait_until(lambda: "未找到" in events.reader_message())
        assert events.reader_health() is Health.ABSENT
        pcscd.plug_reader()
        wait_until(lambda: events.reader_health() is Health.OK)
        card.insert(social_security_identities()[2])
        wait_until(lambda: len(events.cards) == 4)
        assert events.cards[-1][0] == social_security_identities()[2]
        assert events.errors == []
    finally:
        card.remove()
        m.stop()


def test_a_reader_appearing_after_start_is_picked_up(tmp_path, pcscd):
    pcscd.unplug_reader()  # pcscd runs, but without the reader
    events = Events()
    r = registry.factory("id_reader", "pcsc")(
        IdReaderConfig(backend="pcsc", reader=pcscd.reader_name), BackendContext(tmp_path)
    )
    assert isinstance(r, PcscIdReader)
    m = pcsc_manager(tmp_path, events, pcscd.reader_name)
    m.start()
    card = card_for(pcscd)
    try:
        wait_until(lambda: events.reader_health() is Health.ABSENT)
        assert "未找到" in events.reader_message()
        pcscd.plug_reader()
        wait_until(lambda: events.reader_health() is Health.OK)
        m.set_card_polling(True)
        expired = card.identity.model_copy(update={"valid_to": card.identity.valid_from})
        card.insert(expired)
        wait_until(lambda: events.errors)
        assert isinstance(events.errors[0], IdentityError) and events.cards == []
    finally:
        card.remove()
        m.stop()
