"""The election file (DESIGN §7): read, check every field, and name each problem.

The officer's web form builds the same dictionary and goes through the same checks.
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from ballot import tally
from ballot.services.errors import InvalidInput, Msg

LANGUAGES = ("de", "en", "tr", "ar")
METHODS = ("most-votes", "yes-no")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,78}$")
# Control characters (tab and line breaks aside) have no place in a name; PostgreSQL cannot
# even store NUL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A name, title or key is one line: on the ballot, the letter and `ballot election show`.
LINE_BREAK = re.compile(r"[\n\r\t\u2028\u2029]")
# A hurdle is a plain decimal: "10", "12.5". Exponents ("1e99999999") would make Fraction
# compute a number of a hundred million digits.
HURDLE = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,15})?$")
# The longest text each field may hold: the database column's length where it has one.
TITLE_LENGTH, NAME_LENGTH, LONG_TEXT = 300, 200, 2000
# The help contact is printed on every letter: what its column holds, as in the console's form.
HELP_CONTACT_LENGTH = 500
# Upper bounds well beyond any council, within the database's integers.
MOST_SEATS, OLDEST = 500, 120
# The years an election may fall in.
FIRST_YEAR, LAST_YEAR = 2000, 2999

ELECTION_KEYS = {
    "slug",
    "title",
    "area",
    "opens",
    "closes",
    "min_age",
    "languages",
    "resident_contests",
    "help_contact",
    "two_person_rule",
}
ELECTORATE_KEYS = {"key", "title"}
CONTEST_KEYS = {
    "key",
    "title",
    "description",
    "electorates",
    "method",
    "seats",
    "max_choices",
    "min_choices",
    "hurdle_percent",
    "quotas",
    "candidate",
}
CANDIDATE_KEYS = {"name", "description", "attributes"}
QUOTA_KEYS = {"attribute", "value", "min", "max"}


@dataclass(frozen=True)
class CandidateSpec:
    name: str
    description: str = ""
    attributes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ContestSpec:
    key: str
    title: str
    method: str
    seats: int
    max_choices: int
    min_choices: int
    hurdle_percent: str
    quotas: list
    electorates: list
    candidates: list
    description: str = ""


@dataclass(frozen=True)
class ElectionSpec:
    slug: str
    title: str
    area: str
    opens: datetime
    closes: datetime
    min_age: int
    languages: list
    resident_contests: list
    electorates: list  # of (key, title)
    contests: list
    help_contact: str = ""
    two_person_rule: bool = True


class _Problems:
    def __init__(self):
        self.items: list[str] = []
        self.complete = True

    def add(self, where: str, what: str, **params) -> None:
        # The field stays as written; the problem itself is translated on its own.
        self.items.append(Msg("{where}: {problem}", where=where, problem=Msg(what, **params)))

    def unknown_keys(self, where: str, table: dict, allowed: set) -> None:
        for key in sorted(set(table) - allowed):
            self.add(f"{where}.{key}", "unknown field")

    def text(
        self,
        where: str,
        table: dict,
        key: str,
        *,
        required=True,
        pattern=None,
        longest=None,
        lines=False,
    ) -> str:
        """A text field; only `lines` texts (descriptions, the help contact) may break lines."""
        value = table.get(key)
        if value is None:
            if required:
                self.add(f"{where}.{key}", "missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(f"{where}.{key}", "must be a non-empty text")
            return ""
        if pattern is not None and not pattern.match(value):
            self.out_of_rule(f"{where}.{key}", pattern, value)
        self.plain(f"{where}.{key}", value, longest or TITLE_LENGTH)
        if not lines and LINE_BREAK.search(value):
            self.add(f"{where}.{key}", "must be on one line")
        return value.strip()

    def out_of_rule(self, where: str, pattern: re.Pattern, value: str) -> None:
        """Name the whole rule: "'ab' may only hold a-z…" left the officer guessing."""
        if pattern is SLUG:
            self.add(
                where,
                "{value} must be 3 to 80 characters: a-z, 0-9 and '-', "
                "with a letter or digit first and last",
                value=repr(value),
            )
        else:
            self.add(
                where,
                "{value} must be 1 to 80 characters: a-z, 0-9, '-' and '_', "
                "with a letter or digit first",
                value=repr(value),
            )

    def plain(self, where: str, value: str, longest: int) -> None:
        """A text no longer than `longest` and without control characters."""
        if len(value) > longest:
            self.add(where, "longer than {n} characters", n=longest)
        if CONTROL.search(value):
            self.add(where, "contains a control character")

    def table(self, where: str, value) -> bool:
        if not isinstance(value, dict):
            self.add(where, "must be a table")
            return False
        return True

    def integer(
        self, where: str, table: dict, key: str, default=None, *, low=None, high=None
    ) -> int:
        value = table.get(key, default)
        if value is None:
            self.add(f"{where}.{key}", "missing")
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(f"{where}.{key}", "must be a whole number")
            return 0
        if low is not None and value < low:
            self.add(f"{where}.{key}", "must be at least {low} (is {value})", low=low, value=value)
        if high is not None and value > high:
            self.add(
                f"{where}.{key}", "must be at most {high} (is {value})", high=high, value=value
            )
            return high
        return value

    def moment(self, where: str, table: dict, key: str) -> datetime | None:
        value = table.get(key)
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                self.add(f"{where}.{key}", "{value} is not a date and time", value=repr(value))
                return None
        if not isinstance(value, datetime):
            self.add(f"{where}.{key}", "missing or not a date and time")
            return None
        if value.tzinfo is None:
            self.add(f"{where}.{key}", "needs a UTC offset, e.g. 2027-03-01T08:00:00+01:00")
            return None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:  # 0001 or 9999 cannot even be stored
            self.add(
                f"{where}.{key}",
                "{value} is not a plausible date (years {first} to {last})",
                value=value.isoformat(),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
            return None
        return value

    def string_list(self, where: str, table: dict, key: str, default: list) -> list:
        value = table.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(f"{where}.{key}", "must be a list of texts")
            return list(default)
        for twice in sorted({v for v in value if value.count(v) > 1}):
            self.add(f"{where}.{key}", "{value} is listed twice", value=repr(twice))
        return value


def one_spelling(text: str) -> str:
    """One spelling of a name, however it was typed or saved: the same letters, case and
    spaces aside, and without invisible characters (a soft hyphen or a zero-width space
    pasted from a web page), so that two names that look the same are the same."""
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", visible).casefold().split())


def ascii_digits(text: str) -> str:
    """Digits of any script (١٢٣ Arabic-Indic, １２３ full-width from a phone) as 0-9: the post,
    `date` and other programs reading the record read those only."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def decode_election_file(data: bytes) -> str:
    """The text of an uploaded election file; raise InvalidInput if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            Msg("The election file is not UTF-8 text."),
            problems=[Msg("byte {at}: not valid UTF-8 (save the file as UTF-8)", at=error.start)],
        ) from None


def parse_election_file(text: str) -> ElectionSpec:
    """Read an election file in TOML; raise InvalidInput naming every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(
            Msg("The election file is not valid TOML."), problems=[_toml_problem(str(error))]
        ) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively.
        raise InvalidInput(
            Msg("The election file is not valid TOML."),
            problems=[Msg("lists or tables are nested too deeply")],
        ) from None
    return check_election(data)


