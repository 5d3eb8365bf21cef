"""SQLAlchemy models, one file per aggregate."""

from ballot.models.account import (
    ROLE_COMMITTEE,
    ROLE_OFFICER,
    ROLES,
    Account,
    Invitation,
    RoleGrant,
)
from ballot.models.area import Area
from ballot.models.audit import AuditEntry
from ballot.models.box import CountOutput, PartialDecryption, StoredBallot, Trustee
from ballot.models.election import (
    CLOSED,
    COUNTED,
    DRAFT,
    OPEN,
    PUBLISHED,
    Candidate,
    Contest,
    Election,
    Electorate,
)
from ballot.models.letter import ISSUED, REVOKED, USED, CodeLetter, PrintBatch
from ballot.models.pending import PendingAction
from ballot.models.ratelimit import RateCounter
from ballot.models.roll import RollEntry

__all__ = [
    "CLOSED",
    "COUNTED",
    "DRAFT",
    "ISSUED",
    "OPEN",
    "PUBLISHED",
    "REVOKED",
    "ROLES",
    "ROLE_COMMITTEE",
    "ROLE_OFFICER",
    "USED",
    "Account",
    "Area",
    "AuditEntry",
    "Candidate",
    "CodeLetter",
    "Contest",
    "CountOutput",
    "Election",
    "Electorate",
    "Invitation",
    "PartialDecryption",
    "PendingAction",
    "PrintBatch",
    "RateCounter",
    "RoleGrant",
    "RollEntry",
    "StoredBallot",
    "Trustee",
]
