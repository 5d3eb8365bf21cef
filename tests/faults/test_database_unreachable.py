"""When the database cannot be reached (restarting, down, a file that cannot be opened), every
page answers 503 with a page that says "try again" and a Retry-After header: no traceback, no
500. A fast test for `make test`; test_postgres_restart.py shows it on a real restart."""

import pytest

from ballot.app import create_app
from ballot.settings import Settings
from tests.conftest import TEST_SECRET
from tests.helpers import csrf_token

UNREACHABLE = {
    "server-down": "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2",
    "file-missing": "sqlite:////nonexistent-directory/ballot.db",
}


@pytest.fixture(params=sorted(UNREACHABLE))
def cut_off(request, tmp_path):
    settings = Settings(
        database_url=UNREACHABLE[request.param],
        secret_key=TEST_SECRET,
        instance_path=tmp_path / "instance",
        secure_cookies=False,
    )
    app = create_app(settings)
    yield app.test_client()
    app.extensions["ballot.engine"].dispose()


def _clean_503(response) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 503, response.status_code
    assert response.headers["Retry-After"] == "10"
    assert "Traceback" not in html and "OperationalError" not in html
    assert 'lang="' in html  # the app's own error page, in the person's language


def test_pages_and_forms_answer_503_while_the_database_is_away(cut_off):
    client = cut_off
    for url in ("/", "/tracker?t=ABCD-EFGH-JKMN-PQRS-TVWX", "/e/some-election/"):
        _clean_503(client.get(url))
    token = csrf_token(client.get("/vote").get_data(as_text=True))
    _clean_503(client.post("/vote", data={"csrf_token": token, "code": "K7QF-3M9D-TX2H-8WPC"}))
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    login = {"csrf_token": token, "email": "a@example.org", "password": "x" * 12, "totp": "1"}
    _clean_503(client.post("/console/login", data=login))