# tomllib's complaint: what, in English, then where ("line 6, column 11" or "end of document").
TOML_ERROR = re.compile(r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|.*)\)$")


def _toml_problem(text: str) -> Msg:
    """tomllib's complaint with the place, and the usual mistakes, in the officer's language."""
    match = TOML_ERROR.match(text)
    if match is None:
        return Msg("{problem}", problem=text)
    what = _toml_mistake(match["what"])
    if match["line"] is None:
        return Msg("at the end of the file: {problem}", problem=what)
    return Msg(
        "line {line}, column {column}: {problem}",
        line=int(match["line"]),
        column=int(match["column"]),
        problem=what,
    )


def _toml_mistake(what: str) -> Msg | str:
    """The mistakes an officer makes by hand in words; anything rarer as tomllib says it."""
    if what == "Cannot overwrite a value" or what.startswith(("Cannot declare", "Duplicate")):
        return Msg("this field or table is there already; each may appear only once")
    mistakes = {
        "Invalid value": Msg("the value cannot be read (a text needs quotation marks)"),
        "Unterminated string": Msg("a text lacks its closing quotation mark"),
        "Expected '=' after a key in a key/value pair": Msg("'=' is missing after the field name"),
        "Invalid date or datetime": Msg("not a valid date and time"),
        "Unclosed array": Msg("a list lacks its closing ']'"),
        "Expected newline or end of document after a statement": Msg(
            "the line goes on after its value (a text needs quotation marks)"
        ),
        "Unclosed inline table": Msg("a table in braces lacks its closing brace"),
    }
    return mistakes.get(what, what)


