"""Elections and clients for the form fuzzer: for each POST route, the person who may use it,
an election in the state where the route does its work, and a valid CSRF token."""

from ballot.models import ROLE_COMMITTEE
from ballot.services import accounts as account_service
from ballot.services import ceremony
from ballot.services.actor import operator_actor
from ballot.services.elections import close_election, open_election
from ballot.services.roll import import_roll
from tests.attack.world import World, build_world, page_token, route_values, signed_in
from tests.conftest import TEST_SECRET
from tests.helpers import (
    VOTING_DAY,
    csrf_token,
    enter_code,
    example_election,
    quick_ceremony,
    small_roll,
    store_codes,
    visit_id,
)

OPEN_SLUG, CLOSED_SLUG = "offen-2027", "gezaehlt-2027"


def _ready_election(session, now, slug: str, residents: int):
    """The example election under `slug`, its ceremony held and a code stored per resident."""
    election = example_election(session, now, **{"lindenhof-qr-2027": slug})
    actor = operator_actor("test")
    import_roll(session, election=election, data=small_roll(residents, 2), actor=actor, now=now)
    quick_ceremony(session, election, now, secret_key=TEST_SECRET)
    codes = store_codes(session, election, secret_key=TEST_SECRET)
    open_election(session, election=election, actor=actor, now=now)
    return election, codes


def open_world(session, now, residents: int):
    """An open election with a code for each of `residents` residents: (election, [codes])."""
    election, codes = _ready_election(session, now, OPEN_SLUG, residents)
    session.commit()
    return election, [codes[f"R{n:04d}"] for n in range(1, residents + 1)]


def closed_world(session, now, world: World):
    """A closed election whose count the world's committee member may run."""
    election, _codes = _ready_election(session, now, CLOSED_SLUG, 2)
    close_election(session, election=election, actor=operator_actor("test"), now=now)
    account_service.grant_role(session, account=world.committee, role=ROLE_COMMITTEE,
                               area_id=election.area_id, election_id=election.id,
                               actor=operator_actor("test"), now=now)  # fmt: skip
    session.commit()
    return election


def committee_seat(session, world: World, now) -> None:
    """The draft's committee: the world's member holds seat 1 of 1."""
    ceremony.set_up_trustees(session, election=world.election, threshold=1,
                             members=[("Member", world.committee.id)],
                             actor=operator_actor("test"), now=now)  # fmt: skip
    session.commit()


def invitation_token(session, now) -> str:
    _account, token = account_service.invite_account(
        session, email="new@example.org", name="New", secret_key=TEST_SECRET,
        actor=operator_actor("test"), now=now,
    )  # fmt: skip
    session.commit()
    return token


class Fuzzing:
    """What one route's fuzzing needs: its URL, a client and the CSRF token of its session."""

    def __init__(self, app, session, clock, endpoint: str, who: str):
        self.app, self.session, self.clock = app, session, clock
        self.world = build_world(session, clock())
        self.values = route_values(self.world)
        self.codes: list[str] = []
        self.visit = ""  # the admission id of the resident's ballot page
        self.client = self._client(who)
        self.token = page_token(self.client, "/console/" if who != "anonymous" else "/vote")
        if endpoint.startswith("vote."):
            self._prepare_voting()
        elif endpoint == "admin.count":
            self.values["slug"] = closed_world(session, clock(), self.world).slug
        elif endpoint == "auth.accept_invitation":
            self.values["token"] = invitation_token(session, clock())
        elif endpoint in ("admin.key_ceremony", "admin.ceremony_complete", "admin.share_download"):
            committee_seat(session, self.world, clock())

    def _client(self, who: str):
        if who == "anonymous":
            return self.app.test_client()
        return signed_in(self.app, getattr(self.world, who), self.clock)

    def _prepare_voting(self) -> None:
        election, self.codes = open_world(self.session, self.clock(), residents=40)
        self.values["slug"] = election.slug
        self.clock.moment = VOTING_DAY

    def admitted(self) -> None:
        """Make sure the resident holds an admission (a fuzzed cast may have used the last)."""
        if self.client.get("/vote/ballot").status_code == 200:
            return
        while self.codes:
            if enter_code(self.client, self.codes.pop()).status_code == 303:
                page = self.client.get("/vote/ballot").get_data(as_text=True)
                self.token, self.visit = csrf_token(page), visit_id(page)
                return
        raise AssertionError("the fuzzer ran out of codes")
