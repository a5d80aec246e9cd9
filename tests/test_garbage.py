"""widgets.garbage: cycles are freed by the GUI thread's timer, not mid-dispatch."""

from __future__ import annotations

import gc
import threading
import weakref

from widgets.garbage import collect_on_gui_thread


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_automatic_collection_is_off_and_the_gui_timer_frees_cycles(qtbot, qapp):
    collector = collect_on_gui_thread(qapp)
    assert collect_on_gui_thread(qapp) is collector  # one per application
    assert not gc.isenabled()
    probe = _Node()
    gone = weakref.ref(probe)
    del probe
    # Enough young objects that the next tick collects the young generation.
    junk = [_Node() for _ in range(gc.get_threshold()[0] + 10)]
    del junk
    assert gone() is not None  # nothing collected it on the spot
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)


def test_a_worker_thread_never_collects(qtbot, qapp):
    collect_on_gui_thread(qapp)
    probe = _Node()
    gone = weakref.ref(probe)
    del probe

    def allocate() -> None:  # far past the threshold, on another thread
        for _ in range(20 * gc.get_threshold()[0]):
            _Node()

    t = threading.Thread(target=allocate)
    t.start()
    t.join()
    assert gone() is not None
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)
