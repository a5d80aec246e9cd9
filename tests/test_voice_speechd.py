"""The real voice backend against a real speech-dispatcher with espeak-ng's Mandarin voice.

The daemon runs privately (emulators.speechd_service): its own socket and
config in a temp folder, ALSA output into a WAV file over the null device,
so the test can count the samples espeak-ng produced. Killing the daemon
makes the voice absent, a new daemon on the same socket brings it back.
"""

from __future__ import annotations

import time

import pytest

from core.config import load_config
from drivers.base import Health
from drivers.voice.device import VoiceDevice
from emulators import speechd_service
from emulators.speechd_service import SpeechDispatcher

pytestmark = pytest.mark.skipif(
    not speechd_service.available(), reason="speech-dispatcher with espeak-ng not installed"
)


def _wait(cond, timeout=10.0):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def test_speaks_mandarin_audio_and_reports_health(tmp_path):
    with SpeechDispatcher(tmp_path / "sd") as sd:
        cfg = load_config(
            None, {"devices.voice.backend": "speechd", "devices.voice.socket": sd.address}
        )
        statuses, started = [], []
        dev = VoiceDevice(
            cfg.devices,
            data_dir=tmp_path,
            on_status=statuses.append,
            on_started=lambda text, t: started.append((text, t)),
            check_s=0.1,
            retry_min_s=0.1,
        )
        dev.start()
        try:
            _wait(lambda: statuses and statuses[-1].health is Health.OK)
            assert statuses[-1].backend == "speechd"
            t0 = time.monotonic()
            dev.say("请将身份证放在读卡区")
            _wait(lambda: started)  # speech-dispatcher's BEGIN event
            assert started[0][0] == "请将身份证放在读卡区"
            assert started[0][1] - t0 < 5
            # espeak-ng's audio reached the (null) sound card: about two seconds of speech.
            _wait(lambda: sd.audio().seconds > 1.0)
            audio = sd.audio()
            assert audio.rate == 22050 and audio.rms > 0.01, audio

            sd.kill()  # the daemon dies: the voice is absent, in words
            _wait(lambda: statuses[-1].health is Health.ABSENT)
            assert "语音" in statuses[-1].message

            sd.socket.unlink(missing_ok=True)
            sd.start()  # a new daemon on the same socket: the voice comes back by itself
            _wait(lambda: statuses[-1].health is Health.OK)
            before = len(started)
            dev.say("请选择要办理的事项")
            _wait(lambda: len(started) > before)
        finally:
            dev.close()
