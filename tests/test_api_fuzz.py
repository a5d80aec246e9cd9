"""schemathesis against the served OpenAPI, as nobody, as a device and as a supervisor.

Issue 11 item 7: a real back office over HTTP on loopback that refuses
strangers, the ``schemathesis run`` command in a subprocess against its
``/openapi.json`` three times (no token, an enrolled device's token, a
supervisor's staff token) on SQLite and once (the device) on PostgreSQL,
checking that no answer is a server error and every answer matches its
documented schema. Bounded examples and a fixed seed keep the runs at about
two minutes. Slow (make test only).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backoffice.server import BackgroundBackoffice
from tests import _backoffice_fixture as fx
from tests._staff_fixture import device_token, staff_token
from tests.conftest import ENGINES_ALL_ENV

pytest.importorskip("schemathesis")

catalog_file = fx.catalog_file
REPO = Path(__file__).resolve().parent.parent
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], tuple[str, dict[str, str]]]]:
    """The back office on each engine, started on first use and kept for the module:
    its URL and the token of each caller (enrolled device, supervisor)."""
    running: dict[str, tuple[BackgroundBackoffice, dict[str, str]]] = {}

    def on(engine: str) -> tuple[str, dict[str, str]]:
        if engine not in running:
            root = tmp_path_factory.mktemp(f"fuzz-{engine}")
            catalog = fx.write_catalog(root / "catalog.json")
            url = None
            if engine == "postgresql":
                url = request.getfixturevalue("postgres_server").fresh_database()
            bo = BackgroundBackoffice(
                root / "bo", catalog_path=catalog, open_access=False, database_url=url
            ).start()
            bo.app.state.feed_max_wait_s = 0.2  # the long poll answers soon: examples stay quick
            running[engine] = (
                bo,
                {
                    "device": device_token(bo, "FS01", "K01"),
                    "supervisor": staff_token(bo, "sup1", "supervisor"),
                },
            )
        bo, tokens = running[engine]
        return bo.url, tokens

    yield on
    for bo, _ in running.values():
        bo.stop()


# Every caller on SQLite; on PostgreSQL the enrolled device, whose run writes the most
# (the HTTP layer is the same on both: one run there shows the engine answers alike).
@pytest.mark.parametrize(
    ("engine", "caller"),
    [
        ("sqlite", "nobody"),
        ("sqlite", "device"),
        ("sqlite", "supervisor"),
        *(
            [pytest.param("postgresql", "device", marks=pytest.mark.postgresql_later)]
            if os.environ.get(ENGINES_ALL_ENV) == "all"
            else []
        ),
    ],
)  # fmt: skip  (PostgreSQL's run is in `make test-postgresql`, tests/conftest.py)
def test_the_served_spec_holds(
    served: Callable[[str], tuple[str, dict[str, str]]], engine: str, caller: str, tmp_path: Path
) -> None:
    url, tokens = served(engine)
    cmd = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{url}/openapi.json",
        "--checks",
        CHECKS,
        "--phases",
        # nobody gets past the sign-in check: links between answers lead nowhere
        "examples,fuzzing" if caller == "nobody" else "examples,fuzzing,stateful",
        "--max-examples",
        "10" if engine == "sqlite" and caller != "nobody" else "5",
        "--seed",
        "11",
        # one worker: CPython 3.11's ast.parse is not thread-safe, and hypothesis
        # calls it (describing filters) from schemathesis' worker threads
        "--workers",
        "1",
        "--no-shrink",
        # signing out would end the supervisor's token for the rest of the run
        "--exclude-path",
        "/api/v1/staff/sign-out",
    ]
    if caller in tokens:
        cmd += ["--header", f"Authorization: Bearer {tokens[caller]}"]
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCHEMATHESIS_HOOKS": "tests._schemathesis_hooks",
        "NO_COLOR": "1",
    }
    run = subprocess.run(
        cmd, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300, check=False
    )
    out = run.stdout
    tail = out[-8000:] + run.stderr[-2000:]
    counted = re.search(r"(\d+) generated, (\d+) passed", out)
    assert counted is not None, tail
    assert run.returncode == 0 and counted.group(1) == counted.group(2), tail
    assert int(counted.group(1)) > 100, tail  # it really sent requests
