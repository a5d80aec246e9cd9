"""GET /health: the devices' liveness probe (no authentication)."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.models import Health

router = APIRouter()


@router.get("/health", response_model=Health, tags=["health"])
def health() -> Health:
    """Cheap liveness probe for devices (no authentication)."""
    return Health(ok=True)
