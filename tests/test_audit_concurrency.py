"""Officers who act at the same moment each get their audit entry, in one unbroken chain, on
SQLite and on PostgreSQL."""

import threading
import time

from sqlalchemy import func, select

from ballot.db import make_engine, make_session_factory
from ballot.models import AuditEntry
from ballot.services.actor import operator_actor
from ballot.services.audit import find_audit_breaks, write_audit

WRITERS = 6


def test_simultaneous_writers_extend_one_chain(database_url, session, clock):
    engine = make_engine(database_url, pool_size=WRITERS, max_overflow=0)
    sessions = make_session_factory(engine)
    before = session.scalar(select(func.count()).select_from(AuditEntry))
    session.rollback()
    barrier = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def act(number: int) -> None:
        try:
            with sessions() as own:
                own.scalar(select(func.count()).select_from(AuditEntry))  # a request reads first
                barrier.wait()
                write_audit(
                    own,
                    actor=operator_actor(f"officer-{number}"),
                    action="test.simultaneous",
                    obj=f"object {number}",
                    now=clock(),
                )
                time.sleep(0.1)  # hold the transaction open while the others try to append
                own.commit()
        except BaseException as error:  # reported below, with the thread's own exception
            failures.append(error)

    threads = [threading.Thread(target=act, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    engine.dispose()
    assert failures == []
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == before + WRITERS
    assert find_audit_breaks(session) == []
