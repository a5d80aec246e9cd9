"""The reference central back office: a real HTTP service with its own store.

Used by the demo, the tests and small deployments. ``app.create_app`` builds
the FastAPI app, ``store.BackofficeStore`` keeps what devices send, and
``server`` runs it in the foreground or on a background thread.
"""
