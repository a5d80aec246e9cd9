"""A folder of images played as a camera (``devices.camera.source`` = a folder)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import cv2
import numpy as np

from core.errors import DeviceError
from drivers.base import Camera, DeviceLost

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp")


class FolderCamera(Camera):
    """Plays the images of a folder as camera frames, looping.

    ``read`` returns the current image (BGR, as cv2.imread gives it; the same
    read-only array each time, so nothing is copied per frame) and ``next``
    advances to the following one. Readers pace it at ``frame_interval_s``.
    ``open``/``read``/``close`` run on the camera's I/O thread; ``next``,
    ``select``, ``names`` and ``current_quad`` may be called from any thread
    (the demo and the tests use them to change what lies on the desk).
    """

    backend = "folder"

    frame_interval_s = 1 / 15  # a streaming reader shows it at about 15 frames a second
    dropped = 0
    notice = ""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.frames = 0
        self.actual_size: tuple[int, int] = (0, 0)
        self._lock = threading.Lock()
        self._paths: list[Path] = []
        self._frames: dict[Path, np.ndarray] = {}
        self._index = 0

    def open(self) -> None:
        if not self.folder.is_dir():
            raise DeviceError("camera.folder_missing", device="camera", folder=self.folder)
        paths = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not paths:
            raise DeviceError("camera.folder_empty", device="camera", folder=self.folder)
        with self._lock:
            self._paths = paths
            self._frames.clear()
            self._index = 0

    def read(self) -> np.ndarray | None:
        with self._lock:
            if not self._paths:
                return None
            path = self._paths[self._index % len(self._paths)]
        frame = self._frames.get(path)
        if frame is None:
            frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if frame is None and not path.exists():  # the folder went away: like unplugging
                raise DeviceLost("camera.folder_gone", device="camera")
            if frame is None:
                raise DeviceError("camera.image_unreadable", device="camera", file=path.name)
            frame.flags.writeable = False  # shared by every read: nobody may draw on it
            self._frames[path] = frame
        self.frames += 1
        self.actual_size = (frame.shape[1], frame.shape[0])
        return frame

    def close(self) -> None:
        with self._lock:
            self._paths = []
            self._frames.clear()

    # ---- controls (any thread) --------------------------------------------
    @property
    def names(self) -> list[str]:
        """File names of the frames, in play order."""
        with self._lock:
            return [p.name for p in self._paths]

    def next(self) -> str:
        """Advance to the next image (looping); returns its file name."""
        with self._lock:
            if not self._paths:
                return ""
            self._index = (self._index + 1) % len(self._paths)
            return self._paths[self._index].name

    def select(self, name_or_index: str | int) -> None:
        """Show a given image, by file name (with or without suffix) or index."""
        with self._lock:
            if isinstance(name_or_index, int):
                self._index = name_or_index % max(1, len(self._paths))
                return
            for i, p in enumerate(self._paths):
                if name_or_index in (p.name, p.stem):
                    self._index = i
                    return
        raise KeyError(name_or_index)

    @property
    def current_name(self) -> str:
        with self._lock:
            return self._paths[self._index].name if self._paths else ""

    def current_quad(self) -> list[list[float]] | None:
        """True document corners of the current image (from ``<name>.json``), if known.

        Clockwise from top-left, in pixels: [[x, y], ...] four times.
        """
        with self._lock:
            if not self._paths:
                return None
            path = self._paths[self._index].with_suffix(".json")
        if not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))["quad"]
