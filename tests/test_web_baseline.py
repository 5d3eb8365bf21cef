"""The security baseline: headers, CSRF, error pages in the user's language."""

import pytest

from tests.conftest import TEST_SECRET
from tests.helpers import make_account


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://wahl.example.org")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_inline_script_or_style_in_pages(client):
    html = client.get("/console/login").get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "<style" not in html


def test_a_form_without_csrf_token_is_refused(client, session, clock):
    make_account(session, "x@example.org", secret_key=TEST_SECRET, now=clock())
    session.commit()
    response = client.post(
        "/console/login", data={"email": "x@example.org", "password": "whatever", "totp": "123456"}
    )
    assert response.status_code == 400
    assert "form" in response.get_data(as_text=True).lower()


def test_error_pages_speak_the_users_language(client):
    german = client.get("/no/such/page/here", headers={"Accept-Language": "de"})
    assert german.status_code == 404
    assert 'lang="de"' in german.get_data(as_text=True)
    arabic = client.get("/no/such/page/here", headers={"Accept-Language": "ar"})
    html = arabic.get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html


def test_language_switch_wins_over_accept_language(client):
    client.get("/lang/tr?next=/")
    html = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert 'lang="tr"' in html


@pytest.mark.parametrize(
    "sent",
    [
        "//evil.example",
        "/%09/127.0.0.1:5199/phish",  # browsers drop the tab and go to the host
        "/%0d%0a/evil.example",
        "/%0d%0aSet-Cookie:%20x=1",  # a header of its own
        "/%0a",
        "/%5C/evil.example",  # backslash
        "/%20/evil.example",
        "/%E2%80%8B/evil.example",  # zero-width space
        "/%E3%80%80/evil.example",  # ideographic space
        "/%7F",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_language_switch_does_not_redirect_elsewhere(client, sent):
    response = client.get(f"/lang/tr?next={sent}")  # not the default language, so it shows
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert 'lang="tr"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("sent", "location"),
    [
        ("/", "/"),
        ("/vote%3Felection%3Dlindenhof-qr-2027", "/vote?election=lindenhof-qr-2027"),
        ("/tracker%3Ft%3DK7QF%2520ABCD", "/tracker?t=K7QF%20ABCD"),
        ("/%C3%A4", "/%C3%A4"),
    ],
)
def test_language_switch_returns_to_the_page_on_this_site(client, sent, location):
    response = client.get(f"/lang/tr?next={sent}")
    assert response.status_code == 302
    assert response.headers["Location"] == location


def test_an_unknown_language_is_not_found(client):
    assert client.get("/lang/xx").status_code == 404


def test_oversized_upload_gets_413(client):
    response = client.post(
        "/console/login", data=b"x" * (21 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert response.status_code == 413


def test_a_host_header_that_is_no_host_name_gets_400(client, caplog):
    """An empty or over-long label (which browsers never send, and nginx passes on) could not
    be turned into URLs for the error page: it was a 500 with a traceback in the log."""
    for host in ("a" * 300, "wahl..example.org", "wahl.example.org." + "x" * 64):
        answer = client.get("/vote", headers={"Host": host})
        assert answer.status_code == 400, host
        assert answer.headers["Content-Security-Policy"] and answer.headers["Cache-Control"]
    assert "Traceback" not in caplog.text and "unhandled" not in caplog.text
