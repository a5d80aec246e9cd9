"""The virtual A4 printer: keeps each PDF it is given in a folder (the demo, the tour).

``jobs`` lists what was printed (job id, path); ``unplug``/``plug`` take it
offline and back for the health tests. The folder is ``devices.a4.folder``,
else ``a4`` in the data folder.
"""

from __future__ import annotations

import threading
from pathlib import Path

from core.config import A4Config
from drivers.a4.base import A4Error, A4Printer, A4State
from drivers.registry import BackendContext


class VirtualA4(A4Printer):
    """Writes PDFs to a folder. I/O methods on the A4 thread; ``jobs``, ``unplug``
    and ``plug`` from any thread."""

    backend = "virtual"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._jobs: list[tuple[str, Path]] = []
        self._gone = False

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def status(self) -> A4State:
        return A4State.OFFLINE if self._gone else A4State.OK

    def print_pdf(self, pdf: bytes, title: str) -> str:
        if self._gone:
            raise A4Error("a4.offline", A4State.OFFLINE, queue="virtual")
        with self._lock:
            job = f"virtual-{len(self._jobs) + 1}"
            path = self.folder / f"{job}.pdf"
            path.write_bytes(pdf)
            self._jobs.append((job, path))
        return job

    def close(self) -> None:
        pass

    @property
    def jobs(self) -> list[tuple[str, Path]]:
        with self._lock:
            return list(self._jobs)

    def unplug(self) -> None:
        self._gone = True

    def plug(self) -> None:
        self._gone = False


def create(cfg: A4Config, ctx: BackendContext) -> VirtualA4:
    return VirtualA4(Path(cfg.folder) if cfg.folder else ctx.data_dir / "a4")
