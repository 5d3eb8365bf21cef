"""Limits we know of and state in docs/SECURITY.md, pinned as strict expected failures: the day
one of them is fixed, its test passes, the run fails, and SECURITY.md gets updated with it."""

import pytest
from sqlalchemy import delete, func, select

from ballot.models import AuditEntry
from ballot.services.audit import find_audit_breaks
from tests.attack.world import build_world


@pytest.mark.xfail(
    strict=True,
    reason="known: the chain's head hash is published nowhere, so dropping its newest entries "
    "leaves a chain that checks; docs/SECURITY.md, 'A malicious server operator'",
)
def test_dropping_the_newest_audit_entries_is_detected(session, clock):
    build_world(session, clock())
    assert find_audit_breaks(session) == []
    newest = session.scalar(select(func.max(AuditEntry.seq)))
    session.execute(delete(AuditEntry).where(AuditEntry.seq >= newest - 1))
    session.commit()
    assert find_audit_breaks(session) != []
