"""The back-office client keeps no session (nor its sockets) for threads that have ended."""

from __future__ import annotations

import threading

from backoffice.server import BackgroundBackoffice
from sync.client import BackofficeClient
from tests import _backoffice_fixture as fx

bo_server = fx.bo_server
catalog_file = fx.catalog_file


def test_sessions_of_ended_threads_are_closed(bo_server: BackgroundBackoffice) -> None:
    client = BackofficeClient(bo_server.url)
    assert client.health()
    for _ in range(5):  # short-lived threads, e.g. one catalog refresh each
        t = threading.Thread(target=client.health)
        t.start()
        t.join()
    # This thread's session, and the last thread's: it goes when the next one is made.
    assert [t for t, _s in client._sessions] == [threading.current_thread(), t]
    assert client.health()
    client.close()
    assert client._sessions == []
