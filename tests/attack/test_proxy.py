"""X-Forwarded-For and -Proto: trusted only from as many proxies as BALLOT_PROXY_HOPS says.
Without a proxy, a client that sends its own X-Forwarded-For cannot escape the rate limits;
behind one proxy, the limits count the address the proxy saw, whatever the client prepends."""

import pytest

from ballot.app import create_app
from ballot.settings import SettingsError, settings_from_env
from tests.attack.world import page_token
from tests.conftest import TEST_SECRET

PER_ADDRESS = 20  # ballot.web.auth.LOGIN_PER_ADDRESS


def _fail_sign_ins(client, count: int, headers) -> list[int]:
    token = page_token(client)
    statuses = []
    for n in range(count):
        data = {"csrf_token": token, "email": f"nobody{n}@example.org", "password": "wrong" * 3,
                "totp": "000000"}  # fmt: skip
        statuses.append(client.post("/console/login", data=data, headers=headers(n)).status_code)
    return statuses


def test_without_a_proxy_forwarded_headers_are_ignored(client):
    statuses = _fail_sign_ins(
        client, PER_ADDRESS + 1, lambda n: {"X-Forwarded-For": f"198.51.100.{n}"}
    )
    assert statuses[:PER_ADDRESS] == [400] * PER_ADDRESS
    assert statuses[PER_ADDRESS] == 429
    https = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in https.headers


@pytest.fixture
def behind_nginx(settings, clock):
    app = create_app(settings.with_changes(proxy_hops=1))
    app.extensions["ballot.clock"] = clock
    yield app
    app.extensions["ballot.engine"].dispose()


def test_behind_one_proxy_the_proxys_view_counts(behind_nginx):
    client = behind_nginx.test_client()
    # nginx appends the address it saw; the client may have sent anything before it.
    spoofed = _fail_sign_ins(
        client, PER_ADDRESS + 1, lambda n: {"X-Forwarded-For": f"10.0.0.{n}, 203.0.113.7"}
    )
    assert spoofed[PER_ADDRESS] == 429
    neighbour = _fail_sign_ins(client, 1, lambda n: {"X-Forwarded-For": "203.0.113.8"})
    assert neighbour == [400]
    https = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert https.headers["Strict-Transport-Security"].startswith("max-age=")


def test_proxy_hops_come_from_the_environment():
    env = {"BALLOT_SECRET_KEY": TEST_SECRET}
    assert settings_from_env(environ=env).proxy_hops == 0
    assert settings_from_env(environ={**env, "BALLOT_PROXY_HOPS": "1"}).proxy_hops == 1
    with pytest.raises(SettingsError):
        settings_from_env(environ={**env, "BALLOT_PROXY_HOPS": "all"})


def test_proxy_settings_that_do_not_fit_the_requests_are_logged_once(client, behind_nginx, caplog):
    """nginx in front but BALLOT_PROXY_HOPS=0, or the hops set but no proxy in front: every
    client would count as one address; the log says so once per worker."""
    client.get("/", headers={"X-Forwarded-For": "203.0.113.7"})
    client.get("/", headers={"X-Forwarded-For": "203.0.113.8"})
    assert caplog.text.count("BALLOT_PROXY_HOPS is 0") == 1
    caplog.clear()
    direct = behind_nginx.test_client()
    direct.get("/")
    direct.get("/")
    assert caplog.text.count("BALLOT_PROXY_HOPS is 1 but a request came through 0") == 1
    caplog.clear()
    fitting = create_app(behind_nginx.extensions["ballot.settings"])
    fitting.test_client().get("/", headers={"X-Forwarded-For": "203.0.113.7"})
    fitting.extensions["ballot.engine"].dispose()
    assert "BALLOT_PROXY_HOPS" not in caplog.text
