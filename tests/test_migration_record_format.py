"""Migration 0004: elections whose key ceremony was held before it keep record format 1."""

import pytest
from alembic import command
from sqlalchemy import make_url, text

from ballot.db import make_engine
from ballot.migrate import alembic_config
from tests.conftest import PG_URL

BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
ELECTION = (
    "INSERT INTO election (id, slug, area_id, title, opens, closes, min_age, languages, "
    "help_contact, state, two_person_rule, public_key, created_at) VALUES "
    "(:id, :slug, 1, 'T', :at, :at, 16, '[]', '', :state, true, :key, :at)"
)


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    base = make_url(PG_URL)
    name = f"{base.database}_migration_0004"
    admin = make_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_elections_with_a_ceremony_keep_format_1_and_the_others_get_format_2(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "0003")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO area (id, slug, name, district, office_address, help_contact) "
                "VALUES (1, 'kiez', 'Kiez', 'Mitte', 'Musterweg 1', '')"
            )
        )
        for row in (
            {"id": 1, "slug": "held", "state": "open", "key": "ab" * 32},
            {"id": 2, "slug": "draft", "state": "draft", "key": None},
        ):
            conn.execute(text(ELECTION), {**row, "at": "2027-01-01 00:00:00"})
    command.upgrade(config, "head")
    with engine.connect() as conn:
        formats = dict(conn.execute(text("SELECT slug, record_format FROM election")).all())
    engine.dispose()
    assert formats == {"held": "ballot-record/1", "draft": "ballot-record/2"}
