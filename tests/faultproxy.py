"""A fault-injecting HTTP/1.1 proxy on loopback, for the sync tests and bench.sync.

It sits between a device and the real back office and forwards requests
byte for byte, except for those that match a planned fault:

- ``reset``     forward the head and the first ``after_bytes`` of the body, then
                reset the client's connection (RST), as a dropped link does
- ``stall``     swallow the request and answer nothing for ``seconds``
- ``truncate``  forward, but pass only the first ``after_bytes`` of the answer
- ``reply``     answer by itself (a 502 HTML page, a 503 with Retry-After...)
- ``slow``      forward, but dribble the answer at ``bytes_per_s``

Faults match on method and a path regex and apply to the next ``times``
matching requests (0: until cleared), after letting ``skip`` of them
through. The proxy counts every request (time, method, path, status) and
the request-body bytes it forwarded per method, so a test can tell how much
was sent again after a cut. Plain sockets and
threads (one per client connection); loopback only.
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType

_IO_TIMEOUT_S = 30.0


@dataclass
class Fault:
    """One planned fault; see the module docstring for the actions."""

    action: str
    method: str | None = None
    path: str | None = None  # regex searched in the request path
    times: int = 1
    after_bytes: int = 0
    seconds: float = 0.0
    status: int = 502
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    bytes_per_s: float = 20_000.0
    skip: int = 0  # let this many matching requests through first
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method != method:
            return False
        return not (self.path and not re.search(self.path, path))


@dataclass(frozen=True)
class Seen:
    """One request the proxy saw: when, what, and the status it returned (0: none)."""

    at: float
    method: str
    path: str
    status: int
    fault: str


class _Closed(Exception):
    pass


class _Reader:
    """Buffered reads from a socket: lines/heads and exact byte counts."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""

    def _fill(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise _Closed
        self.buf += data

    def head(self) -> bytes:
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > 65536:
                raise _Closed
            self._fill()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        return head + b"\r\n\r\n"

    def line(self) -> bytes:
        while b"\r\n" not in self.buf:
            self._fill()
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line + b"\r\n"

    def some(self, limit: int) -> bytes:
        if not self.buf:
            self._fill()
        out, self.buf = self.buf[:limit], self.buf[limit:]
        return out

    def exact(self, n: int) -> bytes:
        parts = []
        while n > 0:
            piece = self.some(n)
            parts.append(piece)
            n -= len(piece)
        return b"".join(parts)

    def rest(self) -> bytes:
        parts = [self.buf]
        self.buf = b""
        with contextlib.suppress(_Closed, OSError):
            while True:
                self._fill()
                parts.append(self.buf)
                self.buf = b""
        return b"".join(parts)


def _headers(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    out: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            k, _, v = line.partition(":")
            out[k.strip().lower()] = v.strip()
    return lines[0], out


def _reset(sock: socket.socket) -> None:
    """Close with an RST instead of a FIN (SO_LINGER 0), like a dropped link."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    """Forwards 127.0.0.1:<port> to ``upstream``; faults are planned with ``add``.

    ``start``/``stop`` from the test's thread; ``add``, ``clear`` and the
    counters may be used from any thread.
    """

    def __init__(
        self, upstream_host: str, upstream_port: int, *, io_timeout_s: float = _IO_TIMEOUT_S
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        # A silent socket is cut after this long, like a middlebox's idle timeout.
        self.io_timeout_s = io_timeout_s
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.body_bytes: Counter[str] = Counter()  # request-body bytes forwarded, per method
        self._listener: socket.socket | None = None
        self._socks: set[socket.socket] = set()
        self._stopping = threading.Event()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ plan

    def add(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> int:
        with self._lock:
            return len(self._faults)

    def _take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for f in self._faults:
                if f.matches(method, path):
                    if f.skip > 0:
                        f.skip -= 1
                        return None
                    f.hits += 1
                    if f.times and f.hits >= f.times:
                        self._faults.remove(f)
                    return f
        return None

    def _note(self, method: str, path: str, status: int, fault: str) -> None:
        with self._lock:
            self.seen.append(Seen(time.monotonic(), method, path, status, fault))

    def count(self, method: str | None = None, path: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for s in self.seen
                if (method is None or s.method == method)
                and (path is None or re.search(path, s.path))
            )

    # ------------------------------------------------------------------ running

    def start(self) -> FaultProxy:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(512)
        self.port = sock.getsockname()[1]
        self._listener = sock
        threading.Thread(target=self._accept, name="faultproxy", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.close()
        with self._lock:
            socks, self._socks = list(self._socks), set()
        for s in socks:
            with contextlib.suppress(OSError):
                s.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._socks.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _open_upstream(self) -> tuple[socket.socket, _Reader]:
        up = socket.create_connection(self.upstream, timeout=self.io_timeout_s)
        with self._lock:
            self._socks.add(up)
        return up, _Reader(up)

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(self.io_timeout_s)
        reader = _Reader(client)
        up: socket.socket | None = None
        up_reader: _Reader | None = None
        try:
            while not self._stopping.is_set():
                head = reader.head()
                request_line, headers = _headers(head)
                method, path = [*request_line.split(" "), "", ""][:2]
                length = int(headers.get("content-length") or 0)
                fault = self._take(method, path)
                action = fault.action if fault else "pass"

                if fault is not None and action in ("reply", "stall"):
                    reader.exact(length)
                    if action == "stall":
                        self._note(method, path, 0, action)
                        self._stopping.wait(fault.seconds)
                        return
                    self._reply(client, fault, method)
                    self._note(method, path, fault.status, action)
                    return

                if up is None:
                    up, up_reader = self._open_upstream()
                assert up_reader is not None
                up.sendall(head)
                if fault is not None and action == "reset":
                    sent = 0
                    while sent < min(length, fault.after_bytes):
                        piece = reader.some(min(65536, fault.after_bytes - sent))
                        up.sendall(piece)
                        sent += len(piece)
                    self._count(method, sent)
                    self._note(method, path, 0, action)
                    _reset(client)
                    return
                remaining = length
                while remaining > 0:
                    piece = reader.some(min(65536, remaining))
                    up.sendall(piece)
                    remaining -= len(piece)
                self._count(method, length)

                status, answer, close = self._read_answer(up_reader, method)
                self._note(method, path, status, action)
                if fault is not None and action == "truncate":
                    client.sendall(answer[: fault.after_bytes])
                    return
                if fault is not None and action == "slow":
                    step = max(1, int(fault.bytes_per_s / 20))
                    for i in range(0, len(answer), step):
                        client.sendall(answer[i : i + step])
                        time.sleep(0.05)
                else:
                    client.sendall(answer)
                if close:
                    return
        except (_Closed, OSError):
            return
        finally:
            for s in (client, up):
                if s is not None:
                    with contextlib.suppress(OSError):
                        s.close()
                    with self._lock:
                        self._socks.discard(s)

    def _count(self, method: str, n: int) -> None:
        with self._lock:
            self.body_bytes[method] += n

    @staticmethod
    def _read_answer(r: _Reader, method: str) -> tuple[int, bytes, bool]:
        head = r.head()
        status_line, headers = _headers(head)
        status = int(status_line.split(" ")[1])
        close = headers.get("connection", "").lower() == "close"
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            return status, head, close
        if "content-length" in headers:
            return status, head + r.exact(int(headers["content-length"])), close
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = [head]
            while True:
                size_line = r.line()
                parts.append(size_line)
                size = int(size_line.split(b";")[0].strip(), 16)
                parts.append(r.exact(size + 2))
                if size == 0:
                    return status, b"".join(parts), close
        return status, head + r.rest(), True

    @staticmethod
    def _reply(client: socket.socket, fault: Fault, method: str) -> None:
        reason = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
        headers = {"Content-Type": "text/html; charset=utf-8", **fault.headers}
        lines = [f"HTTP/1.1 {fault.status} {reason.get(fault.status, 'Error')}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines += [f"Content-Length: {len(fault.body)}", "Connection: close", "", ""]
        client.sendall(
            "\r\n".join(lines).encode("latin-1") + (b"" if method == "HEAD" else fault.body)
        )
