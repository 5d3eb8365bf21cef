"""Fixtures: every database test runs on SQLite and, where BALLOT_TEST_DATABASE_URL points to
PostgreSQL, on PostgreSQL too. The schema is built by the migrations, never by create_all."""

import os
import re
import shutil
from collections import Counter
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import make_url, text

from ballot.app import create_app
from ballot.db import make_engine
from ballot.migrate import upgrade_database
from ballot.settings import Settings

TEST_SECRET = "test-secret-key-0123456789abcdef-not-for-production"
PG_URL = os.environ.get("BALLOT_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
_ran_on = Counter()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "template.db"
    upgrade_database(f"sqlite:///{path}")
    return path


def postgres_database(url: str, suffix: str, *, create: bool = True) -> str:
    """Drop the database "<url's database>_<suffix>" on url's server and, if `create`, make
    it anew, empty; return its URL."""
    base = make_url(url)
    name = f"{base.database}_{suffix}"
    admin = make_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _worker_database(url: str) -> str:
    """Each xdist worker gets a database of its own next to the one CI made."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return postgres_database(url, worker) if worker else url


@pytest.fixture(scope="session")
def pg_url():
    url = _worker_database(PG_URL)
    upgrade_database(url)
    return url


@pytest.fixture(scope="session")
def pg_schema(pg_url):
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


def _empty_postgres(engine) -> None:
    with engine.begin() as conn:
        tables = (
            conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'alembic_version'"
                )
            )
            .scalars()
            .all()
        )
        if tables:
            names = ", ".join(f'"{t}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "ballot.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        _empty_postgres(request.getfixturevalue("pg_schema"))
        url = request.getfixturevalue("pg_url")
    request.node.backend = request.param
    return url


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        match = re.search(r"\[(sqlite|postgresql)", report.nodeid)
        if match:
            _ran_on[match.group(1)] += 1


def pytest_terminal_summary(terminalreporter):
    if _ran_on:
        figures = ", ".join(f"{n} on {name}" for name, n in sorted(_ran_on.items()))
        terminalreporter.write_line(f"database tests passed: {figures}")


@pytest.fixture
def settings(database_url, tmp_path):
    return Settings(
        database_url=database_url,
        secret_key=TEST_SECRET,
        public_url="https://wahl.example.org",
        instance_path=tmp_path / "instance",
        testing=True,
        secure_cookies=False,
    )


class Clock:
    """A settable clock for the app; starts at a fixed moment."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock():
    return Clock(datetime(2027, 2, 20, 9, 0, tzinfo=UTC))


class EnglishClient(FlaskClient):
    """A browser that asks for English, so tests read the msgids; German is the default and
    tests/test_i18n.py checks every language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", "en")


@pytest.fixture
def app(settings, clock):
    application = create_app(settings)
    application.test_client_class = EnglishClient
    application.extensions["ballot.clock"] = clock
    yield application
    application.extensions["ballot.engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    db_session = app.extensions["ballot.sessions"]()
    yield db_session
    db_session.rollback()
    db_session.close()
