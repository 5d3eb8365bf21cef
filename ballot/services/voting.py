"""A resident's vote: check the code, encrypt the choice, cast it once.

Casting is one transaction: the code's letter is marked used with a conditional UPDATE (and
locked with SELECT … FOR UPDATE on PostgreSQL), so a code casts at most one ballot even when
twenty requests race across workers. The plain choice and the nonces live only in memory while
the ballot is encrypted; the ballot is stored under a random id, with no time and no link to
the code or the voter.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ballot import box
from ballot.models import ISSUED, OPEN, REVOKED, USED, CodeLetter, Election, RollEntry, StoredBallot
from ballot.services.ceremony import election_manifest
from ballot.services.errors import InvalidInput, Msg, WrongState
from ballot.services.layout import ballot_layout
from ballot.services.letters import code_key_for
from ballot.tokens import CodeFormatError, hash_code, normalise_code


class CodeRefused(InvalidInput):
    """The code cannot open a ballot. `reason` says why, for the resident's message."""

    code = "code_refused"

    def __init__(
        self, reason: str, message: Msg, election: Election | None = None, problem: str = ""
    ):
        super().__init__(message)
        self.reason = reason
        self.election = election
        # For "format": what is wrong with the text ("length", "symbol" or "check").
        self.problem = problem


@dataclass(frozen=True)
class Admission:
    """A code that may vote now: which letter, election and contests."""

    letter_id: int
    election_id: int
    electorate: str


def find_letter(session: Session, code_text: str, secret_key: str):
    """The letter and election of a typed code, or raise CodeRefused (format or unknown)."""
    try:
        code = normalise_code(code_text)
    except CodeFormatError as error:
        problem = error.reason.value
        raise CodeRefused(
            "format", Msg("This is not a valid code: {problem}.", problem=problem), problem=problem
        ) from None
    elections = session.scalars(select(Election).where(Election.public_key.is_not(None))).all()
    hashes = {hash_code(code_key_for(e, secret_key), code): e for e in elections}
    if not hashes:
        raise CodeRefused("unknown", Msg("This code is unknown or no longer valid."))
    letter = session.scalars(select(CodeLetter).where(CodeLetter.code_hash.in_(hashes))).first()
    if letter is None:
        raise CodeRefused("unknown", Msg("This code is unknown or no longer valid."))
    return letter, hashes[letter.code_hash]


def admit(session: Session, *, code_text: str, secret_key: str, now: datetime) -> Admission:
    letter, election = find_letter(session, code_text, secret_key)
    check_letter_may_vote(letter, election, now)
    entry = session.get(RollEntry, letter.roll_entry_id)
    return Admission(letter_id=letter.id, election_id=election.id, electorate=entry.electorate_key)


def admitted_election(session: Session, admission: Admission, now: datetime) -> Election:
    """The election of an earlier admission, if its code may still vote now (it may have been
    used in another window or revoked since); else raise CodeRefused."""
    found = session.execute(
        select(CodeLetter, Election)
        .join(Election, CodeLetter.election_id == Election.id)
        .where(CodeLetter.id == admission.letter_id, Election.id == admission.election_id)
    ).first()
    if found is None:
        raise CodeRefused("unknown", Msg("This code is unknown or no longer valid."))
    letter, election = found
    check_letter_may_vote(letter, election, now)
    return election


def voting_phase(election: Election, now: datetime) -> str:
    """The election's state as voters meet it: an open election is "upcoming" before its
    opening time and "ended" from its closing time until an officer closes it."""
    if election.state != OPEN:
        return election.state
    if now < election.opens:
        return "upcoming"
    return "ended" if now >= election.closes else OPEN


def check_letter_may_vote(letter: CodeLetter, election: Election, now: datetime) -> None:
    if letter.state == REVOKED:
        raise CodeRefused("unknown", Msg("This code is unknown or no longer valid."), election)
    if letter.state == USED:
        raise CodeRefused("used", Msg("This code has already been used to vote."), election)
    phase = voting_phase(election, now)
    if phase in ("draft", "upcoming"):
        raise CodeRefused("not_open", Msg("Voting has not started yet."), election)
    if phase != OPEN:
        raise CodeRefused("closed", Msg("Voting has ended."), election)


def contests_for(election: Election, electorate: str) -> list:
    """The contests on the ballot of `electorate` (read-only views, see `layout`)."""
    return [c for c in ballot_layout(election).contests if electorate in c.electorate_keys]


