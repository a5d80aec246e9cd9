"""A private speech-dispatcher for tests, the bench and the tour, with no sound card.

It runs as its own process with a config folder, a socket and a log folder
in a temporary directory, the espeak-ng module and the Mandarin voice, and
ALSA output into a WAV file instead of a sound card: ``HOME`` points at the
folder, whose ``.asoundrc`` makes ALSA's default device a ``file`` plugin
over the ``null`` device. So the audio espeak-ng produced can be counted
(``audio()``: samples, seconds, RMS). Owned by the thread that starts it.
"""

from __future__ import annotations

import array
import math
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

SPEECHD_CONF = """\
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
DefaultLanguage "zh"
AudioOutputMethod "alsa"
DefaultVolume 100
LogLevel 3
"""
ASOUNDRC = """\
pcm.!default {{
  type file
  slave.pcm "null"
  file "{wav}"
  format "wav"
}}
"""
WAV_HEADER = 44  # ALSA's file plugin writes a plain 44-byte RIFF header
RATE = 22050  # espeak-ng's output rate, when the header is not written yet


def available() -> bool:
    """speech-dispatcher and its espeak-ng module are installed."""
    return shutil.which("speech-dispatcher") is not None and any(
        Path(d, "sd_espeak-ng").exists()
        for d in ("/usr/lib/speech-dispatcher-modules", "/usr/libexec/speech-dispatcher-modules")
    )


@dataclass(frozen=True)
class Audio:
    """What went to the (null) sound card: 16-bit mono samples at ``rate``."""

    samples: int
    rate: int
    rms: float  # of the samples, full scale 32768

    @property
    def seconds(self) -> float:
        return self.samples / self.rate if self.rate else 0.0


class SpeechDispatcher:
    """speech-dispatcher on a private socket; ``address`` is for VoiceConfig.socket."""

    def __init__(self, folder: Path | None = None) -> None:
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="ow-speechd-")
        self.folder = Path(folder or self._tmp.name)  # type: ignore[union-attr]
        self.socket = self.folder / "speechd.sock"
        self.wav = self.folder / "out.wav"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"unix_socket:{self.socket}"

    def start(self, timeout_s: float = 10.0) -> SpeechDispatcher:
        conf = self.folder / "conf"
        (conf / "modules").mkdir(parents=True, exist_ok=True)
        (conf / "speechd.conf").write_text(SPEECHD_CONF)
        (conf / "modules" / "espeak-ng.conf").write_text("")
        (self.folder / "log").mkdir(exist_ok=True)
        (self.folder / ".asoundrc").write_text(ASOUNDRC.format(wav=self.wav))
        env = {**os.environ, "HOME": str(self.folder), "XDG_RUNTIME_DIR": str(self.folder)}
        env.pop("SPEECHD_ADDRESS", None)
        self.proc = subprocess.Popen(
            [
                "speech-dispatcher",
                "--run-single",
                "--communication-method",
                "unix_socket",
                "--socket-path",
                str(self.socket),
                "--config-dir",
                str(conf),
                "--log-dir",
                str(self.folder / "log"),
                "--pid-file",
                str(self.folder / "speechd.pid"),
                "--timeout",
                "0",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout_s
        while not self.socket.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("speech-dispatcher did not start")
            time.sleep(0.02)
        return self

    def kill(self) -> None:
        """Die at once, like a crashed daemon (the socket file stays)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(5)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None

    def audio(self) -> Audio:
        """The samples written so far (the header's length fields stay 0 while streaming)."""
        if not self.wav.exists():
            return Audio(0, RATE, 0.0)
        raw = self.wav.read_bytes()
        rate = struct.unpack_from("<I", raw, 24)[0] if len(raw) >= WAV_HEADER else RATE
        data = raw[WAV_HEADER:]
        pcm = array.array("h")
        pcm.frombytes(data[: len(data) // 2 * 2])
        if not pcm:
            return Audio(0, rate, 0.0)
        rms = math.sqrt(sum(s * s for s in pcm) / len(pcm)) / 32768
        return Audio(len(pcm), rate, rms)

    def __enter__(self) -> SpeechDispatcher:
        return self.start()

    def __exit__(
        self,
        t: type[BaseException] | None,
        e: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
