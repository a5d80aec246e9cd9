"""Crash trials on both sides, shared by tests/test_backoffice_crash.py and bench/soak.py.

A real back office in a child process (tests/_backoffice_crash_child.py) on one
loopback port, over one data dir across restarts; several device children
(tests/_sync_child.py) save cases with scanned pages and sync them through
chunked tus uploads. The parent SIGKILLs devices and the back office at
random moments, and makes the back office kill itself at the finishing
instant of an upload on purpose; each death is followed by a restart on the
same data dir (and port: the devices' URL stays valid). At the end the back
office is up, every device is drained, and ``check`` counts what was lost,
duplicated, damaged or stranded.

The processes themselves are in tests/_crash_processes.py. Only the parent
thread that made a ``Trials`` may drive it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import re
import shutil
import signal
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests._backoffice_fixture import write_catalog
from tests._crash_processes import BackofficeChild, DeviceChild

ARMED_TIMEOUT_S = 8.0  # an armed back office that saw no finish by then is killed anyway
MIN_CASES_TIMEOUT_S = 60.0  # a run that cannot save that many cases by then fails its check
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Tally:
    """What the trials did and found; ``line()`` is the bench's JSON object.

    Plain counters, filled by the thread that runs the trials."""

    trials: int = 0
    device_kills: int = 0
    backoffice_kills: int = 0
    finish_kills: int = 0
    finish_kills_before: int = 0
    cases: int = 0
    files: int = 0
    lost: int = 0
    duplicated: int = 0
    extra: int = 0
    wrong_hash: int = 0
    stranded: int = 0
    quarantined: int = 0
    upload_rows_left: int = 0
    parts_left: int = 0
    devices_recovered: int = 0
    backoffice_crashes: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "reasons"}
        out["kills"] = self.device_kills + self.backoffice_kills
        out["quarantine_reasons"] = dict(self.reasons.most_common(5))
        out["seconds"] = round(self.seconds, 1)
        return out


class Trials:
    """Devices and a back office under random SIGKILLs; see the module docstring.

    Only the thread that made it may call it."""

    def __init__(
        self,
        root: Path,
        *,
        devices: int = 3,
        seed: int = 0,
        finish_share: float = 0.3,
        max_cases: int = 2,
        bo_wrap: Sequence[str] = (),
        bo_data: Path | None = None,
        bo_extra: Sequence[str] = (),
    ) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.rng = random.Random(seed)
        self.seed = seed
        self.finish_share = finish_share
        self.max_cases = max_cases
        catalog = write_catalog(root / "bo-catalog.json")
        self.bo = BackofficeChild(
            bo_data or root / "backoffice", catalog, root, wrap=bo_wrap, extra=bo_extra
        )
        self.codes = [f"K{i + 1:02d}" for i in range(devices)]
        self.dirs = [root / f"device-{code}" for code in self.codes]
        self.slots: list[DeviceChild | None] = [None] * devices
        self.reported: list[set[str]] = [set() for _ in self.codes]
        self.tally = Tally()
        self._runs = 0
        self._armed_since = 0.0
        self._armed_when = ""
        self._armings = 0

    # ------------------------------------------------------------ the trials

    def _spawn(self, i: int) -> None:
        n = self.rng.randint(0, self.max_cases)
        self._runs += 1
        self.slots[i] = DeviceChild(
            self.dirs[i], self.bo.url, self.codes[i], n, self.seed * 100_000 + self._runs
        )
        self.tally.trials += 1

    def _harvest(self, i: int, kill: bool) -> None:
        child = self.slots[i]
        if child is None:
            return
        if kill:
            child.kill()
        self.reported[i].update(child.finish())
        self.slots[i] = None

    def _restart_backoffice(self) -> None:
        if self.rng.random() < self.finish_share:
            when = ("before", "after")[self._armings % 2]  # both sides of the instant
            self._armings += 1
            self.bo.start(die_finishing=self.rng.randint(1, 3), when=when)
            self._armed_since = time.monotonic()
            self._armed_when = when
        else:
            self.bo.start()

    def run(
        self,
        device_kills: int,
        backoffice_kills: int,
        finish_both: bool = False,
        min_cases: int = 0,
    ) -> Tally:
        """Kill until both counts are reached; then drain and check (``check``).

        ``finish_both``: go on with more back-office kills (up to three times the
        count) until the finishing instant was hit from both sides; on a loaded
        machine the armed moments come later and 20 kills sometimes missed one.
        ``min_cases``: then go on without kills until the devices have reported that
        many cases saved; on a loaded machine the kills come before the saves and a
        run of few trials saved only eight.
        """
        t0 = time.monotonic()
        self.bo.start()
        try:
            for i in range(len(self.slots)):
                self._spawn(i)
            goal = backoffice_kills
            while self.tally.device_kills < device_kills or self.tally.backoffice_kills < goal:
                self._step(device_kills, goal)
                if (
                    finish_both
                    and self.tally.backoffice_kills >= goal
                    and goal < 3 * backoffice_kills
                    and not self._finished_both_sides()
                ):
                    goal += 1
            deadline = time.monotonic() + MIN_CASES_TIMEOUT_S
            while self._saved() < min_cases and time.monotonic() < deadline:
                self._step(0, 0)
            for i in range(len(self.slots)):
                self._harvest(i, kill=True)
            if not self.bo.alive() or self.bo.armed:
                self.bo.kill()
                self.bo.start()
            self.check()
        finally:
            for i in range(len(self.slots)):
                with contextlib.suppress(Exception):
                    self._harvest(i, kill=True)
            self.bo.stop()
        self.tally.seconds = time.monotonic() - t0
        return self.tally

    def _saved(self) -> int:
        """Cases the devices have reported saved so far, the running ones included."""
        done = sum(len(r) for r in self.reported)
        return done + sum(len(c.submitted) for c in self.slots if c is not None)

    def _finished_both_sides(self) -> bool:
        t = self.tally
        return t.finish_kills_before >= 1 and t.finish_kills - t.finish_kills_before >= 1

    def _step(self, device_kills: int, backoffice_kills: int) -> None:
        rng = self.rng
        for i, child in enumerate(self.slots):
            if child is None or child.proc.poll() is not None:
                self._harvest(i, kill=False)
                self._spawn(i)
        # The random moment is the point of the trial: a plain sleep, not a wait.
        time.sleep(rng.uniform(0.02, 0.3))
        if not self.bo.alive():
            if self.bo.armed:  # died by itself at the finishing instant
                self.tally.backoffice_kills += 1
                self.tally.finish_kills += 1
                self.tally.finish_kills_before += self._armed_when == "before"
            else:  # nobody killed it: a crash of its own, a finding
                self.tally.backoffice_crashes += 1
            self._restart_backoffice()
            return
        left_dev = max(0, device_kills - self.tally.device_kills)
        left_bo = max(0, backoffice_kills - self.tally.backoffice_kills)
        if self.bo.armed:
            if time.monotonic() - self._armed_since > ARMED_TIMEOUT_S:
                self.bo.kill()  # no multi-chunk finish came: an ordinary kill then
                self.tally.backoffice_kills += 1
                self._restart_backoffice()
                return
            left_bo = 0  # it dies by itself
        if left_dev + left_bo == 0:
            return
        if rng.random() < left_dev / (left_dev + left_bo):
            ready = [i for i, c in enumerate(self.slots) if c is not None and c.ready.is_set()]
            if ready:
                self._harvest(rng.choice(ready), kill=True)
                self.tally.device_kills += 1
        else:
            self.bo.kill()
            self.tally.backoffice_kills += 1
            self._restart_backoffice()

    # ------------------------------------------------------------ the check

    def drain_devices(self, timeout: float = 60.0) -> None:
        """Drain every device's outbox against the (running) back office, in this process."""
        from sync.client import BackofficeClient
        from sync.store import LocalStore
        from sync.worker import SyncWorker
        from tests._backoffice_fixture import drain_until_done

        for data in self.dirs:
            if not (data / "onewindow.db").exists():
                continue
            store = LocalStore(data)
            try:
                worker = SyncWorker(store, BackofficeClient(self.bo.url), chunk_size=4096)
                with contextlib.suppress(AssertionError):  # what stays is counted below
                    drain_until_done(worker, timeout=timeout)
            finally:
                store.close()

    def check(self, bo_data: Path | None = None) -> Tally:
        """Drain, then compare every device with the back office's store (on disk)."""
        self.drain_devices()
        self.bo.stop()
        return self.compare(bo_data or self.bo.data_dir)

    def compare(self, bo_data: Path) -> Tally:
        from backoffice.store import BackofficeStore
        from sync.store import LocalStore

        t = self.tally
        bo = BackofficeStore(bo_data)
        try:
            held = bo.list_cases(limit=1_000_000)
            ids = Counter(r["id"] for r in held)
            receipts = Counter(r["receipt_no"] for r in held)
            t.duplicated += sum(n - 1 for n in ids.values()) + sum(n - 1 for n in receipts.values())
            mine: set[str] = set()
            for data, reported in zip(self.dirs, self.reported, strict=True):
                if not (data / "onewindow.db").exists():
                    t.lost += len(reported)
                    continue
                store = LocalStore(data)
                try:
                    self._compare_device(store, bo, reported, ids, mine)
                finally:
                    store.close()
            t.extra += len(set(ids) - mine)
            t.upload_rows_left = bo._db.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
            t.parts_left = bo._db.execute("SELECT COUNT(*) FROM upload_parts").fetchone()[0]
            t.parts_left += bo.unnamed_blobs()
            t.stranded += t.upload_rows_left + t.parts_left
        finally:
            bo.close()
        return t

    def _compare_device(
        self, store: Any, bo: Any, reported: set[str], ids: Counter[str], mine: set[str]
    ) -> None:
        t = self.tally
        if store.recovered_from is not None:  # SIGKILL must never corrupt a database
            t.devices_recovered += 1
        cases = {c.id: c for c in store.list_cases(limit=1_000_000)}
        t.lost += len(reported - set(cases))  # reported saved, gone from the device
        mine.update(cases)
        t.cases += len(cases)
        for case in cases.values():
            at_bo = bo.get_case(case.id) if case.id in ids else None
            if at_bo is None:
                t.lost += 1
                continue
            if at_bo.body_digest() != case.body_digest() or not at_bo.verify_trail():
                t.wrong_hash += 1
            for m in case.materials:
                for ref in m.files:
                    t.files += 1
                    try:
                        data = bo.read_file(ref.id)
                    except Exception:
                        t.wrong_hash += 1
                        continue
                    if hashlib.sha256(data).hexdigest() != ref.sha256:
                        t.wrong_hash += 1
        for state, n in store.outbox_counts().items():
            if state != "done":
                t.stranded += n
        t.quarantined += store.outbox_counts()["quarantined"]
        for (reason,) in store.db.execute(
            "SELECT reason FROM outbox WHERE state = 'quarantined'"
        ).fetchall():
            t.reasons[_UUID.sub("<id>", str(reason))[:90]] += 1


