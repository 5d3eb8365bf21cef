"""The audit log is a hash chain: an edited, inserted or deleted entry is found."""

from datetime import UTC, datetime

from sqlalchemy import delete, update

from ballot.models import AuditEntry
from ballot.services.actor import operator_actor
from ballot.services.audit import find_audit_breaks, write_audit

NOW = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)


def _three_entries(session):
    for n in range(3):
        write_audit(
            session,
            actor=operator_actor(),
            action="test.step",
            obj=f"thing:{n}",
            now=NOW,
            details={"n": n},
        )
    session.commit()


def test_an_untouched_chain_is_intact(session):
    _three_entries(session)
    assert find_audit_breaks(session) == []


def test_an_edited_entry_is_detected(session):
    _three_entries(session)
    session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor="someone else"))
    session.commit()
    assert find_audit_breaks(session) == ["entry 2 was changed after it was written"]


def test_a_deleted_entry_is_detected(session):
    _three_entries(session)
    session.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    session.commit()
    problems = find_audit_breaks(session)
    assert "entry 2 is missing (found 3)" in problems
    assert "entry 3 does not follow the entry before it" in problems


def test_changed_details_are_detected(session):
    _three_entries(session)
    session.execute(update(AuditEntry).where(AuditEntry.seq == 1).values(details={"n": 7}))
    session.commit()
    assert find_audit_breaks(session)[0] == "entry 1 was changed after it was written"
