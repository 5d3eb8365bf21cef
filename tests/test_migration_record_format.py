"""Migration 0004: elections whose key ceremony was held before it keep record format 1."""

import pytest
from alembic import command
from sqlalchemy import text

from ballot.db import make_engine
from ballot.migrate import alembic_config
from tests.conftest import PG_URL, postgres_database

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
    yield postgres_database(PG_URL, "migration_0004")
    postgres_database(PG_URL, "migration_0004", create=False)


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
