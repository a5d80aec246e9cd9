"""The real voice: speech-dispatcher over its own protocol, SSIP, on a Unix socket.

Why SSIP from drivers/ and not QtTextToSpeech: PySide6's QtTextToSpeech and
its ``speechd`` plugin work here (``QTextToSpeech.availableEngines()`` is
``['speechd', 'mock']`` once libpulse0 is installed), but only widgets/,
the apps and onewindow/ may import Qt, and a QTextToSpeech must live on a
thread with a Qt event loop, which the devices' plain I/O threads have not.
The plugin is itself a client of libspeechd, which speaks SSIP to the same
daemon; talking SSIP directly keeps the voice a device like the others: its
own I/O thread, health from the socket (a dead daemon is ``DeviceLost`` and
the owner re-opens with backoff), no Qt and no libpulse at run time, and the
daemon's BEGIN event gives the moment the speech really started
(bench/voice.py). The engine behind it is espeak-ng's Mandarin voice (cmn),
which speech-dispatcher's espeak-ng module selects for language ``zh``.

SSIP in brief: lines end in CRLF; a reply is ``NNN-…`` continuation lines
and one ``NNN …`` final line; 2xx is success; ``SPEAK`` is answered 230,
then the text follows, ended by a line holding one dot (a leading dot
doubled); events (7xx) arrive at any time once notifications are on, so one
reader thread per connection sorts replies from events.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import socket
import subprocess
import threading
import time
from typing import Any

from core.config import VoiceConfig
from core.errors import DeviceError
from drivers.base import DeviceLost, Voice
from drivers.registry import BackendContext

log = logging.getLogger(__name__)

REPLY_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 2.0


def default_address() -> str:
    """Where speech-dispatcher listens when config and environment say nothing."""
    env = os.environ.get("SPEECHD_ADDRESS", "")
    if env:
        return env
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return f"unix_socket:{runtime}/speech-dispatcher/speechd.sock"


def _connect(address: str) -> socket.socket:
    """``unix_socket:/path``, ``/path`` or ``inet_socket:host:port``."""
    if address.startswith("inet_socket:"):
        host, _, port = address.removeprefix("inet_socket:").rpartition(":")
        return socket.create_connection((host or "127.0.0.1", int(port)), CONNECT_TIMEOUT_S)
    path = address.removeprefix("unix_socket:")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(CONNECT_TIMEOUT_S)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise
    return sock


class SsipVoice(Voice):
    """speech-dispatcher over SSIP. Call from the voice's I/O thread only.

    A reader thread of its own reads the socket: replies go to the I/O
    thread's queue, BEGIN events to ``on_started``.
    """

    backend = "speechd"

    def __init__(
        self, address: str, language: str = "zh", client: str = "kiosk", *, autospawn: bool = False
    ) -> None:
        self.address = address
        self.autospawn = autospawn  # start the per-user daemon if it is not running
        self.language = language
        self.client = client
        self._sock: socket.socket | None = None
        self._replies: queue.Queue[tuple[int, list[str]] | None] = queue.Queue()
        self._texts: dict[str, str] = {}  # message id → text, until its speech began
        self._sending = ""  # the text of the SPEAK under way
        self._reader: threading.Thread | None = None
        self._volume: int | None = None

    # ---- Voice --------------------------------------------------------------
    def open(self) -> None:
        try:
            try:
                self._sock = _connect(self.address)
            except (FileNotFoundError, ConnectionRefusedError):
                if not (self.autospawn and _spawn(self.address)):
                    raise
                self._sock = _connect(self.address)
        except (OSError, ValueError) as exc:
            raise DeviceError(
                "voice.no_server", device="voice", address=self.address, why=_why(exc)
            ) from None
        self._sock.settimeout(None)
        self._replies = queue.Queue()
        self._reader = threading.Thread(
            target=self._read_loop, args=(self._sock,), name="ow-voice-ssip", daemon=True
        )
        self._reader.start()
        self._volume = None
        self._command(f"SET self CLIENT_NAME user:onewindow:{self.client}")
        self._command(f"SET self LANGUAGE {self.language}")
        self._command("SET self PRIORITY text")
        self._command("SET self NOTIFICATION begin on")
        voices = self._command("LIST SYNTHESIS_VOICES")[1]
        langs = {f.split("\t")[1].split("-")[0] for f in voices if f.count("\t") >= 1}
        if voices and not langs & {self.language, "cmn", "zh"}:
            raise DeviceError("voice.no_voice", device="voice", language=self.language)

    def say(self, text: str, volume: int) -> None:
        self._command("CANCEL self")  # the last page's words stop where they are
        if volume != self._volume:
            self._command(f"SET self VOLUME {volume * 2 - 100}")  # SSIP: -100…100
            self._volume = volume
        self._command("SPEAK", expect=230)
        body = "\r\n".join(
            ".." + line if line.startswith(".") else line for line in text.splitlines()
        )
        # The reader thread files the message id under this text as the 225 reply
        # passes, before the BEGIN that may follow at once.
        self._sending = text
        self._command(body + "\r\n.", expect=225)

    def set_language(self, language: str) -> None:
        """``SET self LANGUAGE``: espeak-ng speaks ``zh`` as Mandarin (cmn), ``en`` as English."""
        if self._sock is not None:
            self._command(f"SET self LANGUAGE {language}")
        self.language = language

    def stop(self) -> None:
        self._command("CANCEL self")

    def check(self) -> None:
        self._command("LIST OUTPUT_MODULES")  # a cheap round trip: is the daemon there
        return None

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        with contextlib.suppress(OSError):
            sock.sendall(b"QUIT\r\n")
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        if self._reader is not None:
            self._reader.join(timeout=2)

    # ---- the protocol -------------------------------------------------------
    def _command(self, line: str, expect: int | None = None) -> tuple[int, list[str]]:
        sock = self._sock
        if sock is None:
            raise DeviceLost("voice.lost", device="voice")
        try:
            sock.sendall(line.encode("utf-8") + b"\r\n")
        except OSError:
            raise DeviceLost("voice.lost", device="voice") from None
        try:
            reply = self._replies.get(timeout=REPLY_TIMEOUT_S)
        except queue.Empty:
            raise DeviceLost("voice.lost", device="voice") from None
        if reply is None:
            raise DeviceLost("voice.lost", device="voice")
        code, lines = reply
        if (expect is not None and code != expect) or not 200 <= code < 300:
            raise DeviceError("voice.refused", device="voice", reply=f"{code} {lines[-1:]}")
        return code, lines[:-1]

    def _read_loop(self, sock: socket.socket) -> None:
        """The reader thread: whole replies to the queue, events to ``on_started``."""
        f = sock.makefile("rb")
        lines: list[str] = []
        try:
            for raw in f:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if len(line) < 4 or not line[:3].isdigit():
                    continue
                lines.append(line[4:])
                if line[3] == "-":
                    continue
                code, whole, lines = int(line[:3]), lines, []
                if 700 <= code < 800:
                    self._event(code, whole)
                    continue
                if code == 225 and len(whole) > 1:  # 225-<message id> / 225 OK MESSAGE QUEUED
                    self._texts[whole[0]] = self._sending
                    if len(self._texts) > 64:  # cancelled ones never begin: forget the oldest
                        self._texts.pop(next(iter(self._texts)))
                self._replies.put((code, whole))
        except (OSError, ValueError):
            pass
        finally:
            self._replies.put(None)  # the connection is gone: the next command says so

    def _event(self, code: int, lines: list[str]) -> None:
        # 701-<msg id> / 701-<client id> / 701 BEGIN
        if code != 701 or not lines:
            return
        text = self._texts.pop(lines[0], None)
        cb = self.on_started
        if text is not None and cb is not None:
            cb(text, time.monotonic())


def _spawn(address: str) -> bool:
    """Start the user's speech-dispatcher as libspeechd does (``--spawn``): True if it runs.

    Only for the default socket: a configured one belongs to a daemon someone
    else runs. ``--spawn`` returns once the daemon has forked; it does nothing
    if the system disables autospawn (speechd.conf ``DisableAutoSpawn``).
    """
    exe = shutil.which("speech-dispatcher")
    if exe is None or not address.startswith("unix_socket:"):
        return False
    path = address.removeprefix("unix_socket:")
    try:
        subprocess.run(
            [exe, "--spawn", "--communication-method", "unix_socket", "--socket-path", path],
            timeout=10,
            check=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    deadline = time.monotonic() + 5
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def create(cfg: VoiceConfig, ctx: BackendContext) -> Any:
    del ctx
    if cfg.socket:
        return SsipVoice(cfg.socket, cfg.language)
    return SsipVoice(default_address(), cfg.language, autospawn=True)
