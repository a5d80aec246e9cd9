"""The last resort of salvage: table rows read straight from the pages of a damaged file.

When an interior page of a table is lost, SQLite cannot reach the leaf pages
below it although they are intact. ``leaf_rows`` walks every page of the
file (and the frames of its -wal, later ones last) and decodes each table
leaf cell (SQLite file format, section 1.6 and 2.1: varints, serial types,
overflow chains) into (rowid, values). Nothing here knows which table a page
belonged to: the caller picks rows by their shape and trusts only what it can
check (a case body opens with the device key only under its own id).

Bounded and defensive: a cell that does not parse is skipped, overflow chains
are cut at the page count. Used only by sync.store.salvage, on the opening
thread. Never logs what it reads.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

_LEAF_TABLE = 0x0D
_WAL_MAGIC = (0x377F0682, 0x377F0683)


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    """(value, next position) of the SQLite varint at ``pos``."""
    value = 0
    for i in range(9):
        b = buf[pos + i]
        if i == 8:
            return (value << 8) | b, pos + 9
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, pos + i + 1
    raise ValueError("varint")  # pragma: no cover - the loop always returns


def _values(record: bytes) -> list[Any]:
    """The column values of one record (header of serial types, then the body)."""
    header_len, pos = _varint(record, 0)
    if not 0 < header_len <= len(record):
        raise ValueError("record header")
    types: list[int] = []
    while pos < header_len:
        t, pos = _varint(record, pos)
        types.append(t)
    out: list[Any] = []
    body = header_len
    for t in types:
        if t == 0:
            out.append(None)
        elif 1 <= t <= 6:
            n = (1, 2, 3, 4, 6, 8)[t - 1]
            out.append(int.from_bytes(record[body : body + n], "big", signed=True))
            body += n
        elif t == 7:
            out.append(struct.unpack(">d", record[body : body + 8])[0])
            body += 8
        elif t in (8, 9):
            out.append(t - 8)
        elif t >= 12:
            n = (t - 12) // 2
            raw = record[body : body + n]
            out.append(raw if t % 2 == 0 else raw.decode("utf-8", "replace"))
            body += n
        else:
            raise ValueError("serial type")
        if body > len(record):
            raise ValueError("record body")
    return out


class _Pages:
    """The pages of one database image: the main file, then its WAL's frames."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:  # mapped, not read: the file may be large
            try:
                self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file cannot be mapped
                raise ValueError("not a database") from None
        data = memoryview(self._map)
        if len(data) < 100 or bytes(data[:16]) != b"SQLite format 3\x00":
            raise ValueError("not a database")
        size = int.from_bytes(data[16:18], "big")
        self.page_size = 65536 if size == 1 else size
        if self.page_size < 512 or self.page_size & (self.page_size - 1):
            raise ValueError("page size")
        self.usable = self.page_size - data[20]
        self.pages: dict[int, memoryview | bytes] = {
            n + 1: data[n * self.page_size : (n + 1) * self.page_size]
            for n in range(len(data) // self.page_size)
        }
        self.order = list(self.pages)  # main file pages first, WAL frames after
        wal = Path(f"{path}-wal")
        if wal.exists():
            self._add_wal(wal.read_bytes())

    def _add_wal(self, wal: bytes) -> None:
        if len(wal) < 32 or int.from_bytes(wal[0:4], "big") not in _WAL_MAGIC:
            return
        if int.from_bytes(wal[8:12], "big") != self.page_size:
            return
        pos = 32
        while pos + 24 + self.page_size <= len(wal):
            number = int.from_bytes(wal[pos : pos + 4], "big")
            page = wal[pos + 24 : pos + 24 + self.page_size]
            if number:
                key = -len(self.order)  # a frame: its own key, read after the file's pages
                self.pages[key] = page
                self.pages[number] = page  # the newest version, for overflow chains
                self.order.append(key)
            pos += 24 + self.page_size

    def close(self) -> None:
        self.pages.clear()
        with suppress(BufferError):  # a view still held elsewhere: the GC closes it
            self._map.close()

    def payload(self, page: memoryview | bytes, pos: int, size: int) -> bytes:
        """The whole payload of a cell whose local part starts at ``pos``."""
        u = self.usable
        x = u - 35
        if size <= x:
            return bytes(page[pos : pos + size])
        m = ((u - 12) * 32 // 255) - 23
        k = m + (size - m) % (u - 4)
        local = k if k <= x else m
        parts = [page[pos : pos + local]]
        nxt = int.from_bytes(page[pos + local : pos + local + 4], "big")
        got, hops = local, 0
        while got < size and nxt and hops <= len(self.pages):
            over = self.pages.get(nxt)
            if over is None:
                raise ValueError("overflow")
            take = min(size - got, u - 4)
            parts.append(over[4 : 4 + take])
            got += take
            nxt = int.from_bytes(over[0:4], "big")
            hops += 1
        if got < size:
            raise ValueError("overflow chain")
        return b"".join(parts)


def leaf_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(rowid, values) of every table leaf cell in the file at ``path`` that parses."""
    try:
        pages = _Pages(path)
    except (OSError, ValueError):
        return
    try:
        yield from _cells(pages)
    finally:
        pages.close()


def _cells(pages: _Pages) -> Iterator[tuple[int, list[Any]]]:
    for key in pages.order:
        page = pages.pages[key]
        start = 100 if key == 1 else 0
        if len(page) < start + 8 or page[start] != _LEAF_TABLE:
            continue
        cells = int.from_bytes(page[start + 3 : start + 5], "big")
        for i in range(min(cells, (len(page) - start - 8) // 2)):
            at = start + 8 + 2 * i
            ptr = int.from_bytes(page[at : at + 2], "big")
            try:
                size, pos = _varint(page, ptr)
                rowid, pos = _varint(page, pos)
                record = pages.payload(page, pos, size)
                yield rowid, _values(record)
            except (IndexError, ValueError, struct.error):
                continue