def check_election(data: dict, *, complete: bool = True) -> ElectionSpec:
    """Check an election dictionary. `complete=False` lets a draft in the console still lack
    contests or candidates; the key ceremony checks the complete election."""
    problems = _Problems()
    problems.complete = complete
    problems.unknown_keys("file", data, {"election", "electorate", "contest"})
    head = data.get("election")
    if not isinstance(head, dict):
        problems.add("election", "the [election] table is missing")
        head = {}
    problems.unknown_keys("election", head, ELECTION_KEYS)
    electorates = _check_electorates(problems, data.get("electorate"))
    electorate_keys = [key for key, _title in electorates]
    contests = _check_contests(problems, data.get("contest"), electorate_keys)
    spec = _check_head(problems, head, electorates, contests)
    if problems.items:
        raise InvalidInput(Msg("The election is not valid."), problems=problems.items)
    return spec


def check_voting_period(opens, closes) -> tuple[datetime, datetime]:
    """The voting period alone, checked as in the file: each a date and time with a UTC
    offset (or its ISO text), the close after the opening. Raise InvalidInput otherwise."""
    problems = _Problems()
    period = _check_period(problems, {"opens": opens, "closes": closes})
    if problems.items:
        raise InvalidInput(Msg("The voting period is not valid."), problems=problems.items)
    return period


def check_not_over(closes: datetime, now: datetime) -> None:
    """Refuse a closing time that has passed: such an election could never open."""
    if closes <= now:
        problems = _Problems()
        problems.add("election.closes", "has passed already; the election could never open")
        raise InvalidInput(Msg("The voting period is over already."), problems=problems.items)


def _check_period(problems: _Problems, head: dict) -> tuple:
    opens = problems.moment("election", head, "opens")
    closes = problems.moment("election", head, "closes")
    if opens and closes and opens >= closes:
        problems.add("election.closes", "must be after election.opens")
    return opens, closes


def _check_head(problems: _Problems, head: dict, electorates: list, contests: list):
    opens, closes = _check_period(problems, head)
    languages = problems.string_list("election", head, "languages", ["de"])
    for lang in languages:
        if lang not in LANGUAGES:
            problems.add(
                "election.languages", "{value} is not offered (de, en, tr, ar)", value=repr(lang)
            )
    if "de" not in languages:
        problems.add("election.languages", "German ('de') must be among the languages")
    residents = problems.string_list("election", head, "resident_contests", [])
    _check_residents(problems, residents, contests)
    two_person = head.get("two_person_rule", True)
    if not isinstance(two_person, bool):
        problems.add("election.two_person_rule", "must be true or false")
    min_age = problems.integer("election", head, "min_age", 16, low=0, high=OLDEST)
    return ElectionSpec(
        slug=problems.text("election", head, "slug", pattern=SLUG),
        title=problems.text("election", head, "title"),
        area=problems.text("election", head, "area", longest=NAME_LENGTH),
        opens=opens,
        closes=closes,
        min_age=min_age,
        languages=languages,
        resident_contests=residents,
        electorates=electorates,
        contests=contests,
        help_contact=problems.text(
            "election",
            head,
            "help_contact",
            required=False,
            longest=HELP_CONTACT_LENGTH,
            lines=True,
        ),
        two_person_rule=bool(two_person),
    )


