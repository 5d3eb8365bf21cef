"""A curious officer with a console account: once a resident has voted, no re-issue, walk-in
letter or roll change gives anyone a second vote in that resident's name, and the attempt is
refused without changing a letter."""

from sqlalchemy import select

from ballot.models import USED, CodeLetter, RollEntry
from ballot.services import voting
from tests.attack.world import signed_in
from tests.conftest import TEST_SECRET
from tests.helpers import VOTING_DAY, make_officer, open_election_quickly, submit


def _letters(session) -> dict[int, str]:
    session.expire_all()
    return {letter.serial: letter.state for letter in session.scalars(select(CodeLetter))}


def test_a_voted_residents_code_cannot_be_reissued_or_replaced(app, session, clock):
    election, codes = open_election_quickly(session, clock(), secret_key=TEST_SECRET)
    officer = make_officer(session, "qm@example.org", election.area, secret_key=TEST_SECRET,
                           now=clock())  # fmt: skip
    session.commit()
    admission = voting.admit(session, code_text=codes["R0001"], secret_key=TEST_SECRET,
                             now=VOTING_DAY)  # fmt: skip
    voting.cast_ballot(session, admission=admission, marks={"bewohner": [0]}, now=VOTING_DAY)
    session.commit()
    clock.moment = VOTING_DAY
    used = session.scalars(select(CodeLetter).where(CodeLetter.state == USED)).one()
    before = _letters(session)
    client = signed_in(app, officer, clock)
    base = f"/console/elections/{election.slug}/letters"
    reissue = submit(client, f"{base}/reissue", {"r-serial": str(used.serial)}, page=base)
    walk_in = submit(client, f"{base}/walk-in", {"w-ref": "R0001"}, page=base)
    assert reissue.status_code == walk_in.status_code == 409
    assert "already been used" in reissue.get_data(as_text=True)
    assert _letters(session) == before
    entry = session.get(RollEntry, used.roll_entry_id)
    assert entry.has_voted and entry.ref == "R0001"
