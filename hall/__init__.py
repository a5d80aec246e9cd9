"""The hall server: the queue (取号, 叫号, the display and its voice) of one service hall.

It runs on the hall's own network (``onewindow hall serve``) so the queue goes
on when the link to the central back office is down. Like the back office it
shares only ``core`` and ``wire`` with the devices; its database is opened
through the back office's engines (``backoffice.store.database``: SQLite or
PostgreSQL by URL).

    config.py   the hall's categories, windows and their work profiles, device tokens
    store.py    tickets, number blocks, windows and every queue event
    app.py      the HTTP routes (wire.queue), errors as catalogue codes
    display.py  the hall TV's page and its server-sent events
    server.py   serve in the foreground; BackgroundHall for the demo and tests
"""