def _check_residents(problems: _Problems, residents: list, contests: list) -> None:
    keys = {c.key for c in contests}
    for key in residents:
        if key not in keys:
            problems.add(
                "election.resident_contests", "no contest has the key {value}", value=repr(key)
            )
    if not residents or not contests:
        return
    check = tally.check_composition(
        [{"key": c.key, "seats": c.seats, "resident": c.key in residents} for c in contests]
    )
    if check["ok"]:
        return
    residents, total = check["resident_seats"], check["total_seats"]
    if not total:  # every contest's seats are refused already
        return
    problems.add(
        "election.resident_contests",
        "residents hold {residents} of {total} seats, not more than half (at least {least} needed)",
        residents=residents,
        total=total,
        least=total // 2 + 1,
    )


def _check_electorates(problems: _Problems, tables) -> list:
    if not isinstance(tables, list) or not tables:
        problems.add("electorate", "at least one [[electorate]] is needed")
        return []
    result, seen = [], set()
    for number, table in enumerate(tables, start=1):
        where = f"electorate[{number}]"
        if not problems.table(where, table):
            continue
        problems.unknown_keys(where, table, ELECTORATE_KEYS)
        key = problems.text(where, table, "key", pattern=KEY)
        if key in seen:
            problems.add(f"{where}.key", "{value} is used twice", value=repr(key))
        seen.add(key)
        result.append((key, problems.text(where, table, "title")))
    return result


def _check_contests(problems: _Problems, tables, electorate_keys: list) -> list:
    if not isinstance(tables, list) or not tables:
        if problems.complete or not isinstance(tables, (list, type(None))):
            problems.add("contest", "at least one [[contest]] is needed")
        return []
    result, seen = [], set()
    for number, table in enumerate(tables, start=1):
        if not problems.table(f"contest[{number}]", table):
            continue
        contest = check_contest(problems, f"contest[{number}]", table, electorate_keys)
        if contest.key in seen:
            problems.add(f"contest[{number}].key", "{value} is used twice", value=repr(contest.key))
        seen.add(contest.key)
        result.append(contest)
    return result


def check_contest(problems: _Problems, where: str, table: dict, electorate_keys: list):
    problems.unknown_keys(where, table, CONTEST_KEYS)
    method = table.get("method", "most-votes")
    if method not in METHODS:
        problems.add(
            f"{where}.method", "{value} is not one of most-votes, yes-no", value=repr(method)
        )
    candidates = _check_candidates(problems, where, table.get("candidate"))
    seats = problems.integer(where, table, "seats", low=1, high=MOST_SEATS)
    default_max = len(candidates) if method == "yes-no" else None
    max_choices = problems.integer(where, table, "max_choices", default_max, low=1, high=MOST_SEATS)
    min_choices = problems.integer(where, table, "min_choices", 0, low=0, high=MOST_SEATS)
    if problems.complete and max_choices > len(candidates):
        problems.add(
            f"{where}.max_choices",
            "is {value}, more than the {count} candidates",
            value=max_choices,
            count=len(candidates),
        )
    if min_choices > max_choices:
        problems.add(f"{where}.min_choices", "must not be more than max_choices")
    electorates = problems.string_list(where, table, "electorates", electorate_keys[:1])
    for key in electorates:
        if key not in electorate_keys:
            problems.add(
                f"{where}.electorates", "no electorate has the key {value}", value=repr(key)
            )
    hurdle = _check_hurdle(problems, where, table.get("hurdle_percent", 0))
    quotas = _check_quotas(problems, where, table.get("quotas", []), seats, candidates)
    return ContestSpec(
        key=problems.text(where, table, "key", pattern=KEY),
        title=problems.text(where, table, "title"),
        description=problems.text(
            where, table, "description", required=False, longest=LONG_TEXT, lines=True
        ),
        method=method,
        seats=seats,
        max_choices=max_choices,
        min_choices=min_choices,
        hurdle_percent=hurdle,
        quotas=quotas,
        electorates=electorates,
        candidates=candidates,
    )


