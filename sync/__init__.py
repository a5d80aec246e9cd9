"""Getting cases from the device to the back office, safely and exactly once.

``store`` keeps every submitted case, its files and its outbox entry in one
local SQLite database (WAL, synchronous=FULL, personal data encrypted), and
with them supplements (补正), evaluations (好差评) and 12345 records
(``records``), all through one outbox; ``client`` speaks HTTP to the back
office and turns every failure into a typed error; ``upload`` sends files
resumably over tus 1.0 with tuspy; ``worker`` drains the outbox on its own
thread with backoff and quarantine, pulls the status feed and purges personal
data after the retention period; ``enrol`` gets the device its token.
Qt-free: the apps get sync news through a callback. See docs/sync.md.
"""
