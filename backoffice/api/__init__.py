"""The back office's HTTP API: shared dependencies (deps), models, errors, routers per resource.

Laid out like the full-stack-fastapi-template: ``deps`` holds what routes
share (the store, the catalog, device authentication), ``routes/`` one
router per resource, and backoffice.app assembles them in ``create_app``.
"""
