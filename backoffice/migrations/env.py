"""Alembic's environment: runs on the connection ``backoffice.migrations.migrate`` passes in."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only ever run through migrate()
    raise RuntimeError("run the back office's migrations with backoffice.migrations.migrate")

context.configure(
    connection=connection,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
