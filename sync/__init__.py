"""Getting cases from the device to the back office, safely and exactly once.

``store`` keeps every submitted case, its files and its outbox entry in one
local SQLite database (WAL, synchronous=FULL, personal data encrypted);
``client`` speaks HTTP to the back office and turns every failure into a
typed error; ``worker`` drains the outbox on its own thread with backoff and
quarantine. Qt-free: the apps get sync news through a callback.
"""
