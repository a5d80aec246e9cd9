"""The tus routes say what they answer, and odd input never gets a 5xx (issue 11 item 7).

The OpenAPI document lists each tus route's real answers with their headers
and declares ``Tus-Resumable`` required (enforced with 412). Then odd headers
and bodies (negative, huge or non-ASCII numbers, bad base64 metadata, unknown
or non-ASCII checksums, empty bodies) go to a real back office: every answer
is below 500 and is one the document lists for that route.
"""

from __future__ import annotations

import base64
import hashlib
import itertools

import requests

from backoffice.openapi import generate
from backoffice.server import BackgroundBackoffice
from tests import _backoffice_fixture as fx

bo_server = fx.bo_server
catalog_file = fx.catalog_file
FID = "0190a0a0-0000-7000-8000-0000000000c1"
OTHER = "0190a0a0-0000-7000-8000-0000000000c2"
DATA = b"x" * 10
SHA = hashlib.sha256(DATA).hexdigest()
B64_ZERO = base64.b64encode(hashlib.sha256(b"").digest()).decode()


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _documented() -> dict[str, set[str]]:
    paths = generate()["paths"]
    return {
        f"{method.upper()} {path}": set(op["responses"])
        for path in ("/api/v1/uploads", "/api/v1/uploads/{file_id}")
        for method, op in paths[path].items()
    }


def test_the_tus_routes_document_their_answers_and_the_required_header() -> None:
    paths = generate()["paths"]
    create = paths["/api/v1/uploads"]["post"]
    head = paths["/api/v1/uploads/{file_id}"]["head"]
    patch = paths["/api/v1/uploads/{file_id}"]["patch"]
    assert {"201", "400", "401", "404", "409", "412", "413", "460"} <= set(create["responses"])
    assert {"200", "401", "404", "412"} <= set(head["responses"])
    assert {"204", "400", "401", "404", "409", "412", "415", "460"} <= set(patch["responses"])
    assert {"Location", "Upload-Offset", "Upload-Expires"} <= set(
        create["responses"]["201"]["headers"]
    )
    assert {"Upload-Offset", "Upload-Length"} <= set(head["responses"]["200"]["headers"])
    assert "Upload-Offset" in patch["responses"]["204"]["headers"]
    for op in (create, head, patch):
        params = {p["name"].lower(): p for p in op["parameters"]}
        assert params["tus-resumable"]["required"] is True
        assert params["tus-resumable"]["schema"]["enum"] == ["1.0.0"]
    options = paths["/api/v1/uploads"]["options"]
    assert "Tus-Extension" in options["responses"]["204"]["headers"]


def _send(method: str, url: str, headers: dict[str, str], body: bytes) -> requests.Response:
    raw = {k: v.encode("utf-8") for k, v in headers.items()}  # non-ASCII bytes on the wire
    return requests.request(method, url, headers=raw, data=body, timeout=5)  # type: ignore[arg-type]


def test_odd_tus_input_never_answers_5xx_nor_undocumented(
    bo_server: BackgroundBackoffice,
) -> None:
    documented = _documented()
    seen: list[tuple[str, int, dict[str, str]]] = []
    lengths = ["-1", "99999999999999999999999", "١٢", "", "1e3", "9223372036854775807", "10"]
    metas = [
        f"id {_b64(FID)},sha256 {_b64(SHA)}",
        "id !!!",
        "id é",
        "id /w==",  # valid base64, not UTF-8
        f"id {_b64(FID)},sha256 {_b64('zz')}",
        ",,,",
    ]
    checksums = [None, "md7 abc", "sha256 !!!", "sha256 é", "sha256", f"SHA256 {B64_ZERO}"]
    types = [None, "application/offset+octet-stream", "text/plain"]
    bodies = [b"", DATA, b"y" * 100]
    base = f"{bo_server.url}/api/v1/uploads"
    for length, meta, checksum, ctype, body in itertools.product(
        lengths, metas, checksums, types, bodies
    ):
        if (lengths.index(length) + metas.index(meta) + bodies.index(body)) % 3:
            continue  # a third of the product is enough to cover every value
        h = {"Tus-Resumable": "1.0.0", "Upload-Length": length, "Upload-Metadata": meta}
        if checksum:
            h["Upload-Checksum"] = checksum
        if ctype:
            h["Content-Type"] = ctype
        seen.append(("POST /api/v1/uploads", _send("POST", base, h, body).status_code, h))
    offsets = ["-1", "99999999999999999999999", "١", "", "0", "5", "11", "9223372036854775807"]
    for offset, checksum, ctype, body, fid in itertools.product(
        offsets, checksums, types, bodies, (FID, OTHER)
    ):
        h = {"Tus-Resumable": "1.0.0", "Upload-Offset": offset}
        if checksum:
            h["Upload-Checksum"] = checksum
        if ctype:
            h["Content-Type"] = ctype
        r = _send("PATCH", f"{base}/{fid}", h, body)
        seen.append(("PATCH /api/v1/uploads/{file_id}", r.status_code, h))
    for version in (None, "1.0.0", "0.2.2", "é"):
        h = {} if version is None else {"Tus-Resumable": version}
        r = _send("HEAD", f"{base}/{FID}", h, b"")
        seen.append(("HEAD /api/v1/uploads/{file_id}", r.status_code, h))
        r = _send("PATCH", f"{base}/{FID}", h, b"")
        seen.append(("PATCH /api/v1/uploads/{file_id}", r.status_code, h))
        r = _send("OPTIONS", base, h, b"")
        seen.append(("OPTIONS /api/v1/uploads", r.status_code, h))
    server_errors = [s for s in seen if s[1] >= 500]
    assert not server_errors, server_errors[:5]
    undocumented = [s for s in seen if str(s[1]) not in documented[s[0]]]
    assert not undocumented, undocumented[:5]
    assert len(seen) > 500
