"""Setting up an election and moving it through its states."""

from datetime import UTC, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ballot.models import (
    CLOSED,
    DRAFT,
    OPEN,
    Area,
    Candidate,
    CodeLetter,
    Contest,
    Election,
    Electorate,
    RollEntry,
    StoredBallot,
)
from ballot.services.actor import Actor
from ballot.services.areas import create_area, find_area, list_areas
from ballot.services.audit import write_audit
from ballot.services.election_spec import (
    ElectionSpec,
    check_not_over,
    check_voting_period,
    election_to_data,
)
from ballot.services.errors import InvalidInput, Msg, NotFound, WrongState, state_name
from ballot.services.permissions import (
    is_area_officer,
    officer_area_ids,
    require_election_officer,
)


def get_election(session: Session, slug: str) -> Election:
    election = session.scalars(select(Election).where(Election.slug == slug)).first()
    if election is None:
        raise NotFound(f"No election has the slug {slug!r}.")
    return election


LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout ran out
LOCK_WAIT_SECONDS = 10
"""How long an action waits for another one on the same election (a print run of thousands of
letters holds it for minutes) before it is refused with "try again"."""


def hold_election(session: Session, election: Election) -> None:
    """Hold the election's row until the transaction ends, so that a second print run or roll
    import (a double click, two officers) waits here and then sees what the first did; both at
    once drew the same serials or inserted the same refs and failed on the database; two
    presses on "Open" both opened. PostgreSQL locks the row, waiting at most LOCK_WAIT_SECONDS;
    on SQLite the write takes the one writer's lock (busy_timeout). The election is read again:
    another request may have changed it meanwhile, so callers check its state after this."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL lock_timeout = '{int(LOCK_WAIT_SECONDS)}s'"))
    try:
        session.execute(
            update(Election)
            .where(Election.id == election.id)
            .values(id=Election.id)
            .execution_options(synchronize_session=False)
        )
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        raise WrongState(
            Msg(
                "Another action on this election is still running, for example a print run. "
                "Please try again in a moment."
            )
        ) from None
    session.refresh(election)


def _area_for(session: Session, spec: ElectionSpec, actor: Actor, now: datetime) -> Area:
    area = find_area(session, spec.area)
    if area is not None:
        return area
    if actor.is_operator or (actor.account and actor.account.is_platform_admin):
        return create_area(session, name=spec.area, actor=actor, now=now)
    raise _not_an_area_of_yours(session, actor)


def _not_an_area_of_yours(session: Session, actor: Actor) -> InvalidInput:
    """An officer names an area they do not run: the same answer whether it exists or not."""
    names = sorted(
        area.name for area in list_areas(session) if area.id in officer_area_ids(session, actor)
    )
    return InvalidInput(
        Msg(
            "You can create elections only for an area you are an officer of: {areas}.",
            areas=", ".join(names),
        ),
        problems=[Msg("election.area: not one of your areas")],
    )


def _require_officer_of_new_elections(session: Session, actor: Actor, area: Area) -> None:
    """Only an officer of the area creates its elections (they run them afterwards). A platform
    admin who is not one is told so, rather than shown "Not found" for an area they can see."""
    if (
        actor.account
        and actor.account.is_platform_admin
        and not is_area_officer(session, actor, area.id)
    ):
        raise InvalidInput(
            Msg(
                "Elections of {area} are created by an officer of that area. Give the officer "
                "role there first (Accounts), to yourself or to someone else.",
                area=area.name,
            )
        )
    if not is_area_officer(session, actor, area.id):
        raise _not_an_area_of_yours(session, actor)


def _slug_taken(slug: str) -> InvalidInput:
    return InvalidInput(
        Msg("The slug is taken."),
        problems=[Msg("election.slug: {slug} exists already", slug=slug)],
    )


def create_election(session: Session, *, spec: ElectionSpec, actor: Actor, now: datetime):
    if session.scalars(select(Election.id).where(Election.slug == spec.slug)).first():
        raise _slug_taken(spec.slug)
    check_not_over(spec.closes, now)
    area = _area_for(session, spec, actor, now)
    _require_officer_of_new_elections(session, actor, area)
    election = Election(area_id=area.id, created_at=now, state=DRAFT)
    _apply_spec(election, spec)
    # The audit entry first: its write opens the transaction, so on SQLite (where pysqlite
    # begins one only before a write) the savepoint below nests in it instead of starting, and
    # on release committing, a transaction of its own.
    write_audit(
        session,
        actor=actor,
        action="election.create",
        obj=f"election:{spec.slug}",
        now=now,
        details={"title": spec.title},
        area_id=area.id,
    )
    try:
        with session.begin_nested():
            session.add(election)
            session.flush()
    except IntegrityError:
        # Another request (a double click) took the slug between the check above and now.
        raise _slug_taken(spec.slug) from None
    return election


def update_election(
    session: Session, *, election: Election, spec: ElectionSpec, actor: Actor, now: datetime
) -> Election:
    """Replace the set-up of a draft election (the console's edit form)."""
    require_election_officer(session, actor, election)
    hold_election(session, election)
    require_draft(election)
    if election.public_key:
        raise WrongState(Msg("The key ceremony is done; the ballot can no longer change."))
    if spec.slug != election.slug:
        raise InvalidInput(
            Msg("The slug cannot change."), problems=[Msg("election.slug: cannot change")]
        )
    if spec.area != election.area.name:
        raise InvalidInput(
            Msg("The area cannot change."), problems=[Msg("election.area: cannot change")]
        )
    if spec.closes != election.closes:
        check_not_over(spec.closes, now)
    before = election_to_data(election)
    election.electorates.clear()
    election.contests.clear()
    session.flush()
    _apply_spec(election, spec)
    session.flush()
    write_audit(
        session,
        actor=actor,
        action="election.update",
        obj=f"election:{election.slug}",
        now=now,
        details=_changes(before, election_to_data(election)),
        area_id=election.area_id,
    )
    return election


def change_voting_period(
    session: Session,
    *,
    election: Election,
    opens: datetime,
    closes: datetime,
    actor: Actor,
    now: datetime,
) -> Election:
    """Move the voting period of an election that has not opened, also after the key ceremony:
    the period is not part of the manifest, so the base hash and the share files stay valid."""
    require_election_officer(session, actor, election)
    hold_election(session, election)
    if election.state != DRAFT:
        raise WrongState(
            Msg(
                "The election is {state}; the voting period changes only before it opens.",
                state=state_name(election.state),
            )
        )
    opens, closes = check_voting_period(opens, closes)
    check_not_over(closes, now)
    before = election_to_data(election)
    election.opens, election.closes = opens, closes
    session.flush()
    write_audit(
        session,
        actor=actor,
        action="election.period",
        obj=f"election:{election.slug}",
        now=now,
        details=_changes(before, election_to_data(election)),
        area_id=election.area_id,
    )
    return election


# Fields the audit log names without their values: a help contact may name a person.
_NAMED_ONLY = {"help_contact"}


def _changes(before: dict, after: dict) -> dict:
    """What an update changed, for the audit log: {field: {"old": …, "new": …}} for the
    election's own fields; electorates and contests (candidates' names) only as "changed"."""
    changes = {}
    for name, old in before["election"].items():
        new = after["election"][name]
        if old != new:
            changes[name] = (
                "changed" if name in _NAMED_ONLY else {"old": _plain(old), "new": _plain(new)}
            )
    for part in ("electorate", "contest"):
        if before[part] != after[part]:
            changes[part] = "changed"
    return changes


def _plain(value):
    """A value as the audit log's JSON holds it: times in UTC, as ISO text."""
    return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else value


def _apply_spec(election: Election, spec: ElectionSpec) -> None:
    election.slug = spec.slug
    election.title = spec.title
    election.opens = spec.opens
    election.closes = spec.closes
    election.min_age = spec.min_age
    election.languages = list(spec.languages)
    election.help_contact = spec.help_contact
    election.two_person_rule = spec.two_person_rule
    election.electorates = [
        Electorate(key=key, title=title, position=n)
        for n, (key, title) in enumerate(spec.electorates)
    ]
    election.contests = [_contest(n, c, spec) for n, c in enumerate(spec.contests)]


def _contest(position: int, spec, election_spec: ElectionSpec) -> Contest:
    return Contest(
        key=spec.key,
        title=spec.title,
        description=spec.description,
        method=spec.method,
        seats=spec.seats,
        min_choices=spec.min_choices,
        max_choices=spec.max_choices,
        hurdle_percent=spec.hurdle_percent,
        quotas=list(spec.quotas),
        electorate_keys=list(spec.electorates),
        is_resident=spec.key in election_spec.resident_contests,
        position=position,
        candidates=[
            Candidate(
                name=c.name, description=c.description, attributes=dict(c.attributes), position=n
            )
            for n, c in enumerate(spec.candidates)
        ],
    )


def require_draft(election: Election) -> None:
    if election.state != DRAFT:
        raise WrongState(
            Msg(
                "The election is {state}; contests, candidates and the roll change only while "
                "it is in preparation.",
                state=state_name(election.state),
            )
        )


def election_figures(session: Session, election: Election) -> dict:
    """Counts for the console: the roll, letters and ballots (no choices, no order)."""

    def count(query) -> int:
        return session.scalar(query) or 0

    return {
        "eligible": count(select(func.count()).where(RollEntry.election_id == election.id)),
        "letters": count(select(func.count()).where(CodeLetter.election_id == election.id)),
        "voted": count(
            select(func.count()).where(
                RollEntry.election_id == election.id, RollEntry.has_voted.is_(True)
            )
        ),
        "ballots": count(select(func.count()).where(StoredBallot.election_id == election.id)),
    }


def open_election(session: Session, *, election: Election, actor: Actor, now: datetime):
    require_election_officer(session, actor, election)
    hold_election(session, election)
    if election.state != DRAFT:
        raise WrongState(
            Msg(
                "Only an election in preparation can open; it is {state}.",
                state=state_name(election.state),
            )
        )
    if not election.public_key:
        raise WrongState(Msg("Hold the key ceremony before the election opens."))
    if now >= election.closes:
        raise WrongState(Msg("The voting period is already over; change the closing time first."))
    election.state = OPEN
    write_audit(
        session,
        actor=actor,
        action="election.open",
        obj=f"election:{election.slug}",
        now=now,
        area_id=election.area_id,
    )
    return election


def close_election(session: Session, *, election: Election, actor: Actor, now: datetime):
    require_election_officer(session, actor, election)
    hold_election(session, election)
    if election.state != OPEN:
        raise WrongState(
            Msg("Only an open election can close; it is {state}.", state=state_name(election.state))
        )
    election.state = CLOSED
    write_audit(
        session,
        actor=actor,
        action="election.close",
        obj=f"election:{election.slug}",
        now=now,
        details={"early": now < election.closes},
        area_id=election.area_id,
    )
    return election


def list_elections(session: Session, area_ids: set[int] | None = None) -> list[Election]:
    query = select(Election).order_by(Election.opens.desc(), Election.slug)
    if area_ids is not None:
        query = query.where(Election.area_id.in_(area_ids))
    return list(session.scalars(query))


def accepts_ballots(election: Election, now: datetime) -> bool:
    return election.state == OPEN and election.opens <= now < election.closes
