"""Small helpers shared by the console views."""

from flask import flash

from ballot.models import Election
from ballot.services import permissions
from ballot.services.elections import get_election
from ballot.services.errors import BallotError
from ballot.web.auth import current_actor
from ballot.web.context import db
from ballot.web.i18n import translated


def officer_election(slug: str) -> Election:
    """The election, if the current person is an officer of its area; else 404."""
    election = get_election(db(), slug)
    permissions.require_election_officer(db(), current_actor(), election)
    return election


def visible_election(slug: str) -> Election:
    """The election, for its area's officers and its committee members; else 404."""
    election = get_election(db(), slug)
    permissions.require_officer_or_committee(db(), current_actor(), election)
    return election


def flash_error(error: BallotError) -> None:
    flash(translated(error.message), "error")
    for problem in error.problems:
        flash(translated(problem), "error")
