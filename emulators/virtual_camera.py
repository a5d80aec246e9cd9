"""The virtual document camera: the sample document photos played as frames."""

from __future__ import annotations

from pathlib import Path

import assets
from core.config import CameraConfig
from drivers.camera.folder import FolderCamera
from drivers.registry import BackendContext


def sample_documents_dir() -> Path:
    """The shipped sample document photos (made by scripts/make_sample_documents.py)."""
    return assets.path("samples/documents")


class VirtualCamera(FolderCamera):
    """The sample document photos as a camera, for the demo, the tour and the tests.

    A FolderCamera on assets/samples/documents/ by default; ``next``,
    ``select`` and ``current_quad`` change what lies on the desk (any thread).
    """

    backend = "virtual"

    def __init__(self, folder: Path | str | None = None) -> None:
        super().__init__(folder or sample_documents_dir())


def create(cfg: CameraConfig, ctx: BackendContext) -> VirtualCamera:
    """The ``virtual`` camera backend (registered in pyproject)."""
    return VirtualCamera(cfg.source or None)
