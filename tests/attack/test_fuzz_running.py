"""Fuzzing the console's forms of a running election: letters, committee, key ceremony, count,
open, close and publish (see fuzz.py)."""

import pytest

from tests.attack.fuzz import ROUTES, SETUP, fuzz_route

RUNNING = sorted(e for e in ROUTES if e.startswith("admin.") and not e.startswith(SETUP))


@pytest.mark.parametrize("endpoint", RUNNING)
def test_no_input_gets_a_server_error(app, session, clock, endpoint):
    fuzz_route(app, session, clock, endpoint)
