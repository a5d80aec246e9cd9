"""The voice device: config words, the registry, the owner's thread and health.

The virtual backend records what was said; the real one is tested against a
real speech-dispatcher in tests/test_voice_speechd.py.
"""

from __future__ import annotations

import threading
import time

import pytest

from core.config import load_config
from core.errors import ConfigError
from core.messages import render
from drivers import registry
from drivers.base import Health
from drivers.device_status import VOICE_LOST, VOICE_READY, VOICE_UNAVAILABLE
from drivers.threads import WrongThread
from drivers.voice.device import VoiceDevice
from drivers.voice.ssip import SsipVoice
from emulators.virtual_voice import VirtualVoice


def _words(exc: ConfigError) -> str:
    text, hint = render(exc.code, {"key": exc.key, **exc.params}, lambda s: s)
    return f"{text} {hint}"


def test_defaults():
    cfg = load_config(None)
    assert cfg.devices.voice.backend == "virtual"
    assert cfg.devices.voice.volume == 80
    assert cfg.kiosk.voice_guidance is False


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("devices.voice.volume", 150, "0 到 100"),
        ("devices.voice.volume", -1, "0 到 100"),
        ("kiosk.voice_guidance", "yes", "true"),
        ("devices.voice.backend", "Loud Voice", "README"),
    ],
)
def test_bad_values_name_the_key_and_the_fix(key, value, hint):
    with pytest.raises(ConfigError) as info:
        load_config(None, {key: value})
    assert info.value.key == key
    words = _words(info.value)
    assert key in words and hint in words, words


def test_unknown_voice_backend_names_the_key_and_the_known_ones():
    cfg = load_config(None, {"devices.voice.backend": "festival"})
    with pytest.raises(ConfigError) as info:
        registry.check(cfg.devices)
    assert info.value.key == "devices.voice.backend"
    words = _words(info.value)
    assert "festival" in words and "speechd" in words and "virtual" in words


def test_backends_are_registered():
    assert registry.names("voice") == ["speechd", "virtual", "none"]
    assert registry.factory("voice", "speechd").__module__ == "drivers.voice.ssip"


def _device(tmp_path, **over):
    statuses = []
    cfg = load_config(None, {f"devices.voice.{k}": v for k, v in over.items()})
    dev = VoiceDevice(
        cfg.devices, data_dir=tmp_path, on_status=statuses.append, check_s=0.05, retry_min_s=0.05
    )
    return dev, statuses


def _wait(cond, timeout=5.0):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def test_say_never_blocks_and_the_newest_text_wins(tmp_path):
    dev, statuses = _device(tmp_path)
    dev.start()
    try:
        _wait(lambda: dev.virtual is not None and statuses)
        assert statuses[-1].health is Health.OK and statuses[-1].message == VOICE_READY
        gate, entered = threading.Event(), threading.Event()
        orig = dev.virtual.say

        def slow_say(text, volume):  # the first utterance holds the voice thread
            entered.set()
            gate.wait(5)
            orig(text, volume)

        dev.virtual.say = slow_say
        t0 = time.monotonic()
        dev.say("一")
        assert entered.wait(5)
        for text in ("二", "三", "四"):
            dev.say(text)
        assert time.monotonic() - t0 < 0.1  # the caller (the GUI) never waits
        gate.set()
        _wait(lambda: dev.virtual.said()[-1:] == ["四"])
        assert dev.virtual.said() == ["一", "四"]  # 二 and 三 were replaced before their turn
        dev.set_volume(30)
        dev.replay()
        _wait(lambda: len(dev.virtual.said()) == 3)
        assert dev.virtual.utterances[-1].volume == 30 and dev.virtual.said()[-1] == "四"
    finally:
        dev.close()


def test_health_follows_the_speech_service(tmp_path):
    dev, statuses = _device(tmp_path)
    dev.start()
    try:
        _wait(lambda: statuses and statuses[-1].health is Health.OK)
        dev.virtual.unplug()
        _wait(lambda: statuses[-1].health is Health.ABSENT)
        assert statuses[-1].parts[0] in (VOICE_LOST, VOICE_UNAVAILABLE)
        assert statuses[-1].device == "voice" and statuses[-1].backend == "virtual"
        dev.say("听不到")  # down: dropped, not queued for later
        dev.virtual.plug()
        _wait(lambda: statuses[-1].health is Health.OK)
        dev.say("又能听到了")
        _wait(lambda: dev.virtual.said()[-1:] == ["又能听到了"])
        assert "听不到" not in dev.virtual.said()
    finally:
        dev.close()


def test_no_server_is_absent_in_words(tmp_path):
    dev, statuses = _device(tmp_path, backend="speechd", socket=str(tmp_path / "nobody.sock"))
    dev.start()
    try:
        _wait(lambda: statuses)
        st = statuses[-1]
        assert st.health is Health.ABSENT and st.backend == "speechd"
        assert st.parts[0] == VOICE_UNAVAILABLE
        assert "连接不上语音服务" in st.message and "nobody.sock" in st.message
        dev.say("没有服务也不卡住")  # returns at once
    finally:
        dev.close()


def test_backend_calls_are_bound_to_one_thread():
    v = VirtualVoice()
    v.open()
    done = []
    t = threading.Thread(target=lambda: done.append(_try(v.say, "x", 50)))
    t.start()
    t.join()
    assert isinstance(done[0], WrongThread)
    s = SsipVoice("unix_socket:/nonexistent")
    assert s.backend == "speechd"


def test_the_virtual_voice_takes_its_time_and_a_new_text_cuts_the_last():
    v = VirtualVoice(chars_per_s=10.0)
    v.open()
    v.say("一二三四五六七八九十", 50)  # one second at ten characters a second
    v.say("二", 50)  # at once: the first is cut
    v.stop()
    first, second = v.utterances
    assert first.cut and first.end == second.t and first.end - first.t < 1.0
    assert second.cut and second.end <= time.monotonic()
    instant = VirtualVoice()
    instant.say("一", 50)
    assert instant.utterances[0].end == instant.utterances[0].t and not instant.utterances[0].cut


def _try(fn, *args):
    try:
        fn(*args)
    except Exception as exc:
        return exc
    return None
