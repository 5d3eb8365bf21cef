"""Fuzzing the console's set-up forms: areas, accounts, elections, contests, candidates, the
roll (see fuzz.py)."""

import pytest

from tests.attack.fuzz import ROUTES, SETUP, fuzz_route


@pytest.mark.parametrize("endpoint", sorted(e for e in ROUTES if e.startswith(SETUP)))
def test_no_input_gets_a_server_error(app, session, clock, endpoint):
    fuzz_route(app, session, clock, endpoint)
