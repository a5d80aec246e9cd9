"""schemathesis hooks for tests/test_api_fuzz.py (loaded with SCHEMATHESIS_HOOKS).

tus PATCH bodies are ``application/offset+octet-stream``: raw bytes, which
schemathesis has no serializer for out of the box.
"""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.serializer("application/offset+octet-stream")
def tus_chunk(_ctx: Any, value: Any) -> dict[str, Any]:
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return {"data": data}