def disk_full_trial(
    root: Path,
    *,
    full_of: str = "bytes",
    disk_kb: int = 6144,
    free_kb: int = 400,
    devices: int = 3,
    cases: int = 6,
    max_page: int = 120_000,
) -> tuple[Tally, dict[str, Any]]:
    """The back office's data dir on a small tmpfs of its own (a private mount
    namespace: root only); devices sync until it is full, then space is freed
    and everything must arrive exactly once.

    ``full_of="bytes"``: ballast leaves ``free_kb`` for the cases to fill.
    ``full_of="inodes"``: ballast takes every inode but two, so uploads under
    way can still append to their part files while keeping a finished file
    (a new file) fails: the finishing instant meets ENOSPC every time.
    Returns the tally and what was seen (``min_free_kb``, ``min_free_inodes``:
    how close to full it came; ``pending_while_full``).
    """
    mnt = root / "small-disk"
    mnt.mkdir(parents=True, exist_ok=True)
    opts = f"size={disk_kb}k" + (",nr_inodes=2000" if full_of == "inodes" else "")
    script = f'mount -t tmpfs -o {opts} tmpfs "{mnt}" && exec "$@"'
    trials = Trials(
        root,
        devices=devices,
        finish_share=0.0,
        bo_wrap=["unshare", "-m", "sh", "-c", script, "sh"],
        bo_data=mnt / "bo",
    )
    seen: dict[str, Any] = {"full_of": full_of}
    t0 = time.monotonic()
    bo = trials.bo
    bo.start()
    try:
        assert bo.proc is not None
        # The parent sees the child's tmpfs through /proc/<pid>/root (same path inside).
        inside = Path(f"/proc/{bo.proc.pid}/root") / mnt.relative_to("/")
        ballast = inside / "ballast"
        ballast.mkdir()
        if full_of == "inodes":
            n = 0
            with contextlib.suppress(OSError):
                while True:
                    (ballast / str(n)).touch()
                    n += 1
            for k in range(1, 3):
                (ballast / str(n - k)).unlink()
        else:
            with (ballast / "bytes").open("wb") as fh, contextlib.suppress(OSError):
                fh.write(b"\0" * max(0, (_free(inside)[0] - free_kb) * 1024))
        children = [
            DeviceChild(trials.dirs[i], bo.url, trials.codes[i], cases, 7_000 + i, max_page)
            for i in range(devices)
        ]
        low = _free(inside)
        full_since = None
        while any(c.proc.poll() is None for c in children):
            now = _free(inside)
            low = min(low, now)
            full = now[0] < 64 if full_of == "bytes" else now[1] == 0
            if not full:
                full_since = None
            elif full_since is None:
                full_since = time.monotonic()
            saved = all(len(c.submitted) == cases for c in children)
            if saved and full_since is not None and time.monotonic() - full_since > 2.0:
                break  # all saved, and syncing against a full disk for a while: enough
            time.sleep(0.05)
        for i, c in enumerate(children):
            c.kill()  # those still retrying die as a power cut would
            trials.reported[i].update(c.submitted)
            trials.tally.trials += 1
        seen["min_free_kb"], seen["min_free_inodes"] = min(low, _free(inside))
        seen["pending_while_full"] = sum(_not_done(data) for data in trials.dirs)
        shutil.rmtree(ballast)  # the technician frees space
        trials.drain_devices(timeout=30)
        bo.proc.send_signal(signal.SIGSTOP)  # nothing moves while we copy its data out
        shutil.copytree(inside / "bo", root / "bo-copy")
    finally:
        bo.kill()
    trials.compare(root / "bo-copy")
    trials.tally.seconds = time.monotonic() - t0
    return trials.tally, seen


def _free(path: Path) -> tuple[int, int]:
    """(KiB, inodes) free on the filesystem that holds ``path``."""
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize // 1024, st.f_favail


def _not_done(data: Path) -> int:
    import sqlite3

    if not (data / "onewindow.db").exists():
        return 0
    conn = sqlite3.connect(data / "onewindow.db", timeout=10)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0])
    finally:
        conn.close()
