"""A real server for the browser tests: the app on 127.0.0.1 (random port) in a thread, on a
SQLite database built by the migrations, with an open election whose codes are read back from
the printed letters; and Debian's chromium driven by Playwright (never a downloaded browser)."""

import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from ballot.app import create_app
from ballot.migrate import upgrade_database
from ballot.settings import Settings
from tests.conftest import TEST_SECRET, Clock
from tests.helpers import VOTING_DAY, open_election_with_codes

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "vote"


@dataclass
class LiveServer:
    base: str
    app: object
    clock: Clock
    election: object
    codes: dict

    def sessions(self):
        return self.app.extensions["ballot.sessions"]()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{folder / 'ballot.db'}"
    upgrade_database(url)
    server = make_server("127.0.0.1", 0, None, threaded=True)
    base = f"http://127.0.0.1:{server.port}"
    settings = Settings(
        database_url=url,
        secret_key=TEST_SECRET,
        public_url=base,
        instance_path=folder / "instance",
        testing=True,
        secure_cookies=False,
    )
    app = create_app(settings)
    server.app = app
    clock = Clock(datetime.fromisoformat("2027-02-20T09:00:00+01:00"))
    app.extensions["ballot.clock"] = clock
    with app.extensions["ballot.sessions"]() as session:
        election, codes = open_election_with_codes(
            session, clock(), folder, secret_key=TEST_SECRET, public_url=base, residents=8
        )
        assert election.area.slug  # loaded now: the tests read it after this session ends
    clock.moment = VOTING_DAY
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(base=base, app=app, clock=clock, election=election, codes=codes)
    server.shutdown()
    app.extensions["ballot.engine"].dispose()


@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A new browser window of phone size; `phone(width=320, javascript=False, zoom=2)`."""
    contexts = []

    def open_window(width=360, javascript=True, locale="de-DE", zoom=1):
        # A 1280 px window at 200 % zoom lays out like a 640 px one at two device pixels each.
        context = chromium.new_context(
            viewport={"width": width, "height": 740},
            device_scale_factor=zoom,
            java_script_enabled=javascript,
            locale=locale,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_window
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
