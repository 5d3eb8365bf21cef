"""The fault runs' own PostgreSQL database (next to the one CI made) and gunicorn server."""

import os

import pytest
from sqlalchemy import make_url, text

from ballot.db import make_engine
from ballot.migrate import upgrade_database
from tests.conftest import PG_URL, TEST_SECRET
from tests.faults.server import Gunicorn


def _admin_engine():
    # pre-ping: the restart test cuts this engine's connection off too.
    return make_engine(
        make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT", pool_pre_ping=True
    )


@pytest.fixture
def fault_database():
    """A fresh PostgreSQL database for one fault run, dropped afterwards."""
    if not PG_URL:
        pytest.skip("the fault runs need PostgreSQL: set BALLOT_TEST_DATABASE_URL")
    name = f"ballot_faults_{os.getpid()}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    upgrade_database(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def serve(tmp_path):
    """Start gunicorn on a database: `serve(url, workers=2)`; stopped after the test."""
    servers = []

    def start(database_url: str, workers: int = 2) -> Gunicorn:
        env = {"BALLOT_DATABASE_URL": database_url, "BALLOT_SECRET_KEY": TEST_SECRET,
               "BALLOT_INSTANCE_PATH": str(tmp_path / "instance")}  # fmt: skip
        server = Gunicorn(env, tmp_path / f"gunicorn-{len(servers)}.log", workers=workers)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
