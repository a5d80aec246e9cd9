"""Child process for the back office's disk-full test: the disk fills at an upload's end.

Run as ``python -m tests._upload_disk_full_child DATA_DIR`` with DATA_DIR on a
small filesystem of its own (a tmpfs in a private mount namespace). It serves
a back office on loopback, uploads a file over tus up to its last chunk, fills
the disk, sends the last chunk (expecting 507), frees the space, sends it again
and prints one JSON line with what it saw.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from pathlib import Path

import requests

from backoffice.server import BackgroundBackoffice

TUS = {"Tus-Resumable": "1.0.0"}
FID = "0190a0a0-0000-7000-8000-0000000000d1"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _patch(url: str, offset: int, body: bytes) -> requests.Response:
    headers = {
        **TUS,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
    }
    return requests.patch(url, data=body, headers=headers, timeout=10)


def _fill(path: Path) -> None:
    with open(path, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
        try:
            while True:  # the last few bytes too
                fh.write(b"\0" * 512)
        except OSError:
            pass


def main(data_dir: Path) -> int:
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    out: dict[str, object] = {"length": len(data)}
    with BackgroundBackoffice(data_dir) as bo:
        created = requests.post(
            bo.url + "/api/v1/uploads",
            headers={
                **TUS,
                "Upload-Length": str(len(data)),
                "Upload-Metadata": f"id {_b64(FID)},sha256 {_b64(sha)}",
            },
            timeout=10,
        )
        url = bo.url + created.headers["Location"]
        last = len(data) - 60_000
        for at in range(0, last, 60_000):
            assert _patch(url, at, data[at : at + 60_000]).status_code == 204
        ballast = data_dir / "ballast.bin"
        _fill(ballast)
        full = _patch(url, last, data[last:])
        out["full_status"] = full.status_code
        out["retry_after"] = full.headers.get("Retry-After")
        head = requests.head(url, headers=TUS, timeout=10)
        out["head_after_full"] = int(head.headers.get("Upload-Offset", "-1"))
        ballast.unlink()
        again = _patch(url, last, data[last:])
        out["after_freeing"] = again.status_code
        out["same_bytes"] = bo.store.read_file(FID) == data
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
