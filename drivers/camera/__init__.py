"""Cameras and document scanning.

Capture sources (``opencv_source``, ``virtual``, ``stream``), finding the page
(``detect``, with its stages in ``contours``, ``lines``, ``scoring``,
``ranker`` and ``refine``; ``geometry``), the live scan (``live``), flat clean
pages (``page``), quality checks (``quality``), the pages of a case
(``session``, ``pdf``). Qt-free; docs/scanning.md describes the whole.
"""
