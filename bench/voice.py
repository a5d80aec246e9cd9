"""Voice guidance benchmark: `python -m bench.voice` prints one JSON line.

A real kiosk window (offscreen) with voice guidance on switches between its
home, card and items pages; for each switch the time from the page shown
(just before ``show_page``) to the speech started is measured:

- ``virtual_ms_p50`` / ``virtual_ms_p95``: the virtual voice, whose speech
  "starts" when its ``say`` runs on the voice thread: the cost of the
  hand-over from the GUI thread (goal <= 20 ms).
- ``speechd_ms_p50`` / ``speechd_ms_p95``: speech-dispatcher with espeak-ng's
  Mandarin voice, started privately (emulators.speechd_service), until its
  BEGIN event for that text: SSIP round trips, the daemon, espeak-ng's first
  audio (goal <= 300 ms).
- ``gui_block_ms_max``: the longest ``show_page`` call, speech included
  (speaking never waits on the GUI thread).
- ``audio_seconds`` / ``audio_rms``: what espeak-ng produced for the card
  page's instruction 请将身份证放在读卡区 alone (16-bit mono, RMS of full
  scale), counted in the WAV the null sound card wrote.

Where speech-dispatcher or espeak-ng is missing the speechd figures are null
and ``speechd_note`` says why.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 20
PAGES = ("card", "items", "home")
CARD_TEXT = "请将身份证放在读卡区"


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if q == 50:
        return round(statistics.median(values), 1)
    return round(sorted(values)[min(len(values) - 1, int(len(values) * q / 100))], 1)


def _wait(app: Any, cond: Any, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            return False
        app.processEvents()
        time.sleep(0.001)
    return True


def bench_kiosk(root: Path, **voice: Any) -> tuple[list[float], float]:
    """Page shown → speech started, ms per switch; and the longest show_page, ms."""
    from PySide6.QtWidgets import QApplication

    from core.config import load_config
    from kiosk.spoken import instruction
    from onewindow.gui import make_window
    from widgets.i18n import tr

    app = QApplication.instance()
    cfg = load_config(
        None,
        {
            "role": "kiosk",
            "data_dir": str(root),
            "backoffice.url": "http://127.0.0.1:9",
            "kiosk.voice_guidance": True,
            **{f"devices.voice.{k}": v for k, v in voice.items()},
        },
    )
    win, bridge = make_window(cfg)
    started: list[tuple[str, float]] = []
    win.rt.voice.on_started = lambda text, t: started.append((text, t))
    win.resize(1280, 800)
    win.show()
    bridge.start()
    try:
        if not _wait(app, lambda: win.rt.voice.status() is not None):
            raise RuntimeError("the voice did not report")
        st = win.rt.voice.status()
        if st.health.value != "ok":
            raise RuntimeError(st.message)
        win.show_page("card")  # the privacy notice first, agreed once for the session
        win.pages["consent"].agree_btn.click()
        times: list[float] = []
        block = 0.0
        for i in range(RUNS + 2):
            page = PAGES[i % len(PAGES)]
            want = tr(instruction(page))  # what the guide says for it
            n = len(started)
            t0 = time.monotonic()
            win.show_page(page)
            block = max(block, time.monotonic() - t0) if i >= 2 else block
            ok = _wait(app, lambda n=n, want=want: any(t == want for t, _ in started[n:]))
            if not ok:
                raise RuntimeError(f"no speech started for page {page}")
            t1 = next(t for text, t in started[n:] if text == want)
            if i >= 2:  # the first switches warm up imports and the daemon's module
                times.append((t1 - t0) * 1000)
        return times, block * 1000
    finally:
        bridge.close()
        win.close()


def bench_audio(sd: Any) -> tuple[float, float]:
    """What espeak-ng produced for the card page's words alone: seconds, RMS."""
    from core.config import load_config
    from drivers.voice.device import VoiceDevice

    cfg = load_config(
        None, {"devices.voice.backend": "speechd", "devices.voice.socket": sd.address}
    )
    with tempfile.TemporaryDirectory() as tmp:
        dev = VoiceDevice(cfg.devices, data_dir=Path(tmp))
        dev.set_volume(100)
        dev.start()
        try:
            time.sleep(0.5)  # what the kiosk said before has played out
            before = sd.audio()  # the module keeps its WAV open: count what this adds
            dev.say(CARD_TEXT)
            last, stable_since = -1, time.monotonic()
            end = time.monotonic() + 15
            while time.monotonic() < end:  # until the WAV stops growing for 0.5 s
                n = sd.audio().samples
                if n != last:
                    last, stable_since = n, time.monotonic()
                elif n > 0 and time.monotonic() - stable_since > 0.5:
                    break
                time.sleep(0.05)
        finally:
            dev.close()
    return _added(sd, before)


def _added(sd: Any, before: Any) -> tuple[float, float]:
    """Seconds and RMS of the samples written after ``before``."""
    import array
    import math

    from emulators.speechd_service import WAV_HEADER

    raw = sd.wav.read_bytes()[WAV_HEADER + before.samples * 2 :]
    pcm = array.array("h")
    pcm.frombytes(raw[: len(raw) // 2 * 2])
    if not pcm:
        return 0.0, 0.0
    rms = math.sqrt(sum(x * x for x in pcm) / len(pcm)) / 32768
    return round(len(pcm) / before.rate, 2), round(rms, 4)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from emulators import speechd_service
    from emulators.speechd_service import SpeechDispatcher

    QApplication.instance() or QApplication([])
    out: dict[str, Any] = {"bench": "voice", "runs": RUNS}
    with tempfile.TemporaryDirectory(prefix="ow-bench-voice-") as tmp:
        root = Path(tmp)
        virtual, block_v = bench_kiosk(root / "virtual", backend="virtual")
        out["virtual_ms_p50"] = _pct(virtual, 50)
        out["virtual_ms_p95"] = _pct(virtual, 95)
        out["speechd_ms_p50"] = out["speechd_ms_p95"] = None
        out["audio_seconds"] = out["audio_rms"] = None
        block_s = 0.0
        if not speechd_service.available():
            out["speechd_note"] = "speech-dispatcher with espeak-ng is not installed"
        else:
            with SpeechDispatcher(root / "speechd") as sd:
                real, block_s = bench_kiosk(root / "speechd", backend="speechd", socket=sd.address)
                out["speechd_ms_p50"] = _pct(real, 50)
                out["speechd_ms_p95"] = _pct(real, 95)
                out["audio_seconds"], out["audio_rms"] = bench_audio(sd)
        out["gui_block_ms_max"] = round(max(block_v, block_s), 1)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