def choices_vector(election: Election, electorate: str, marks: dict) -> dict:
    """Turn a resident's marks into the 0/1 selections of every contest, checking the limits.

    `marks` maps a contest key to a list of candidate positions (most-votes) or to a dict
    {position: "yes" | "no" | "abstain"} (yes-no). Contests outside the resident's electorate
    are encrypted as empty. Raises InvalidInput with one problem per contest.
    """
    problems, vector = [], {}
    allowed = {c.key for c in contests_for(election, electorate)}
    for contest in ballot_layout(election).contests:
        chosen = marks.get(contest.key) or ([] if contest.method != "yes-no" else {})
        if contest.key not in allowed:
            chosen = [] if contest.method != "yes-no" else {}
        if contest.method == "yes-no":
            vector[contest.key] = _yes_no_vector(contest, chosen, problems)
        else:
            vector[contest.key] = _crosses_vector(contest, chosen, problems, contest.key in allowed)
    if problems:
        raise InvalidInput(Msg("Please check your ballot."), problems=problems)
    return vector


def _crosses_vector(contest, positions, problems, required: bool) -> list[int]:
    count = len(contest.candidates)
    picked = set(positions)
    if len(picked) != len(positions) or not all(0 <= p < count for p in picked):
        problems.append(Msg("{contest}: a choice is not on the ballot.", contest=contest.title))
        return [0] * count
    if len(picked) > contest.max_choices:
        problems.append(
            Msg(
                "{contest}: you may choose at most {n}.",
                contest=contest.title,
                n=contest.max_choices,
            )
        )
    elif required and len(picked) < contest.min_choices:
        problems.append(
            Msg(
                "{contest}: please choose at least {n}.",
                contest=contest.title,
                n=contest.min_choices,
            )
        )
    return [1 if p in picked else 0 for p in range(count)]


def _yes_no_vector(contest, answers: dict, problems) -> list[int]:
    vector = []
    for position in range(len(contest.candidates)):
        answer = answers.get(position, "abstain")
        if answer not in ("yes", "no", "abstain"):
            problems.append(Msg("{contest}: a choice is not on the ballot.", contest=contest.title))
            answer = "abstain"
        vector += [int(answer == "yes"), int(answer == "no")]
    if any(p not in range(len(contest.candidates)) for p in answers):
        problems.append(Msg("{contest}: a choice is not on the ballot.", contest=contest.title))
    return vector


def _claim_letter(session: Session, letter_id: int) -> CodeLetter:
    """Mark the letter used exactly once; lock its row first where the database can."""
    query = select(CodeLetter).where(CodeLetter.id == letter_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    letter = session.scalars(query).one()
    claimed = session.execute(
        update(CodeLetter)
        .where(CodeLetter.id == letter_id, CodeLetter.state == ISSUED)
        .values(state=USED)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        session.refresh(letter)
        raise CodeRefused("used", Msg("This code has already been used to vote."))
    return letter


def _store_ballot(session: Session, election: Election, ballot: dict) -> str:
    tracker = box.tracker(ballot)
    session.add(
        StoredBallot(
            id=secrets.token_hex(16), election_id=election.id, tracker=tracker, content=ballot
        )
    )
    session.flush()
    return tracker


def cast_ballot(session: Session, *, admission: Admission, marks: dict, now: datetime) -> str:
    """Cast the resident's ballot; return its tracker (hex). The caller commits."""
    election = session.get(Election, admission.election_id)
    vector = choices_vector(election, admission.electorate, marks)
    letter = _claim_letter(session, admission.letter_id)
    check_letter_open(election, now)
    session.execute(
        update(RollEntry).where(RollEntry.id == letter.roll_entry_id).values(has_voted=True)
    )
    ballot = box.encrypt_ballot(
        ballot_layout(election).manifest or election_manifest(election), vector
    )
    del vector
    return _store_ballot(session, election, ballot)


def check_letter_open(election: Election, now: datetime) -> None:
    if voting_phase(election, now) != OPEN:
        raise WrongState(Msg("Voting has ended."))


def is_voting_code(text: str) -> bool:
    """Whether `text` is written like a voting code (its check symbol included), as happens when
    someone types the code from their letter where a tracker belongs."""
    try:
        normalise_code(text)
    except CodeFormatError:
        return False
    return True


def is_tracker(text: str) -> bool:
    """Whether `text` is written like a tracker, as happens when someone types the tracker they
    noted into the code field to check their vote."""
    try:
        box.normalise_tracker_display(text)
    except box.TrackerFormatError:
        return False
    return True


def find_tracker(session: Session, text: str) -> StoredBallot | None:
    """Look a tracker up by the 20 characters a voter was shown."""
    display = box.normalise_tracker_display(text)
    prefix = box.tracker_prefix(display)
    return session.scalars(
        select(StoredBallot).where(StoredBallot.tracker.startswith(prefix))
    ).first()
