"""Append-only audit log: each entry is chained to the one before by SHA-256."""

from datetime import UTC, datetime

from sqlalchemy import false, func, select, update
from sqlalchemy.orm import Session

from ballot.canonical import canonical_sha256
from ballot.models import AuditEntry
from ballot.services.actor import Actor

GENESIS = "0" * 64
_CHAIN_LOCK = 0x62616C6C6F74  # any fixed number: the key of the chain's advisory lock


def _entry_hash(entry: AuditEntry) -> str:
    return canonical_sha256(
        {
            "seq": entry.seq,
            "at": entry.at.isoformat(),
            "actor": entry.actor,
            "action": entry.action,
            "object": entry.object,
            "area_id": entry.area_id,
            "details": entry.details,
            "prev": entry.prev_hash,
        }
    )


def write_audit(
    session: Session,
    *,
    actor: Actor,
    action: str,
    obj: str,
    now: datetime,
    details: dict | None = None,
    area_id: int | None = None,
) -> AuditEntry:
    """Append one entry after the current head; concurrent writers take turns."""
    _wait_for_the_chain_head(session)
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
    entry = AuditEntry(
        seq=(last.seq + 1) if last else 1,
        # In UTC, as the database gives it back: the hash covers the time's text.
        at=now.astimezone(UTC).replace(microsecond=0),
        actor=actor.label,
        action=action,
        object=obj,
        area_id=area_id,
        details=details or {},
        prev_hash=last.entry_hash if last else GENESIS,
    )
    entry.entry_hash = _entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def _wait_for_the_chain_head(session: Session) -> None:
    """Let writers of the chain append one after the other, so that two officers acting at
    the same moment never read the same head (and collide on its `seq`).

    PostgreSQL: a transaction-scoped advisory lock, released at commit or rollback; the head
    is read after it is granted. SQLite: a write statement that changes nothing takes the
    database's single write lock (waiting up to busy_timeout) before the head is read.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_CHAIN_LOCK)))
    elif dialect == "sqlite":
        session.execute(
            update(AuditEntry).where(false()).values(seq=AuditEntry.seq),
            execution_options={"synchronize_session": False},
        )


def find_audit_breaks(session: Session) -> list[str]:
    """Every place where the chain is broken: an edited, inserted or deleted entry."""
    problems = []
    previous, expected_seq = GENESIS, 1
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if entry.seq != expected_seq:
            problems.append(f"entry {expected_seq} is missing (found {entry.seq})")
        if entry.prev_hash != previous:
            problems.append(f"entry {entry.seq} does not follow the entry before it")
        if _entry_hash(entry) != entry.entry_hash:
            problems.append(f"entry {entry.seq} was changed after it was written")
        previous, expected_seq = entry.entry_hash, entry.seq + 1
    return problems
