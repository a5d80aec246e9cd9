"""Cameras from config (devices.camera.backend and source)."""

from __future__ import annotations

from pathlib import Path

from core.config import CameraConfig
from drivers.base import Camera
from drivers.camera.opencv_source import OpenCvCamera
from drivers.camera.virtual import FolderCamera, VirtualCamera


def create_camera(cfg: CameraConfig) -> Camera | None:
    """The camera for ``cfg.backend`` (None for "none"); no I/O happens here.

    virtual: ``source`` is a folder of images (default: the sample documents).
    opencv: ``source`` is a device index ("0"), a /dev/video path, a video
    file or a folder of images (played like the virtual camera).
    """
    if cfg.backend == "none":
        return None
    if cfg.backend == "virtual":
        return VirtualCamera(cfg.source or None)
    if cfg.source and Path(cfg.source).is_dir():
        return FolderCamera(cfg.source)
    return OpenCvCamera(cfg.source or "0", cfg.width, cfg.height)