def _check_hurdle(problems: _Problems, where: str, value) -> str:
    if isinstance(value, str):
        value = ascii_digits(value)
    if isinstance(value, bool) or not HURDLE.match(str(value)):
        problems.add(f"{where}.hurdle_percent", "{value} is not a number", value=repr(value))
        return "0"
    hurdle = Fraction(str(value))
    if not 0 <= hurdle < 100:
        problems.add(f"{where}.hurdle_percent", "must be between 0 and 100")
    return str(value)


def _check_candidates(problems: _Problems, where: str, tables) -> list:
    if not isinstance(tables, list) or not tables:
        if problems.complete or not isinstance(tables, (list, type(None))):
            problems.add(f"{where}.candidate", "at least one candidate is needed")
        return []
    result, seen = [], set()
    for number, table in enumerate(tables, start=1):
        here = f"{where}.candidate[{number}]"
        if not problems.table(here, table):
            continue
        problems.unknown_keys(here, table, CANDIDATE_KEYS)
        name = problems.text(here, table, "name", longest=NAME_LENGTH)
        spelling = one_spelling(str(name))
        if spelling in seen:  # "Ayşe Demir" and "ayşe demir" are one person to the voters
            problems.add(f"{here}.name", "{value} stands twice", value=repr(name))
        seen.add(spelling)
        attributes = table.get("attributes", {})
        if not isinstance(attributes, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in attributes.items()
        ):
            problems.add(f"{here}.attributes", "must map names to texts")
            attributes = {}
        description = problems.text(
            here, table, "description", required=False, longest=LONG_TEXT, lines=True
        )
        result.append(CandidateSpec(name=name, description=description, attributes=attributes))
    return result


def _check_quotas(problems: _Problems, where: str, quotas, seats: int, candidates: list):
    if not isinstance(quotas, list) or not all(isinstance(q, dict) for q in quotas):
        problems.add(
            f"{where}.quotas", "must be a list of tables with attribute, value, min and max"
        )
        return []
    for number, quota in enumerate(quotas, start=1):
        problems.unknown_keys(f"{where}.quotas[{number}]", quota, QUOTA_KEYS)
    if not problems.complete:
        return quotas
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        return quotas  # refused already; whether quotas can be met is asked of valid seats
    attributes = {c.name: c.attributes for c in candidates}
    for place, reason in tally.quota_problems(seats, attributes, quotas):
        # The counting rules keep each reason's template: it is said in the reader's language.
        # They count quotas from 0; an election file's tables are counted from 1.
        place = re.sub(r"\[(\d+)\]", lambda index: f"[{int(index[1]) + 1}]", place)
        problems.add(f"{where}.{place}", reason.template, **reason.params)
    return quotas


def election_to_data(election) -> dict:
    """The election as the dictionary of an election file, for editing and re-checking."""
    return {
        "election": {
            "slug": election.slug,
            "title": election.title,
            "area": election.area.name,
            "opens": election.opens,
            "closes": election.closes,
            "min_age": election.min_age,
            "languages": list(election.languages),
            "resident_contests": [c.key for c in election.contests if c.is_resident],
            "help_contact": election.help_contact,
            "two_person_rule": election.two_person_rule,
        },
        "electorate": [{"key": e.key, "title": e.title} for e in election.electorates],
        "contest": [_contest_to_data(c) for c in election.contests],
    }


def _contest_to_data(contest) -> dict:
    data = {
        "key": contest.key,
        "title": contest.title,
        "description": contest.description,
        "electorates": list(contest.electorate_keys),
        "method": contest.method,
        "seats": contest.seats,
        "max_choices": contest.max_choices,
        "min_choices": contest.min_choices,
        "hurdle_percent": contest.hurdle_percent,
        "quotas": [dict(q) for q in contest.quotas],
        "candidate": [
            {"name": c.name, "description": c.description, "attributes": dict(c.attributes)}
            for c in contest.candidates
        ],
    }
    return data
