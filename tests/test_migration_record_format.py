"""Migrations 0004 and 0005: an election whose key ceremony was held keeps its record format."""

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


def _insert_elections(engine, rows) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO area (id, slug, name, district, office_address, help_contact) "
                "VALUES (1, 'kiez', 'Kiez', 'Mitte', 'Musterweg 1', '') ON CONFLICT DO NOTHING"
            )
        )
        for row in rows:
            conn.execute(text(ELECTION), {**row, "at": "2027-01-01 00:00:00"})


def _formats(engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT slug, record_format FROM election")).all())


def test_elections_with_a_ceremony_keep_their_format_and_drafts_get_the_current(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "0003")
    engine = make_engine(empty_database)
    _insert_elections(
        engine,
        [
            {"id": 1, "slug": "held", "state": "open", "key": "ab" * 32},
            {"id": 2, "slug": "draft", "state": "draft", "key": None},
        ],
    )
    command.upgrade(config, "0004")
    assert _formats(engine) == {"held": "ballot-record/1", "draft": "ballot-record/2"}
    # a ceremony held under format 2, between the two upgrades
    _insert_elections(engine, [{"id": 3, "slug": "held-2", "state": "draft", "key": "cd" * 32}])
    command.upgrade(config, "head")
    formats = _formats(engine)
    engine.dispose()
    assert formats == {
        "held": "ballot-record/1",
        "held-2": "ballot-record/2",
        "draft": "ballot-record/3",
    }
