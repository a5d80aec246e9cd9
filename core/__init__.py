"""The OneWindow domain: Qt-free and device-free.

Everything a test can check without a window or a device lives here:
catalog, cases (办件), identities, working-day deadlines, receipt documents
and device configuration. Nothing in this package may import Qt, OpenCV,
pyscard, pyserial or python-escpos (tests/test_core_is_pure.py enforces it).
"""
