"""The back office's OpenAPI document, committed as backoffice/openapi.json.

Regenerate after changing the API: ``python -m backoffice.openapi``. A test
checks that the committed copy equals what the app serves.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from backoffice.app import create_app

OPENAPI_PATH = Path(__file__).resolve().parent / "openapi.json"


def generate() -> dict[str, Any]:
    """The live schema of create_app() (built over a throwaway data folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Path(tmp), Path(tmp) / "catalog.json")
        try:
            return app.openapi()
        finally:
            app.state.store.close()


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    OPENAPI_PATH.write_text(render(generate()), encoding="utf-8")
    print(OPENAPI_PATH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
