"""A PDF's first page as an image (Qt's QtPdf): the 证明打印 preview.

GUI thread (QPdfDocument is a QObject of the thread that makes it); one A4
page renders in well under a second.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument


def first_page(pdf: bytes, height_px: int) -> QImage:
    """Page 1 of ``pdf`` scaled to ``height_px`` high (a null image when it will not load)."""
    doc = QPdfDocument()
    buf = QBuffer()
    buf.setData(QByteArray(pdf))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
        return QImage()
    size = doc.pagePointSize(0)
    width = max(1, round(height_px * size.width() / max(1.0, size.height())))
    img = doc.render(0, QSize(width, height_px))
    doc.close()
    buf.close()
    return img
