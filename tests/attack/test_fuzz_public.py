"""Fuzzing the forms of residents and visitors: sign-in, invitation, the code, the ballot, the
review, the cast and the tracker look-up (see fuzz.py). Every POST route of the url_map is in
fuzz.ROUTES."""

import pytest

from tests.attack.fuzz import ROUTES, fuzz_route
from tests.attack.world import post_rules


def test_every_post_route_is_fuzzed(app):
    assert {rule.endpoint for rule in post_rules(app)} == set(ROUTES)


PUBLIC = ("auth.", "vote.", "public.")


@pytest.mark.parametrize("endpoint", sorted(e for e in ROUTES if e.startswith(PUBLIC)))
def test_no_input_gets_a_server_error(app, session, clock, endpoint):
    fuzz_route(app, session, clock, endpoint)
