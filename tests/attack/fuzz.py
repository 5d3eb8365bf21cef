"""The form fuzzer: every POST route's fields, the values hypothesis draws for them, and one
run per route (see test_fuzz_*.py). No answer may be a 5xx."""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.attack.fuzz_world import Fuzzing
from tests.attack.world import build_url, post_rules

ELECTION = {"slug": "text", "title": "text", "area": "text", "opens": "text", "closes": "text",
            "min_age": "int", "languages": "multi", "help_contact": "text",
            "two_person_rule": "flag"}  # fmt: skip
CONTEST = {"key": "text", "title": "text", "description": "text", "method": "text",
           "seats": "int", "max_choices": "int", "min_choices": "int", "hurdle_percent": "text",
           "electorate": "text", "resident": "flag", "quotas": "text"}  # fmt: skip
MARKS = {"marks": "marks"}
# endpoint: (who uses it, {field: kind})
ROUTES = {
    "auth.login": ("anonymous", {"email": "text", "password": "text", "totp": "text"}),
    "auth.accept_invitation": ("anonymous", {"password": "text", "totp": "text"}),
    "auth.logout": ("officer", {}),
    "admin.accounts": ("admin", {"email": "text", "name": "text", "role": "text",
                                 "area": "int", "election": "int"}),
    "admin.account_active": ("admin", {}),
    "admin.areas": ("admin", {"name": "text", "district": "text", "office_address": "text",
                              "help_contact": "text"}),
    "admin.election_new": ("officer", {**{f"e-{k}": v for k, v in ELECTION.items()},
                                       "f-file": "file"}),
    "admin.election_edit": ("officer", ELECTION),
    "admin.election_action": ("officer", {}),
    "admin.election_confirm": ("admin", {}),
    "admin.contest_new": ("officer", CONTEST),
    "admin.contest_edit": ("officer", CONTEST),
    "admin.contest_delete": ("officer", {}),
    "admin.candidates": ("officer", {"name": "text", "description": "text", "attributes": "text"}),
    "admin.candidate_delete": ("officer", {}),
    "admin.roll_upload": ("officer", {"file": "file"}),
    "admin.letters_issue": ("officer", {}),
    "admin.letters_download": ("officer", {}),
    "admin.letters_reissue": ("officer", {"r-serial": "int"}),
    "admin.letters_walk_in": ("officer", {"w-ref": "text"}),
    "admin.trustees": ("officer", {"members": "multi", "threshold": "int"}),
    "admin.key_ceremony": ("committee", {"passphrase": "text", "confirm": "text"}),
    "admin.ceremony_complete": ("committee", {}),
    "admin.share_download": ("committee", {}),
    "admin.count": ("committee", {"share": "file", "passphrase": "text",
                                  "lot-lot_input": "text"}),
    "vote.start": ("anonymous", {"code": "text", "election": "text", "lang": "text"}),
    "vote.ballot": ("anonymous", MARKS),
    "vote.review": ("anonymous", MARKS),
    "vote.cast": ("anonymous", MARKS),
    "public.tracker": ("anonymous", {"t": "text", "lang": "text"}),
}  # fmt: skip
EXAMPLES_PER_ROUTE = 25
# The console's set-up routes (test_fuzz_setup.py); the other admin.* routes run an election.
SETUP = ("admin.account", "admin.areas", "admin.election_new", "admin.election_edit",
         "admin.contest", "admin.candidate", "admin.roll_upload")  # fmt: skip

# Values that get a form further than random text does.
PLAUSIBLE = ["R0001", "residents", "bewohner", "most-votes", "yes-no", "yes", "no", "abstain",
             "de", "y", "2027-03-01 08:00", "gender=f min 1", "gender=f", "1", "12"]  # fmt: skip
# Values that broke forms somewhere once: NUL (PostgreSQL refuses it), numbers beyond any
# column, exponents, markup, SQL, right-to-left and astral characters, line breaks.
HOSTILE = ["", " ", "\x00", "a\x00b", "-1", "9" * 30, "1e999999999", "NaN",
           "<script>alert(1)</script>", "' OR '1'='1", "\u202e\u0645\u0631", "ℌ𝔢𝔩𝔩𝔬 🗳️",
           "\r\n"]  # fmt: skip
texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.sampled_from(PLAUSIBLE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.builds(lambda ch, n: ch * n, st.characters(), st.integers(300, 60_000)),
)
KINDS = {
    "text": texts,
    "int": st.one_of(st.integers(min_value=-(2**40), max_value=2**40).map(str), texts),
    "flag": st.sampled_from(["y", "", "false", "on", "0"]),
    "multi": st.lists(texts, max_size=4),
    "file": st.tuples(st.binary(max_size=3000), st.text(max_size=30)),
}
MARK_NAMES = st.one_of(
    st.sampled_from(["cross.bewohner", "cross.einrichtungen", "answer.bewohner.0", "cross."]),
    st.from_regex(r"\A(cross|answer)\.[a-z0-9.-]{0,12}\Z"),
    st.text(max_size=12),
)
KINDS["marks"] = st.dictionaries(MARK_NAMES, st.one_of(texts, st.lists(texts, max_size=8)),
                                 max_size=6)  # fmt: skip


def _maybe(strategy):
    """A field that may be missing (None), or sent once or twice."""
    return st.one_of(st.none(), strategy, st.lists(strategy, min_size=2, max_size=2))


@st.composite
def form_bodies(draw, fields: dict):
    body = {}
    for name, kind in fields.items():
        if kind == "marks":
            body.update(draw(KINDS["marks"]))
            continue
        value = draw(_maybe(KINDS[kind]) if kind != "multi" else st.one_of(st.none(), KINDS[kind]))
        if value is not None:
            body[name] = value
    body.update(draw(st.dictionaries(st.text(max_size=10), texts, max_size=2)))
    return body


def _as_upload(body: dict, fields: dict) -> dict:
    """File fields become uploads, as a browser sends them."""
    sent = {}
    for name, value in body.items():
        if fields.get(name) == "file" and isinstance(value, tuple):
            value = (io.BytesIO(value[0]), value[1] or "file")
        elif fields.get(name) == "file" and isinstance(value, list):
            value = [(io.BytesIO(data), name or "file") for data, name in value]
        sent[name] = value
    return sent


def fuzz_route(app, session, clock, endpoint: str) -> None:
    """Post EXAMPLES_PER_ROUTE hypothesis-drawn bodies to `endpoint`; none may get a 5xx."""
    who, fields = ROUTES[endpoint]
    fuzzing = Fuzzing(app, session, clock, endpoint, who)
    rule = next(r for r in post_rules(app) if r.endpoint == endpoint)
    url = build_url(rule, fuzzing.values)

    @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(body=form_bodies(fields))
    def post(body):
        if endpoint.startswith("vote.") and endpoint != "vote.start":
            fuzzing.admitted()
        # The resident's own admission id, so that the marks are read (a fuzzed body may
        # still replace it).
        data = {"visit": fuzzing.visit, **_as_upload(body, fields), "csrf_token": fuzzing.token}
        response = fuzzing.client.post(url, data=data)
        assert response.status_code < 500, (endpoint, body, response.status_code)

    post()
