"""The back-office client trusts only what config says (issue 11 item 17).

No proxy, CA bundle or credentials from the environment; a proxy only when
``backoffice.proxy`` names one; plain http:// off this machine only with
``backoffice.allow_plain_http``. Over real HTTP on loopback.
"""

from __future__ import annotations

import pytest

from core.errors import ConfigError
from sync.client import BackofficeClient

DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens there


def test_proxy_variables_from_the_environment_are_ignored(backoffice, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, DEAD_PROXY)
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem")
    client = BackofficeClient(backoffice.url)
    try:
        assert client.health()
    finally:
        client.close()


def test_a_configured_proxy_is_used(backoffice):
    client = BackofficeClient(backoffice.url, proxy=DEAD_PROXY)
    try:
        assert not client.health()  # every request went to the (dead) proxy
    finally:
        client.close()


def test_plain_http_off_this_machine_needs_the_flag():
    with pytest.raises(ConfigError) as e:
        BackofficeClient("http://backoffice.example.gov.cn:8765")
    assert e.value.key == "backoffice.url" and e.value.code == "config.plain_http"
    assert "allow_plain_http" in e.value.hint
    BackofficeClient("http://backoffice.example.gov.cn:8765", allow_plain_http=True).close()
    BackofficeClient("https://backoffice.example.gov.cn").close()
    BackofficeClient("http://127.0.0.1:8765").close()


def test_a_bad_proxy_address_names_the_key():
    with pytest.raises(ConfigError) as e:
        BackofficeClient("http://127.0.0.1:8765", proxy="ftp://x")
    assert e.value.key == "backoffice.proxy"
